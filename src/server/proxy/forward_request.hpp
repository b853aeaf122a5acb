#pragma once
// Building the request a proxy forwards (RFC 3261 §16.6): a copy of the received request
// with the target as Request-URI, Max-Forwards decremented (70 when absent), our
// Record-Route for dialog-creating requests, the target's Route set (Path) on top, and,
// once the outbound interface is known (finish_forward), our Via.

#include <string>

#include "dialtone/sip/message/message.hpp"
#include "server/proxy/proxy_action.hpp"
#include "server/proxy/proxy_config.hpp"
#include "server/proxy/target_set.hpp"

namespace dialtone::server::proxy {

// Steps 1-7 of §16.6 for one target. `base` is the received request after §16.4.
// `record_route` is the policy; the Record-Route is added only to requests that can create
// a dialog (INVITE, SUBSCRIBE, REFER, NOTIFY without a To tag).
Forward build_forward(const message::Message& base, const Target& target, const Interface& inbound,
                      bool record_route);

// Steps 4 (second half) and 8: the Record-Route naming the outbound interface when it
// differs from the inbound one (a transport or address change, so each side's route set
// reaches us on its own side), and our Via. Returns the request ready to send.
message::Message finish_forward(Forward& forward, const Interface& outbound);

// "<sip:host:port;transport=tcp;lr>" (sips: for TLS when `sips`).
std::string record_route_value(const Interface& at, bool sips);
// "SIP/2.0/UDP host:port;branch=...".
std::string via_value(const Interface& at, std::string_view branch);

// Whether a request of this kind may create a dialog, hence is record-routed.
bool creates_dialog(const message::Message& request);

}  // namespace dialtone::server::proxy
