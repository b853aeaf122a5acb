#include "dialtone/sip/transport/dns_query.hpp"

namespace dialtone::transport {

std::string normalize_dns_name(std::string_view name) {
    if (!name.empty() && name.back() == '.') name.remove_suffix(1);
    std::string out(name);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

}  // namespace dialtone::transport
