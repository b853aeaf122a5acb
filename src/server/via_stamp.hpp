#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dialtone::server {

// What a server does to the topmost Via of a request it received (RFC 3261 §18.2.1,
// RFC 3581 §4), so that the response finds its way back through NATs:
//  - `received=<source ip>` when sent-by is a domain name or an IP address other than the
//    packet's source, and always when the client asked for rport;
//  - `rport=<source port>` in place of a bare `rport`.
// `via_element` is one via-parm (not a comma list). Returns the edited via-parm, or
// nullopt when nothing needs to change or the via-parm does not parse. Parameters the
// client wrote are kept byte for byte.
std::optional<std::string> stamp_via(std::string_view via_element, std::string_view source_ip,
                                     std::uint16_t source_port);

// Whether two textual IP addresses name the same address ("::1" and "0:0:0:0:0:0:0:1"
// do); text that is not an IP address compares case-insensitively.
bool same_ip(std::string_view a, std::string_view b);

}  // namespace dialtone::server
