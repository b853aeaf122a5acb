#pragma once
// Addresses as the softphone's flags take them: "--registrar 192.0.2.1:5070" or
// "--outbound-proxy proxy.example.test" mean SIP URIs; written as URIs they stay as they are.

#include <optional>
#include <string>
#include <string_view>

namespace dialtone::ua {

// "host", "host:port", "[v6]:port", or a sip:/sips: URI, to a SIP URI; nullopt when the
// result does not parse as one.
std::optional<std::string> sip_uri_from_text(std::string_view text);

}  // namespace dialtone::ua
