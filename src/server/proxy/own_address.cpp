#include "server/proxy/own_address.hpp"

#include <algorithm>
#include <string>

#include "server/via_stamp.hpp"

namespace dialtone::server::proxy {

namespace {

bool iequals(std::string_view a, std::string_view b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
        auto low = [](char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; };
        return low(x) == low(y);
    });
}

std::uint16_t default_port(transport::Transport t) {
    return t == transport::Transport::Tls || t == transport::Transport::Wss ? 5061 : 5060;
}

std::string_view strip_brackets(std::string_view host) {
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
        return host.substr(1, host.size() - 2);
    return host;
}

}  // namespace

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

bool is_our_interface(const ProxyConfig& config, std::string_view host, std::uint16_t port) {
    host = strip_brackets(host);
    for (const Interface& i : config.interfaces) {
        const std::uint16_t ours = i.port == 0 ? default_port(i.transport) : i.port;
        const std::uint16_t theirs = port == 0 ? default_port(i.transport) : port;
        if (ours == theirs && same_ip(strip_brackets(i.host), host)) return true;
    }
    return false;
}

bool is_our_domain(const ProxyConfig& config, std::string_view host) {
    if (config.any_domain) return true;
    host = strip_brackets(host);
    for (const std::string& d : config.domains)
        if (iequals(d, host)) return true;
    for (const Interface& i : config.interfaces)
        if (same_ip(strip_brackets(i.host), host)) return true;
    return false;
}

bool names_our_domain(const ProxyConfig& config, const message::Uri& uri) {
    if (!uri.is_sip()) return false;
    const std::string_view host = strip_brackets(uri.host.text);
    for (const std::string& d : config.domains)
        if (iequals(d, host)) return true;
    return is_our_interface(config, uri.host.text, uri.has_port ? uri.port : 0);
}

bool is_our_uri(const ProxyConfig& config, const message::Uri& uri) {
    if (!uri.is_sip() || !uri.user.empty()) return false;
    if (is_our_interface(config, uri.host.text, uri.has_port ? uri.port : 0)) return true;
    if (uri.has_port) return false;
    for (const std::string& d : config.domains)
        if (iequals(d, strip_brackets(uri.host.text))) return true;
    return false;
}

}  // namespace dialtone::server::proxy
