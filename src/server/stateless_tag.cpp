#include "server/stateless_tag.hpp"

#include <string_view>

#include "dialtone/sip/message/value_list.hpp"
#include "server/field_hash.hpp"

namespace dialtone::server {

std::string stateless_tag(const RequestEcho& request, std::uint64_t secret) {
    std::uint64_t h = kFieldHashStart ^ finalize_hash(secret);
    std::string_view top_via;
    if (!request.via_lines.empty()) {
        message::ValueListCursor cursor(request.via_lines.front());
        cursor.next(top_via);
    }
    h = mix_field(h, top_via);
    h = mix_field(h, request.call_id);
    h = mix_field(h, request.from);
    h = mix_field(h, request.cseq);
    h = finalize_hash(h ^ secret);

    static constexpr char kHex[] = "0123456789abcdef";
    std::string tag(16, '0');
    for (std::size_t i = 0; i < tag.size(); ++i)
        tag[i] = kHex[(h >> (60 - 4 * i)) & 0xf];
    return tag;
}

}  // namespace dialtone::server
