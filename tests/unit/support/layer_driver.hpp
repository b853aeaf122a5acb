#pragma once
// Runs a TransactionLayer on a SimClock the way the runtime will: every input is stamped with
// the clock's time, and every Action is carried out: StartTimer schedules on_timer on the
// clock, CancelTimer unschedules it, Send is recorded (and handed to a LoopNetwork when one
// is attached), and everything meant for the TU is recorded and handed to an optional TU
// callback that may answer at once (send_response from inside the callback is fine).
//
// Later layers' tests (dialog, proxy) drive their own TransactionLayer through this class.

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "dialtone/sip/message/message.hpp"
#include "dialtone/sip/transaction/action.hpp"
#include "dialtone/sip/transaction/transaction_layer.hpp"
#include "dialtone/sip/transport/endpoint.hpp"
#include "unit/support/sim_clock.hpp"

namespace dialtone::test {

// One Send action as carried out.
struct SentMessage {
    transaction::Instant at;
    transport::Endpoint destination;
    std::string bytes;
    transaction::TransactionRef txn;
    bool retransmission = false;

    // The bytes parsed back (a test failure, not a crash, when they do not parse).
    message::Message parsed() const;
    // "INVITE", "ACK", or the status code as text for a response ("100", "486").
    std::string what() const;
};

// Something the layer told the TU, with the time it happened.
struct TuEvent {
    transaction::Instant at;
    transaction::Action action;
};

class LayerDriver {
  public:
    LayerDriver(SimClock& clock, transport::Endpoint local, transaction::LayerConfig config = {});
    LayerDriver(const LayerDriver&) = delete;
    LayerDriver& operator=(const LayerDriver&) = delete;

    transaction::TransactionLayer& layer() { return layer_; }
    const transaction::TransactionLayer& layer() const { return layer_; }
    SimClock& clock() { return clock_; }
    const transport::Endpoint& local() const { return local_; }

    // --- inputs, all at clock().now() ---
    // Starts a client transaction; a refused request fails the calling test and returns an
    // empty handle.
    transaction::ClientHandle send_request(message::Message request,
                                           const transport::Endpoint& destination);
    transaction::ResponseResult send_response(transaction::ServerHandle txn,
                                              message::Message response);
    transaction::ResponseResult send_final_and_forget(transaction::ServerHandle txn,
                                                      message::Message response);
    void send_stateless(const message::Message& message, const transport::Endpoint& destination);
    void receive(message::Message message, const transport::Endpoint& source);
    // Parses `bytes` as a datagram (or whole stream message) and receives it; false when they
    // do not parse.
    bool receive_bytes(std::string_view bytes, const transport::Endpoint& source);
    void transport_error(const transaction::TransactionRef& txn);
    // Hands a timer to the layer now, whether or not it is scheduled: stale-timer tests.
    void fire_timer(const transaction::TimerId& timer);

    // --- what came out ---
    const std::vector<SentMessage>& sent() const { return sent_; }
    const std::vector<TuEvent>& tu_events() const { return tu_events_; }
    // Every timer the layer asked for, in order (cancelled ones included).
    const std::vector<transaction::StartTimer>& timers_started() const { return started_; }
    // Timers scheduled and neither fired nor cancelled.
    std::size_t timers_pending() const { return scheduled_.size(); }
    bool timer_pending(transaction::TimerName name) const;

    // Typed views of tu_events().
    std::vector<transaction::DeliverRequest> requests() const;
    std::vector<transaction::DeliverResponse> responses() const;
    std::vector<transaction::Stray> strays() const;
    std::vector<transaction::Timeout> timeouts() const;
    std::vector<transaction::TransportFailure> transport_failures() const;
    std::vector<transaction::Terminated> terminations() const;

    // Forget what was recorded so far (pending timers stay).
    void clear_records();

    // Called for every Send after it is recorded (a LoopNetwork sets this).
    std::function<void(const SentMessage&)> on_send;
    // Called for every TU event before it is recorded: a scripted TU.
    std::function<void(const TuEvent&)> on_tu;

  private:
    void execute(std::vector<transaction::Action>& actions);

    SimClock& clock_;
    transport::Endpoint local_;
    transaction::TransactionLayer layer_;
    std::vector<SentMessage> sent_;
    std::vector<TuEvent> tu_events_;
    std::vector<transaction::StartTimer> started_;
    std::unordered_map<transaction::TimerId, SimClock::EventId> scheduled_;
};

}  // namespace dialtone::test
