// transaction/<side>/<method>/<transport>/<work>: one whole transaction through the RFC 3261
// §17 transaction layer per iteration, the way a stateful proxy drives it.
//
//  client: the TU starts a client transaction (send_request), the final response arrives
//          and is matched (on_message), and the transaction ends: Timer K (non-INVITE) or
//          Timer M (INVITE 2xx, RFC 6026) fired by hand on UDP, at once on TCP (K = 0; M
//          runs on every transport, so it is fired there too).
//  server: a request arrives (on_message, a new server transaction), the TU answers
//          (send_response), and the transaction ends: Timer J (non-INVITE) or Timer L
//          (INVITE 2xx) fired on UDP, at once on TCP for non-INVITE (J = 0).
//
//  work = full:  also the message work a proxy does around the layer on each transaction:
//                the client copies the received request, adds its Via with a new branch
//                and lowers Max-Forwards; responses and requests from the wire are parsed
//                from their bytes; the server TU builds its response from the request.
//  work = layer: only the layer's calls are timed; the messages are prepared in untimed
//                batches.
//
// Each thread owns its TransactionLayer (shared-nothing, DESIGN.md §2.5). Every iteration
// is checked: the TU must get exactly the deliveries a correct layer gives and the layer
// must end empty, or the benchmark reports an error instead of a timing and the binary
// exits non-zero.

#include <benchmark/benchmark.h>

#include <atomic>
#include <cstdio>
#include <cstring>
#include <deque>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "dialtone/sip/message/message.hpp"
#include "dialtone/sip/transaction/transaction_layer.hpp"

namespace dialtone::bench {
namespace {

using message::HeaderId;
using message::Message;
using transaction::Action;
using transaction::Instant;
using transaction::TimerName;
using transaction::TransactionLayer;
using transport::Endpoint;
using transport::Transport;

std::atomic<bool> g_failed{false};

void fail(benchmark::State& state, std::string why) {
    static thread_local std::deque<std::string> kept;  // SkipWithError keeps the pointer
    kept.push_back(std::move(why));
    state.SkipWithError(kept.back().c_str());
    g_failed = true;
}

enum class Side { Client, Server };
enum class Work { Full, Layer };

constexpr std::size_t kBranchLength = 23;  // "z9hG4bK" + 16 hex digits, as new_branch() makes
constexpr std::string_view kBranchMark = "z9hG4bK@@@@@@@@@@@@@@@@";

Endpoint peer(bool reliable, std::string ip, std::uint16_t port) {
    return {reliable ? Transport::Tcp : Transport::Udp, std::move(ip), port};
}

// A request as the proxy received it from upstream: what it copies and forwards.
std::string upstream_request(std::string_view method, bool reliable) {
    std::string r(method);
    r += " sip:bob@192.0.2.4:5060 SIP/2.0\r\n";
    r += reliable ? "Via: SIP/2.0/TCP" : "Via: SIP/2.0/UDP";
    r += " 192.0.2.1:5060;branch=";
    r += kBranchMark;
    r += ";rport=5060;received=192.0.2.1\r\n"
         "Max-Forwards: 70\r\n"
         "From: \"Alice\" <sip:alice@example.com>;tag=1928301774\r\n"
         "To: <sip:bob@example.com>\r\n"
         "Call-ID: a84b4c76e66710@pc33.example.com\r\n"
         "CSeq: 314159 ";
    r += method;
    r += "\r\nContact: <sip:alice@192.0.2.1:5060>\r\n"
         "User-Agent: bench\r\n"
         "Content-Length: 0\r\n\r\n";
    return r;
}

// The downstream's 200 to the proxy's forwarded request: the proxy's Via on top.
std::string downstream_ok(std::string_view method, bool reliable) {
    std::string r = "SIP/2.0 200 OK\r\n";
    r += reliable ? "Via: SIP/2.0/TCP" : "Via: SIP/2.0/UDP";
    r += " 192.0.2.10:5060;branch=";
    r += kBranchMark;
    r += reliable ? "\r\nVia: SIP/2.0/TCP" : "\r\nVia: SIP/2.0/UDP";
    r += " 192.0.2.1:5060;branch=z9hG4bKupstream;rport=5060;received=192.0.2.1\r\n"
         "From: \"Alice\" <sip:alice@example.com>;tag=1928301774\r\n"
         "To: <sip:bob@example.com>;tag=a6c85cf\r\n"
         "Call-ID: a84b4c76e66710@pc33.example.com\r\n"
         "CSeq: 314159 ";
    r += method;
    r += "\r\nContact: <sip:bob@192.0.2.4:5060>\r\n"
         "Content-Length: 0\r\n\r\n";
    return r;
}

// Writes `branch` over the placeholder in `text` (same length, so nothing moves).
void patch_branch(std::string& text, std::size_t at, std::string_view branch) {
    std::memcpy(text.data() + at, branch.data(), kBranchLength);
}

// The server TU's answer, as RFC 3261 §8.2.6 builds it.
Message answer(const Message& request, int status) {
    Message r = Message::response(status);
    for (std::size_t i = 0; i < request.slot_count(); ++i) {
        const message::HeaderSlot& s = request.slot(i);
        if (!s.removed && s.id == HeaderId::Via) r.add_header(HeaderId::Via, request.value_of(s));
    }
    r.add_header(HeaderId::From, request.header(HeaderId::From));
    std::string to(request.header(HeaderId::To));
    to += ";tag=uas-77";
    r.add_header(HeaderId::To, to);
    r.add_header(HeaderId::CallId, request.call_id());
    r.add_header(HeaderId::CSeq, request.header(HeaderId::CSeq));
    r.set_body({});
    return r;
}

struct Tally {
    std::uint64_t requests = 0;
    std::uint64_t responses = 0;
    std::uint64_t terminated = 0;
    std::uint64_t sends = 0;
    std::uint64_t other = 0;  // strays, timeouts, failures: none are expected
};

// Counts the TU-facing actions and returns the timer named `name`, if one was started.
bool scan(const std::vector<Action>& actions, Tally& tally, TimerName name,
          transaction::TimerId& timer) {
    bool found = false;
    for (const Action& a : actions) {
        if (const auto* s = std::get_if<transaction::StartTimer>(&a)) {
            if (s->id.name == name) {
                timer = s->id;
                found = true;
            }
        } else if (std::holds_alternative<transaction::Send>(a)) {
            ++tally.sends;
        } else if (std::holds_alternative<transaction::DeliverRequest>(a)) {
            ++tally.requests;
        } else if (std::holds_alternative<transaction::DeliverResponse>(a)) {
            ++tally.responses;
        } else if (std::holds_alternative<transaction::Terminated>(a)) {
            ++tally.terminated;
        } else if (!std::holds_alternative<transaction::CancelTimer>(a)) {
            ++tally.other;
        }
    }
    return found;
}

transaction::LayerConfig bench_config(int thread) {
    transaction::LayerConfig c;
    c.seed = 0x9e3779b97f4a7c15ULL * static_cast<std::uint64_t>(thread + 1);
    return c;
}

// One client transaction: send_request, the 200, the end timer.
template <bool kInvite, bool kReliable, Work kWork>
void client_transaction(benchmark::State& state) {
    const std::string_view method = kInvite ? "INVITE" : "OPTIONS";
    const TimerName end_timer = kInvite ? TimerName::M : TimerName::K;
    // Timer M runs on every transport; Timer K is zero on reliable ones.
    const bool fire_end_timer = kInvite || !kReliable;
    TransactionLayer layer(bench_config(state.thread_index()));
    const Endpoint downstream = peer(kReliable, "192.0.2.4", 5060);
    const std::string via_prefix =
        std::string(kReliable ? "SIP/2.0/TCP" : "SIP/2.0/UDP") + " 192.0.2.10:5060;branch=";

    auto received = Message::parse(upstream_request(method, kReliable));
    std::string ok_text = downstream_ok(method, kReliable);
    const std::size_t ok_branch_at = ok_text.find(kBranchMark);
    if (!received.ok() || ok_branch_at == std::string::npos) {
        fail(state, "bench messages do not parse");
        return;
    }

    std::vector<Action> actions;
    actions.reserve(16);
    Tally tally;
    Instant now = transaction::at_ms(1'000);
    std::uint64_t done = 0;
    bool ok = true;

    // Builds the forwarded request with a fresh branch and the downstream's 200 to it.
    auto prepare = [&](Message& request, Message& response) {
        const std::string branch = layer.new_branch();
        request = *received;
        request.push_via(via_prefix + branch);
        request.decrement_max_forwards();
        patch_branch(ok_text, ok_branch_at, branch);
        auto parsed = Message::parse(ok_text);
        if (!parsed.ok()) return false;
        response = std::move(*parsed);
        return true;
    };
    auto run = [&](Message&& request, Message&& response) {
        auto handle = layer.send_request(std::move(request), downstream, now, actions);
        if (!handle.ok()) return false;
        layer.on_message(std::move(response), downstream, now, actions);
        transaction::TimerId timer;
        const bool started = scan(actions, tally, end_timer, timer);
        actions.clear();
        if (fire_end_timer) {
            if (!started) return false;
            layer.on_timer(timer, now + layer.config().timers.t4, actions);
            scan(actions, tally, end_timer, timer);
            actions.clear();
        }
        now += transaction::Duration(1);
        ++done;
        return true;
    };

    if constexpr (kWork == Work::Full) {
        Message request = Message::response(200);
        Message response = Message::response(200);
        for (auto _ : state) {
            if (!prepare(request, response) || !run(std::move(request), std::move(response))) {
                ok = false;
                break;
            }
        }
    } else {
        constexpr std::size_t kBatch = 512;
        std::vector<Message> requests(kBatch, Message::response(200));
        std::vector<Message> responses(kBatch, Message::response(200));
        while (ok && state.KeepRunningBatch(kBatch)) {
            state.PauseTiming();
            for (std::size_t i = 0; i < kBatch && ok; ++i)
                ok = prepare(requests[i], responses[i]);
            state.ResumeTiming();
            for (std::size_t i = 0; i < kBatch && ok; ++i)
                ok = run(std::move(requests[i]), std::move(responses[i]));
        }
    }

    // A correct layer: one Send of the request, one delivery of the 200, one Terminated per
    // transaction, nothing else for the TU, and no transaction left behind.
    if (!ok) return fail(state, "a transaction did not run as RFC 3261 §17 says");
    if (tally.responses != done || tally.terminated != done || tally.sends != done ||
        tally.other != 0 || layer.size() != 0) {
        return fail(state, "wrong deliveries: " + std::to_string(tally.responses) + " responses, " +
                               std::to_string(tally.terminated) + " terminated, " +
                               std::to_string(tally.sends) + " sends for " + std::to_string(done) +
                               " transactions");
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(done));
}

// One server transaction: the request arrives, the TU answers 200, the end timer.
template <bool kInvite, bool kReliable, Work kWork>
void server_transaction(benchmark::State& state) {
    const std::string_view method = kInvite ? "INVITE" : "OPTIONS";
    const TimerName end_timer = kInvite ? TimerName::L : TimerName::J;
    const bool fire_end_timer = kInvite || !kReliable;  // L on every transport; J = 0 on TCP
    TransactionLayer layer(bench_config(state.thread_index()));
    const Endpoint upstream = peer(kReliable, "192.0.2.1", 5060);
    std::string request_text = upstream_request(method, kReliable);
    const std::size_t branch_at = request_text.find(kBranchMark);
    if (branch_at == std::string::npos || !Message::parse(request_text).ok()) {
        fail(state, "bench messages do not parse");
        return;
    }

    std::vector<Action> actions;
    actions.reserve(16);
    Tally tally;
    Instant now = transaction::at_ms(1'000);
    std::uint64_t done = 0;
    bool ok = true;
    std::uint64_t client_branch = 0;

    // The request from the wire, with a branch no earlier request used.
    auto arrive = [&](Message& request) {
        char branch[kBranchLength + 1];
        std::snprintf(branch, sizeof branch, "z9hG4bK%016llx",
                      static_cast<unsigned long long>(++client_branch));
        patch_branch(request_text, branch_at, branch);
        auto parsed = Message::parse(request_text);
        if (!parsed.ok()) return false;
        request = std::move(*parsed);
        return true;
    };
    auto run = [&](Message&& request, Message* prepared_answer) {
        layer.on_message(std::move(request), upstream, now, actions);
        const auto* delivered =
            actions.empty() ? nullptr : std::get_if<transaction::DeliverRequest>(&actions.back());
        if (delivered == nullptr) return false;
        const transaction::ServerHandle txn = delivered->txn;
        Message response = prepared_answer != nullptr ? std::move(*prepared_answer)
                                                      : answer(*delivered->request, 200);
        transaction::TimerId timer;
        scan(actions, tally, end_timer, timer);
        actions.clear();
        if (layer.send_response(txn, std::move(response), now, actions) !=
            transaction::ResponseResult::Sent) {
            return false;
        }
        const bool started = scan(actions, tally, end_timer, timer);
        actions.clear();
        if (fire_end_timer) {
            if (!started) return false;
            layer.on_timer(timer, now + layer.config().timers.transaction_timeout(), actions);
            scan(actions, tally, end_timer, timer);
            actions.clear();
        }
        now += transaction::Duration(1);
        ++done;
        return true;
    };

    if constexpr (kWork == Work::Full) {
        Message request = Message::response(200);
        for (auto _ : state) {
            if (!arrive(request) || !run(std::move(request), nullptr)) {
                ok = false;
                break;
            }
        }
    } else {
        constexpr std::size_t kBatch = 512;
        std::vector<Message> requests(kBatch, Message::response(200));
        std::vector<Message> answers(kBatch, Message::response(200));
        while (ok && state.KeepRunningBatch(kBatch)) {
            state.PauseTiming();
            for (std::size_t i = 0; i < kBatch && ok; ++i) {
                ok = arrive(requests[i]);
                if (ok) answers[i] = answer(requests[i], 200);
            }
            state.ResumeTiming();
            for (std::size_t i = 0; i < kBatch && ok; ++i)
                ok = run(std::move(requests[i]), &answers[i]);
        }
    }

    if (!ok) return fail(state, "a transaction did not run as RFC 3261 §17 says");
    // The INVITE gets no 100: the TU answers within 200 ms (the Trying timer is cancelled).
    if (tally.requests != done || tally.terminated != done || tally.sends != done ||
        tally.other != 0 || layer.size() != 0) {
        return fail(state, "wrong deliveries: " + std::to_string(tally.requests) + " requests, " +
                               std::to_string(tally.terminated) + " terminated, " +
                               std::to_string(tally.sends) + " sends for " + std::to_string(done) +
                               " transactions");
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(done));
}

#define DIALTONE_TXN_BENCH(fn, name)                                      \
    BENCHMARK_TEMPLATE(fn, false, false, Work::Full)                      \
        ->Name(std::string("transaction/") + name + "/OPTIONS/udp/full")  \
        ->Threads(1)                                                      \
        ->Threads(2);                                                     \
    BENCHMARK_TEMPLATE(fn, false, true, Work::Full)                       \
        ->Name(std::string("transaction/") + name + "/OPTIONS/tcp/full")  \
        ->Threads(1)                                                      \
        ->Threads(2);                                                     \
    BENCHMARK_TEMPLATE(fn, false, false, Work::Layer)                     \
        ->Name(std::string("transaction/") + name + "/OPTIONS/udp/layer") \
        ->Threads(1)                                                      \
        ->Threads(2);                                                     \
    BENCHMARK_TEMPLATE(fn, false, true, Work::Layer)                      \
        ->Name(std::string("transaction/") + name + "/OPTIONS/tcp/layer") \
        ->Threads(1)                                                      \
        ->Threads(2);                                                     \
    BENCHMARK_TEMPLATE(fn, true, false, Work::Full)                       \
        ->Name(std::string("transaction/") + name + "/INVITE/udp/full")   \
        ->Threads(1)                                                      \
        ->Threads(2);                                                     \
    BENCHMARK_TEMPLATE(fn, true, false, Work::Layer)                      \
        ->Name(std::string("transaction/") + name + "/INVITE/udp/layer")  \
        ->Threads(1)                                                      \
        ->Threads(2)

DIALTONE_TXN_BENCH(client_transaction, "client");
DIALTONE_TXN_BENCH(server_transaction, "server");

}  // namespace
}  // namespace dialtone::bench

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return dialtone::bench::g_failed ? 1 : 0;
}
