#pragma once
// Test drivers for the UserAgent (src/sip/dialog):
//  - UaProbe feeds a UserAgent directly, standing in for the transaction layer: each
//    SendRequest gets a made-up client handle, timers run on a manual clock, and everything
//    else is recorded for the test to inspect and answer.
//  - UaNode runs a UserAgent on a LayerDriver (a real TransactionLayer on a SimClock) the
//    way user_agent.hpp tells a runtime to, for the simulated end-to-end tests.

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "dialtone/sip/dialog/user_agent.hpp"
#include "dialtone/sip/sdp/capabilities.hpp"
#include "unit/support/layer_driver.hpp"
#include "unit/support/sim_clock.hpp"

namespace dialtone::test {

// PCMU and PCMA with telephone-event at `address`:`port`.
sdp::MediaCapabilities audio_caps(std::string address, std::uint16_t port);

class UaProbe {
  public:
    explicit UaProbe(dialog::UaConfig config);

    dialog::UserAgent ua;
    transaction::Instant now = transaction::at_ms(0);

    // Everything the UserAgent asked for, in order, since the last clear().
    std::vector<dialog::SendRequest> requests;
    std::vector<transaction::ClientHandle> request_handles;  // parallel to `requests`
    std::vector<dialog::SendResponse> responses;
    std::vector<transaction::Instant> response_times;  // parallel to `responses`
    std::vector<dialog::SendAck> acks;
    std::vector<dialog::UaAction> events;  // application events only

    // Runs the actions of one input: binds requests, schedules timers, records the rest.
    void take(std::vector<dialog::UaAction>& out);
    // An input helper: calls `f(out)` then take(out).
    template <class F>
    void input(F&& f) {
        std::vector<dialog::UaAction> out;
        f(out);
        take(out);
    }

    // The peer answers request `index` with `response`.
    void respond(std::size_t index, const message::Message& response);
    // A request from the peer; returns the server handle it came on.
    transaction::ServerHandle receive(const message::Message& request,
                                      transaction::ServerHandle cancels = {});
    // An ACK for a 2xx arriving outside a transaction.
    void receive_ack(const message::Message& ack);
    // Moves the clock, firing due timers in order.
    void advance(transaction::Duration d);
    bool timer_pending() const { return !timers_.empty(); }

    template <class T>
    std::vector<T> events_of() const {
        std::vector<T> out;
        for (const dialog::UaAction& a : events)
            if (const T* v = std::get_if<T>(&a)) out.push_back(*v);
        return out;
    }
    // Requests sent with this method, in order.
    std::vector<message::Message> sent(std::string_view method) const;
    const message::Message& last_request() const { return requests.back().request; }
    void clear();

  private:
    std::uint32_t next_slot_ = 1;
    std::map<std::uint64_t, transaction::Instant> timers_;  // id -> due
};

// A UserAgent on a transaction layer on the simulated network.
class UaNode {
  public:
    UaNode(SimClock& clock, transport::Endpoint local, dialog::UaConfig config);

    LayerDriver driver;
    dialog::UserAgent ua;
    std::vector<dialog::UaAction> events;  // application events, in order

    // Carries out UserAgent actions as a runtime would.
    void run(std::vector<dialog::UaAction>& out);
    template <class F>
    void input(F&& f) {
        std::vector<dialog::UaAction> out;
        f(out);
        run(out);
    }
    template <class T>
    std::vector<T> events_of() const {
        std::vector<T> out;
        for (const dialog::UaAction& a : events)
            if (const T* v = std::get_if<T>(&a)) out.push_back(*v);
        return out;
    }
    // Called for every application event (auto-answer scripts).
    std::function<void(const dialog::UaAction&)> on_event;

  private:
    void on_tu(const TuEvent& e);
    std::map<std::uint64_t, SimClock::EventId> timers_;
};

}  // namespace dialtone::test
