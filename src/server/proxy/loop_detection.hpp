#pragma once
// Loop detection (RFC 3261 §16.3 step 4) with the branch of §16.6 step 8: the branch this
// proxy writes is "z9hG4bK" + 16 hex digits unique to the transaction + "." + 16 hex digits
// hashing the fields that decide where the request goes. When a request comes back with a
// Via of ours, the hash is computed again: the same value means nothing that routes it has
// changed, a loop (482); a different one means it was retargeted elsewhere and came back
// on purpose, a spiral, which is forwarded.
//
// The hash covers the Request-URI, the From tag, Call-ID, the CSeq number, the Route set,
// and the Via of the previous hop (the one below ours: the request as we received it).
// It leaves out three fields §16.6 suggests: Proxy-Require and Proxy-Authorization, which
// in this proxy never change where a request goes (an unknown Proxy-Require is refused,
// credentials only allow or refuse), and the To tag. A CANCEL carries neither header (§9.1)
// and the ACK of a non-2xx carries the To tag the INVITE lacked (§17.1.1.3), yet both must
// hash like their INVITE so a stateless forward (§16.11) gives them the INVITE's branch.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "dialtone/sip/message/message.hpp"
#include "server/field_hash.hpp"
#include "server/proxy/proxy_config.hpp"

namespace dialtone::server::proxy {

// The loop-detection hash of `request` as received from the hop whose Via is `previous_hop`.
std::uint64_t loop_hash(const message::Message& request, std::string_view previous_hop_via,
                        std::uint64_t secret);

// "z9hG4bK" + hex(unique) + "." + hex(loop).
std::string make_branch(std::uint64_t unique, std::uint64_t loop);
// The loop half of a branch this proxy made, or nullopt when the branch is not of that form.
std::optional<std::uint64_t> branch_loop_part(std::string_view branch);
// The branch for the attempt-th retry of a branch to another RFC 3263 destination: a new
// unique half, the same loop half.
std::string retry_branch(std::string_view branch, unsigned attempt);

enum class LoopVerdict : std::uint8_t { None, Spiral, Loop };

// Looks for Vias of ours in `request` (after §16.4 Route pre-processing) and checks each
// one's loop half against the request as it now stands.
LoopVerdict detect_loop(const message::Message& request, const ProxyConfig& config);

// The text of the topmost Via element ("" when there is none).
std::string_view top_via_text(const message::Message& request);

}  // namespace dialtone::server::proxy
