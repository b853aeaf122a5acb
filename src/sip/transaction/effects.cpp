#include "sip/transaction/effects.hpp"

#include <memory>
#include <string>
#include <utility>

namespace dialtone::transaction::detail {

// Every action is built in place in the caller's vector: no temporary variant is made and
// moved, which also keeps GCC 12 from a false -Wmaybe-uninitialized on variant moves.
template <class T, class... Args>
static void emit(std::vector<Action>& out, Args&&... args) {
    out.emplace_back(std::in_place_type<T>, T{std::forward<Args>(args)...});
}

void Effects::send(const Transaction& t, const Bytes& bytes, bool retransmission) {
    if (retransmission) ++stats_.retransmissions;
    emit<Send>(out_, t.ref(), t.peer, bytes, retransmission);
}

void Effects::start(Transaction& t, TimerName name, Duration d) {
    cancel(t, name);
    const std::uint32_t seq = ++t.timer_counter;
    t.timer_seq[static_cast<std::size_t>(name)] = seq;
    emit<StartTimer>(out_, TimerId{t.id(), name, seq}, d, now_ + d);
}

void Effects::cancel(Transaction& t, TimerName name) {
    std::uint32_t& seq = t.timer_seq[static_cast<std::size_t>(name)];
    if (seq == 0) return;
    emit<CancelTimer>(out_, TimerId{t.id(), name, seq});
    seq = 0;
}

void Effects::cancel_all(Transaction& t) {
    for (std::size_t i = 0; i < kTimerNameCount; ++i)
        cancel(t, static_cast<TimerName>(i));
}

void Effects::deliver_response(const Transaction& t, message::Message&& response) {
    emit<DeliverResponse>(out_, ClientHandle{t.id()}, std::move(response));
}

void Effects::deliver_request(const Transaction& t, RequestPtr request,
                              const transport::Endpoint& source, ServerHandle cancels) {
    emit<DeliverRequest>(out_, ServerHandle{t.id()}, std::move(request), source, cancels);
}

void Effects::timeout(const Transaction& t, TimerName timer) {
    ++stats_.timeouts;
    emit<Timeout>(out_, t.ref(), timer);
}

void Effects::transport_failure(const Transaction& t) {
    ++stats_.transport_failures;
    emit<TransportFailure>(out_, t.ref());
}

void Effects::terminated(const Transaction& t) {
    emit<Terminated>(out_, t.ref());
}

void Effects::stray(message::Message&& message, const transport::Endpoint& source,
                    StrayReason reason) {
    ++stats_.strays;
    emit<Stray>(out_, std::move(message), source, reason);
}

Bytes serialize(const message::Message& m) {
    auto bytes = std::make_shared<std::string>();
    m.append_to(*bytes);
    return bytes;
}

}  // namespace dialtone::transaction::detail
