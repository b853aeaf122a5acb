#include "ua/uri_text.hpp"

#include <cctype>

#include "dialtone/sip/message/uri.hpp"

namespace dialtone::ua {

std::optional<std::string> sip_uri_from_text(std::string_view text) {
    std::string uri(text);
    const auto lower_prefix = [&](std::string_view p) {
        if (uri.size() < p.size()) return false;
        for (std::size_t i = 0; i < p.size(); ++i)
            if (static_cast<char>(std::tolower(static_cast<unsigned char>(uri[i]))) != p[i])
                return false;
        return true;
    };
    if (!lower_prefix("sip:") && !lower_prefix("sips:")) uri = "sip:" + uri;
    auto parsed = message::parse_uri(uri, false);
    if (!parsed || !parsed->is_sip() || parsed->host.empty()) return std::nullopt;
    return uri;
}

}  // namespace dialtone::ua
