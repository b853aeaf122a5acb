#include "unit/dialog/ua_harness.hpp"

#include <gtest/gtest.h>

namespace dialtone::test {

using dialog::UaAction;

sdp::MediaCapabilities audio_caps(std::string address, std::uint16_t port) {
    sdp::MediaCapabilities caps;
    caps.address = std::move(address);
    sdp::StreamCapabilities audio;
    audio.codecs.push_back(*sdp::static_codec(0));
    audio.codecs.push_back(*sdp::static_codec(8));
    audio.telephone_events.push_back(sdp::TelephoneEventFormat{});
    audio.port = port;
    caps.streams.push_back(std::move(audio));
    return caps;
}

UaProbe::UaProbe(dialog::UaConfig config) : ua(std::move(config)) {}

void UaProbe::take(std::vector<UaAction>& out) {
    for (UaAction& a : out) {
        if (auto* r = std::get_if<dialog::SendRequest>(&a)) {
            transaction::ClientHandle h{transaction::TransactionId{next_slot_++, 1}};
            ua.on_request_started(r->token, h);
            requests.push_back(*r);
            request_handles.push_back(h);
        } else if (auto* s = std::get_if<dialog::SendResponse>(&a)) {
            responses.push_back(*s);
            response_times.push_back(now);
        } else if (auto* k = std::get_if<dialog::SendAck>(&a)) {
            acks.push_back(*k);
        } else if (auto* t = std::get_if<dialog::StartTimer>(&a)) {
            timers_[t->id.value] = t->due;
        } else if (auto* c = std::get_if<dialog::CancelTimer>(&a)) {
            timers_.erase(c->id.value);
        } else {
            events.push_back(std::move(a));
        }
    }
    out.clear();
}

void UaProbe::respond(std::size_t index, const message::Message& response) {
    ASSERT_LT(index, request_handles.size());
    transaction::DeliverResponse d{request_handles[index], response};
    input([&](auto& out) { ua.on_response(d, now, out); });
}

transaction::ServerHandle UaProbe::receive(const message::Message& request,
                                           transaction::ServerHandle cancels) {
    transaction::ServerHandle h{transaction::TransactionId{next_slot_++, 7}};
    transaction::DeliverRequest d{h, std::make_shared<const message::Message>(request),
                                  transport::Endpoint{transport::Transport::Udp, "192.0.2.2", 5060},
                                  cancels};
    input([&](auto& out) { ua.on_request(d, now, out); });
    return h;
}

void UaProbe::receive_ack(const message::Message& ack) {
    transaction::Stray s{ack, transport::Endpoint{transport::Transport::Udp, "192.0.2.2", 5060},
                         transaction::StrayReason::AckWithoutTransaction};
    input([&](auto& out) { ua.on_stray(s, now, out); });
}

void UaProbe::advance(transaction::Duration d) {
    const transaction::Instant end = now + d;
    for (;;) {
        auto next = timers_.end();
        for (auto it = timers_.begin(); it != timers_.end(); ++it) {
            if (it->second <= end && (next == timers_.end() || it->second < next->second))
                next = it;
        }
        if (next == timers_.end()) break;
        const dialog::UaTimerId id{next->first};
        now = next->second;
        timers_.erase(next);
        input([&](auto& out) { ua.on_timer(id, now, out); });
    }
    now = end;
}

std::vector<message::Message> UaProbe::sent(std::string_view method) const {
    std::vector<message::Message> out;
    for (const dialog::SendRequest& r : requests)
        if (r.request.method_text() == method) out.push_back(r.request);
    return out;
}

void UaProbe::clear() {
    requests.clear();
    request_handles.clear();
    responses.clear();
    response_times.clear();
    acks.clear();
    events.clear();
}

// ---------------------------------------------------------------- UaNode

UaNode::UaNode(SimClock& clock, transport::Endpoint local, dialog::UaConfig config)
    : driver(clock, std::move(local)), ua(std::move(config)) {
    driver.on_tu = [this](const TuEvent& e) { on_tu(e); };
}

void UaNode::on_tu(const TuEvent& e) {
    std::vector<UaAction> out;
    const transaction::Instant now = driver.clock().now();
    std::visit(
        [&](const auto& a) {
            using T = std::decay_t<decltype(a)>;
            if constexpr (std::is_same_v<T, transaction::DeliverRequest>) {
                ua.on_request(a, now, out);
            } else if constexpr (std::is_same_v<T, transaction::DeliverResponse>) {
                ua.on_response(a, now, out);
            } else if constexpr (std::is_same_v<T, transaction::Stray>) {
                ua.on_stray(a, now, out);
            } else if constexpr (std::is_same_v<T, transaction::Timeout>) {
                ua.on_timeout(a, now, out);
            } else if constexpr (std::is_same_v<T, transaction::TransportFailure>) {
                ua.on_transport_failure(a, now, out);
            } else if constexpr (std::is_same_v<T, transaction::Terminated>) {
                ua.on_terminated(a);
            }
        },
        e.action);
    run(out);
}

void UaNode::run(std::vector<UaAction>& out) {
    SimClock& clock = driver.clock();
    for (std::size_t i = 0; i < out.size(); ++i) {
        UaAction a = std::move(out[i]);
        if (auto* r = std::get_if<dialog::SendRequest>(&a)) {
            auto dest = dialog::literal_destination(r->next_hop, transport::Transport::Udp);
            ASSERT_TRUE(dest.has_value()) << r->next_hop;
            const transaction::ClientHandle h = driver.send_request(r->request, *dest);
            if (h) {
                ua.on_request_started(r->token, h);
            } else {
                std::vector<UaAction> more;
                ua.on_request_failed(r->token, clock.now(), more);
                run(more);
            }
        } else if (auto* s = std::get_if<dialog::SendResponse>(&a)) {
            driver.send_response(s->txn, s->response);
        } else if (auto* k = std::get_if<dialog::SendAck>(&a)) {
            auto dest = dialog::literal_destination(k->next_hop, transport::Transport::Udp);
            ASSERT_TRUE(dest.has_value()) << k->next_hop;
            // LayerDriver::send_stateless does not carry out the layer's Send actions, so the
            // ACK is sent through the layer here and handed to the network directly.
            std::vector<transaction::Action> sends;
            driver.layer().send_stateless(k->ack, *dest, sends);
            for (transaction::Action& sa : sends) {
                if (auto* send = std::get_if<transaction::Send>(&sa); send && driver.on_send) {
                    driver.on_send(SentMessage{clock.now(), send->destination, *send->bytes,
                                               send->txn, false});
                }
            }
        } else if (auto* t = std::get_if<dialog::StartTimer>(&a)) {
            const dialog::UaTimerId id = t->id;
            timers_[id.value] = clock.schedule(t->due, [this, id] {
                timers_.erase(id.value);
                std::vector<UaAction> more;
                ua.on_timer(id, driver.clock().now(), more);
                run(more);
            });
        } else if (auto* c = std::get_if<dialog::CancelTimer>(&a)) {
            auto it = timers_.find(c->id.value);
            if (it != timers_.end()) {
                clock.cancel(it->second);
                timers_.erase(it);
            }
        } else {
            events.push_back(a);
            if (on_event) on_event(a);
        }
    }
    out.clear();
}

}  // namespace dialtone::test
