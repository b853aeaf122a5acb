#pragma once
// What the proxy core asks its runtime to do (DESIGN.md §2.1). Every input of Proxy
// appends these to a vector the caller owns; the caller carries them out in order. See
// proxy.hpp for how a runtime drives the core.

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "dialtone/sip/message/message.hpp"
#include "dialtone/sip/transaction/handles.hpp"
#include "dialtone/sip/transaction/instant.hpp"
#include "dialtone/sip/transport/endpoint.hpp"
#include "server/proxy/proxy_config.hpp"

namespace dialtone::server::proxy {

// Names one outgoing branch of a request (§16.6): the runtime maps the client transaction
// it starts for a Forward to this id and reports that transaction's responses and failures
// with it. Never 0 for a stateful branch.
using BranchId = std::uint64_t;

// Where a forwarded request goes next (§16.6 steps 6-7).
struct NextHop {
    // Resolve this URI by RFC 3263 (§4: transport, port and addresses from NAPTR/SRV/A):
    // the top Route when the request carries one, else the Request-URI (the target).
    std::string uri;
    // When set, send here instead and skip resolution: a dial-plan target given as an
    // address, or the flow a binding was registered over (ProxyConfig::use_registration_source).
    std::optional<transport::Endpoint> endpoint;
};

// Forward a request (§16.6). Before sending, call finish_forward(forward, outbound) with
// the interface the message leaves by: it adds our Via (with `branch_param`, whose second
// half is the loop-detection hash, §16.6 step 8) and the second Record-Route when the
// outbound interface differs from the inbound one. Then:
//  - stateful (`server` set): start a client transaction for it (TransactionLayer::
//    send_request) and report that transaction's responses with on_response(branch, ...),
//    its Timeout / TransportFailure with on_branch_failure(branch, ...). When RFC 3263 gives
//    several destinations and the runtime fails over to the next, it must send a new
//    transaction with retry_branch(branch_param, attempt) as branch (RFC 3263 §4.3).
//  - stateless (`server` empty, `branch` 0): send it with TransactionLayer::send_stateless
//    (an ACK for a 2xx, a request of a stateless rule).
struct Forward {
    transaction::ServerHandle server;
    BranchId branch = 0;
    message::Message request;
    std::string branch_param;
    NextHop hop;
    // Where the request arrived; our Record-Route (if any) already names it.
    Interface inbound;
    bool record_routed = false;
};

// Answer on the server transaction (TransactionLayer::send_response): 100 Trying, a
// refusal, a forwarded provisional or final response, the best response (§16.7).
struct SendResponse {
    transaction::ServerHandle server;
    message::Message response;
};

// Send a response outside any transaction, to where its top Via says (§18.2.2): a 2xx
// retransmission of a branch whose context has ended, a response to a request that was
// forwarded statelessly (§16.11), a stateless refusal.
struct SendStatelessResponse {
    message::Message response;
};

// Cancel the client transaction of this branch (§9.1, §16.10): build the CANCEL from the
// transaction's request (transaction::make_cancel), send it in a client transaction of its
// own to the same destination, and discard the responses to that CANCEL. The core only asks
// once the branch has received a provisional response.
struct CancelBranch {
    BranchId branch = 0;
};

enum class TimerKind : std::uint8_t {
    C,         // §16.6 step 11 / §16.8: a branch without a final response
    NoAnswer,  // sequential forking: a group rang long enough
};

struct TimerId {
    BranchId branch = 0;
    TimerKind kind = TimerKind::C;
    std::uint32_t seq = 0;

    friend bool operator==(const TimerId&, const TimerId&) = default;
};

// Arm a timer; when due call Proxy::on_timer(id, ...). Stale timers are ignored there.
struct StartTimer {
    TimerId id;
    transaction::Duration duration{0};
    transaction::Instant due;
};

// The timer is no longer needed (optional: a stale timer that fires is ignored).
struct CancelTimer {
    TimerId id;
};

using Action = std::variant<Forward, SendResponse, SendStatelessResponse, CancelBranch, StartTimer,
                            CancelTimer>;

}  // namespace dialtone::server::proxy

template <>
struct std::hash<dialtone::server::proxy::TimerId> {
    std::size_t operator()(const dialtone::server::proxy::TimerId& t) const noexcept {
        return std::hash<std::uint64_t>{}(t.branch * 0x9e3779b97f4a7c15ULL ^
                                          (std::uint64_t{t.seq} << 8) ^
                                          static_cast<std::uint64_t>(t.kind));
    }
};
