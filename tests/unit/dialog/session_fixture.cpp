#include "unit/dialog/session_fixture.hpp"

#include <gtest/gtest.h>

#include "dialtone/sip/sdp/offer_answer.hpp"
#include "unit/support/sip_builders.hpp"

namespace dialtone::test {

using message::HeaderId;
using message::Message;

dialog::UaConfig alice_config() {
    dialog::UaConfig c;
    c.aor = "sip:alice@example.com";
    c.display_name = "Alice";
    c.contact = "sip:alice@192.0.2.1:5060";
    c.via_sent_by = "192.0.2.1:5060";
    c.session_expires = 0;
    c.seed = 42;
    c.cnonce = [] { return std::string("0a4f113b"); };
    return c;
}

namespace {

Message finish(Message m, std::string_view body, const Headers& headers) {
    for (const auto& [name, value] : headers)
        m.add_header(name, value);
    if (!body.empty()) {
        m.set_body(body, "application/sdp");
    } else {
        m.set_body({});
    }
    return parse(m.to_string());
}

}  // namespace

Message reply(const Message& request, int status, std::string_view tag, std::string_view body,
              const Headers& headers) {
    Message r = make_response(request, status, tag);
    if (!tag.empty() && status > 100 && status < 300) {
        r.add_header(HeaderId::Contact, "<sip:bob@192.0.2.2:5060>");
    }
    return finish(std::move(r), body, headers);
}

std::string bob_answer(const Message& offer_carrier, bool hold) {
    auto offer = sdp::SessionDescription::parse(offer_carrier.body());
    EXPECT_TRUE(offer.ok());
    if (!offer.ok()) return {};
    sdp::AnswerOptions options;
    options.session_id = 7;
    options.session_version = 7;
    options.hold = hold;
    auto answer = sdp::make_answer(*offer, audio_caps("192.0.2.2", 6000), options);
    EXPECT_TRUE(answer.ok());
    return answer.ok() ? answer->sdp.to_string() : std::string();
}

std::string bob_offer(std::uint64_t version, std::string_view direction) {
    sdp::MediaCapabilities caps = audio_caps("192.0.2.2", 6000);
    if (direction == "sendonly") caps.streams[0].direction = sdp::Direction::SendOnly;
    if (direction == "inactive") caps.streams[0].direction = sdp::Direction::Inactive;
    return sdp::make_offer(caps, {9, version}).to_string();
}

Message bob_invite(std::string_view body, const Headers& headers) {
    RequestSpec spec;
    spec.method = "INVITE";
    spec.request_uri = "sip:alice@192.0.2.1:5060";
    spec.via = transport::Endpoint{transport::Transport::Udp, "192.0.2.2", 5060};
    spec.branch = "z9hG4bK-bob-1";
    spec.call_id = "bobcall";
    spec.from_tag = "b9";
    spec.extra_headers = "Contact: <sip:bob@192.0.2.2:5060>\r\n";
    return finish(make_request(spec), body, headers);
}

Message bob_in_dialog(const dialog::UserAgent& ua, dialog::CallHandle call, std::string_view method,
                      std::uint32_t cseq, std::string_view body, const Headers& headers) {
    const dialog::Dialog* d = ua.dialog(call);
    EXPECT_NE(d, nullptr);
    if (!d) return Message::response(500);
    static int branch = 100;
    Message m = Message::request(method, "sip:alice@192.0.2.1:5060");
    m.add_header(HeaderId::Via,
                 "SIP/2.0/UDP 192.0.2.2:5060;branch=z9hG4bK-bob-" + std::to_string(++branch));
    m.add_header(HeaderId::MaxForwards, "70");
    m.add_header(HeaderId::From, d->remote_uri());
    m.add_header(HeaderId::To, d->local_uri());
    m.add_header(HeaderId::CallId, d->id().call_id);
    m.add_header(HeaderId::CSeq, std::to_string(cseq) + " " + std::string(method));
    m.add_header(HeaderId::Contact, "<sip:bob@192.0.2.2:5060>");
    return finish(std::move(m), body, headers);
}

dialog::CallHandle established_uac(UaProbe& alice) {
    dialog::CallOptions options;
    options.target = "sip:bob@192.0.2.2:5060";
    options.media = audio_caps("192.0.2.1", 4000);
    dialog::CallHandle call;
    alice.input([&](auto& out) {
        auto h = alice.ua.invite(options, alice.now, out);
        EXPECT_TRUE(h.ok());
        if (h.ok()) call = *h;
    });
    const Message invite = alice.requests.at(0).request;
    alice.respond(0, reply(invite, 200, "b1", bob_answer(invite)));
    EXPECT_EQ(alice.acks.size(), 1u);
    EXPECT_EQ(alice.events_of<dialog::Answered>().size(), 1u);
    return call;
}

dialog::CallHandle established_uas(UaProbe& alice) {
    alice.receive(bob_invite(bob_offer()));
    auto incoming = alice.events_of<dialog::IncomingCall>();
    EXPECT_EQ(incoming.size(), 1u);
    if (incoming.empty()) return {};
    const dialog::CallHandle call = incoming[0].call;
    alice.input([&](auto& out) {
        EXPECT_EQ(alice.ua.answer(call, audio_caps("192.0.2.1", 4000), alice.now, out),
                  dialog::OpStatus::Ok);
    });
    alice.receive_ack(bob_in_dialog(alice.ua, call, "ACK", 1));
    EXPECT_EQ(alice.events_of<dialog::Answered>().size(), 1u);
    return call;
}

sdp::Direction first_direction(std::string_view sdp_body) {
    auto s = sdp::SessionDescription::parse(sdp_body);
    EXPECT_TRUE(s.ok());
    return s.ok() && !s->media.empty() ? s->media_direction(0) : sdp::Direction::SendRecv;
}

}  // namespace dialtone::test
