#include "unit/support/layer_driver.hpp"

#include <gtest/gtest.h>

#include <type_traits>
#include <utility>
#include <variant>

namespace dialtone::test {

using transaction::Action;
using transaction::TimerId;

message::Message SentMessage::parsed() const {
    auto m = message::Message::parse(bytes);
    EXPECT_TRUE(m.ok()) << "sent bytes do not parse: " << bytes;
    return m.ok() ? std::move(*m) : message::Message::response(500);
}

std::string SentMessage::what() const {
    const message::Message m = parsed();
    if (m.is_request()) return std::string(m.method_text());
    return std::to_string(m.status());
}

LayerDriver::LayerDriver(SimClock& clock, transport::Endpoint local,
                         transaction::LayerConfig config)
    : clock_(clock), local_(std::move(local)), layer_(config) {}

transaction::ClientHandle LayerDriver::send_request(message::Message request,
                                                    const transport::Endpoint& destination) {
    std::vector<Action> actions;
    auto handle = layer_.send_request(std::move(request), destination, clock_.now(), actions);
    EXPECT_TRUE(handle.ok()) << (handle.ok() ? "" : handle.error().description());
    execute(actions);
    return handle.ok() ? *handle : transaction::ClientHandle{};
}

transaction::ResponseResult LayerDriver::send_response(transaction::ServerHandle txn,
                                                       message::Message response) {
    std::vector<Action> actions;
    const auto result = layer_.send_response(txn, std::move(response), clock_.now(), actions);
    execute(actions);
    return result;
}

transaction::ResponseResult LayerDriver::send_final_and_forget(transaction::ServerHandle txn,
                                                               message::Message response) {
    std::vector<Action> actions;
    const auto result =
        layer_.send_final_and_forget(txn, std::move(response), clock_.now(), actions);
    execute(actions);
    return result;
}

void LayerDriver::send_stateless(const message::Message& message,
                                 const transport::Endpoint& destination) {
    std::vector<Action> actions;
    layer_.send_stateless(message, destination, actions);
    execute(actions);
}

void LayerDriver::receive(message::Message message, const transport::Endpoint& source) {
    std::vector<Action> actions;
    layer_.on_message(std::move(message), source, clock_.now(), actions);
    execute(actions);
}

bool LayerDriver::receive_bytes(std::string_view bytes, const transport::Endpoint& source) {
    message::ParseOptions options;
    options.datagram = source.transport == transport::Transport::Udp;
    auto m = message::Message::parse(bytes, options);
    if (!m.ok()) return false;
    receive(std::move(*m), source);
    return true;
}

void LayerDriver::transport_error(const transaction::TransactionRef& txn) {
    std::vector<Action> actions;
    layer_.on_transport_error(txn, clock_.now(), actions);
    execute(actions);
}

void LayerDriver::fire_timer(const TimerId& timer) {
    std::vector<Action> actions;
    layer_.on_timer(timer, clock_.now(), actions);
    execute(actions);
}

bool LayerDriver::timer_pending(transaction::TimerName name) const {
    for (const auto& [id, event] : scheduled_)
        if (id.name == name) return true;
    return false;
}

void LayerDriver::execute(std::vector<Action>& actions) {
    for (Action& action : actions) {
        if (auto* send = std::get_if<transaction::Send>(&action)) {
            sent_.push_back(SentMessage{clock_.now(), send->destination, *send->bytes, send->txn,
                                        send->retransmission});
            if (on_send) on_send(sent_.back());
        } else if (auto* start = std::get_if<transaction::StartTimer>(&action)) {
            started_.push_back(*start);
            const TimerId id = start->id;
            scheduled_[id] = clock_.schedule(start->due, [this, id] {
                scheduled_.erase(id);
                fire_timer(id);
            });
        } else if (auto* cancel = std::get_if<transaction::CancelTimer>(&action)) {
            auto it = scheduled_.find(cancel->id);
            if (it != scheduled_.end()) {
                clock_.cancel(it->second);
                scheduled_.erase(it);
            }
        } else {
            // Recorded before the TU sees it, so what the TU does in reply is recorded after.
            tu_events_.push_back(TuEvent{clock_.now(), std::move(action)});
            if (on_tu) {
                const TuEvent copy = tu_events_.back();  // the TU's replies may grow the vector
                on_tu(copy);
            }
        }
    }
}

namespace {

template <class T>
std::vector<T> collect(const std::vector<TuEvent>& events) {
    std::vector<T> out;
    for (const TuEvent& e : events)
        if (const T* v = std::get_if<T>(&e.action)) out.push_back(*v);
    return out;
}

}  // namespace

std::vector<transaction::DeliverRequest> LayerDriver::requests() const {
    return collect<transaction::DeliverRequest>(tu_events_);
}
std::vector<transaction::DeliverResponse> LayerDriver::responses() const {
    return collect<transaction::DeliverResponse>(tu_events_);
}
std::vector<transaction::Stray> LayerDriver::strays() const {
    return collect<transaction::Stray>(tu_events_);
}
std::vector<transaction::Timeout> LayerDriver::timeouts() const {
    return collect<transaction::Timeout>(tu_events_);
}
std::vector<transaction::TransportFailure> LayerDriver::transport_failures() const {
    return collect<transaction::TransportFailure>(tu_events_);
}
std::vector<transaction::Terminated> LayerDriver::terminations() const {
    return collect<transaction::Terminated>(tu_events_);
}

void LayerDriver::clear_records() {
    sent_.clear();
    tu_events_.clear();
    started_.clear();
}

}  // namespace dialtone::test
