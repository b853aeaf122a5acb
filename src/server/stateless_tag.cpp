#include "server/stateless_tag.hpp"

#include <string_view>

#include "dialtone/sip/message/value_list.hpp"

namespace dialtone::server {

namespace {

// FNV-1a over the fields, each followed by a separator so ("ab","c") != ("a","bc").
// Not a cryptographic MAC; it only has to be stable per request and differ between them.
std::uint64_t mix(std::uint64_t h, std::string_view field) {
    for (char c : field) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001b3ULL;
    }
    h ^= 0xff;
    h *= 0x100000001b3ULL;
    return h;
}

// splitmix64 finalizer: spreads the secret and the FNV state over all output bits.
std::uint64_t finalize(std::uint64_t x) {
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

}  // namespace

std::string stateless_tag(const RequestEcho& request, std::uint64_t secret) {
    std::uint64_t h = 0xcbf29ce484222325ULL ^ finalize(secret);
    std::string_view top_via;
    if (!request.via_lines.empty()) {
        message::ValueListCursor cursor(request.via_lines.front());
        cursor.next(top_via);
    }
    h = mix(h, top_via);
    h = mix(h, request.call_id);
    h = mix(h, request.from);
    h = mix(h, request.cseq);
    h = finalize(h ^ secret);

    static constexpr char kHex[] = "0123456789abcdef";
    std::string tag(16, '0');
    for (std::size_t i = 0; i < tag.size(); ++i)
        tag[i] = kHex[(h >> (60 - 4 * i)) & 0xf];
    return tag;
}

}  // namespace dialtone::server
