#include "store/user_address.hpp"

#include "dialtone/sip/message/host.hpp"
#include "dialtone/sip/message/uri.hpp"

namespace dialtone::store {

std::optional<UserAddress> make_user_address(std::string_view user, std::string_view domain,
                                             std::string& error) {
    const std::string shown = std::string(user) + "@" + std::string(domain);
    if (user.empty()) {
        error = "empty user in '" + shown + "'";
        return std::nullopt;
    }
    if (domain.empty()) {
        error = "empty domain in '" + shown + "'";
        return std::nullopt;
    }
    if (user.find_first_of("%@:") != std::string_view::npos) {
        error = "user '" + std::string(user) + "' may not contain '%', '@' or ':'";
        return std::nullopt;
    }
    if (message::classify_host(domain) == message::HostKind::None) {
        error = "'" + std::string(domain) + "' is not a valid domain (host name or IP address, " +
                "no port)";
        return std::nullopt;
    }
    const std::string uri_text = "sip:" + shown;
    const auto uri = message::parse_uri(uri_text, false);
    if (!uri || uri->user != user || uri->has_password || uri->host.text != domain) {
        error = "'" + std::string(user) + "' is not a valid SIP user part";
        return std::nullopt;
    }
    UserAddress out;
    out.user = std::string(user);
    out.domain.reserve(domain.size());
    for (char c : domain)
        out.domain.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
    return out;
}

std::optional<UserAddress> parse_user_address(std::string_view text, std::string& error) {
    if (text.size() >= 4 && (text.substr(0, 4) == "sip:" || text.substr(0, 4) == "SIP:")) {
        text.remove_prefix(4);
    }
    const std::size_t at = text.find('@');
    if (at == std::string_view::npos) {
        error = "no '@' in '" + std::string(text) + "': write user@domain";
        return std::nullopt;
    }
    return make_user_address(text.substr(0, at), text.substr(at + 1), error);
}

}  // namespace dialtone::store
