#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "media/rtp_packet.hpp"
#include "media/rtp_sender.hpp"
#include "media/telephone_event.hpp"
#include "media/telephone_event_decoder.hpp"
#include "media/telephone_event_encoder.hpp"

namespace dialtone::media {
namespace {

using Bytes = std::vector<std::uint8_t>;

// RFC 4733 §2.3: event, E bit, R bit, 6-bit volume, 16-bit duration, network order.
TEST(TelephoneEvent, Rfc4733_2_3_PayloadLayout) {
    const auto p = write_telephone_event(TelephoneEvent{11, true, 13, 0x0320});
    EXPECT_EQ(p, (std::array<std::uint8_t, 4>{11, 0x80 | 13, 0x03, 0x20}));
    auto back = parse_telephone_event(p);
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, (TelephoneEvent{11, true, 13, 0x0320}));
}

// §2.3.3: the R bit is reserved; receivers ignore it.
TEST(TelephoneEvent, Rfc4733_2_3_3_ReservedBitIgnored) {
    const Bytes p = {5, 0x40 | 10, 0, 160};
    auto e = parse_telephone_event(p);
    ASSERT_TRUE(e);
    EXPECT_FALSE(e->end);
    EXPECT_EQ(e->volume, 10);
}

TEST(TelephoneEvent, ShortPayloadIsAnError) {
    EXPECT_FALSE(parse_telephone_event(Bytes{1, 2, 3}));
}

// §3.2: DTMF digits 0-9 are events 0-9, * is 10, # is 11, A-D are 12-15.
TEST(TelephoneEvent, Rfc4733_3_2_DtmfEventCodes) {
    const std::string digits = "0123456789*#ABCD";
    for (std::size_t i = 0; i < digits.size(); ++i) {
        EXPECT_EQ(dtmf_event_code(digits[i]), i) << digits[i];
        EXPECT_EQ(dtmf_digit(static_cast<std::uint8_t>(i)), digits[i]);
    }
    EXPECT_EQ(dtmf_event_code('c'), 14);
    EXPECT_FALSE(dtmf_event_code('E'));
    EXPECT_FALSE(dtmf_event_code('\0'));
    EXPECT_FALSE(dtmf_digit(16));
}

std::vector<TelephoneEventPacket> drain(TelephoneEventEncoder& e) {
    std::vector<TelephoneEventPacket> out;
    while (auto p = e.next()) {
        out.push_back(*p);
        if (out.size() > 1000) break;
    }
    return out;
}

// §2.5.1.2: one timestamp for the whole event, the marker on its first packet, the
// duration growing by a packet interval each update; §2.5.1.4: the final report (E bit,
// final duration) three times.
TEST(TelephoneEventEncoder, Rfc4733_2_5_1_PacketsOfOneEvent) {
    TelephoneEventEncoder enc(160);
    enc.start(5, 123456, 800, 10);
    const auto packets = drain(enc);
    ASSERT_EQ(packets.size(), 4u + 3u);
    const std::vector<std::uint16_t> durations = {160, 320, 480, 640, 800, 800, 800};
    for (std::size_t i = 0; i < packets.size(); ++i) {
        EXPECT_EQ(packets[i].timestamp, 123456u);
        EXPECT_EQ(packets[i].marker, i == 0);
        EXPECT_EQ(packets[i].event.event, 5);
        EXPECT_EQ(packets[i].event.volume, 10);
        EXPECT_EQ(packets[i].event.duration, durations[i]) << i;
        EXPECT_EQ(packets[i].event.end, i >= 4) << i;
        EXPECT_EQ(parse_telephone_event(packets[i].payload).value(), packets[i].event);
    }
    EXPECT_FALSE(enc.active());
}

TEST(TelephoneEventEncoder, StopEndsWithTheDurationSoFar) {
    TelephoneEventEncoder enc(160);
    enc.start(1, 0, 8000);
    ASSERT_TRUE(enc.next());
    ASSERT_TRUE(enc.next());
    enc.stop();
    const auto rest = drain(enc);
    ASSERT_EQ(rest.size(), 3u);
    for (const auto& p : rest) {
        EXPECT_TRUE(p.event.end);
        EXPECT_EQ(p.event.duration, 320);
        EXPECT_FALSE(p.marker);
    }
}

// A duration that is not a whole number of packets ends exactly at it.
TEST(TelephoneEventEncoder, DurationNotAMultipleOfThePacketInterval) {
    TelephoneEventEncoder enc(160);
    enc.start(0, 0, 400);
    const auto packets = drain(enc);
    ASSERT_EQ(packets.size(), 2u + 3u);
    EXPECT_EQ(packets[1].event.duration, 320);
    EXPECT_EQ(packets[2].event.duration, 400);
    EXPECT_TRUE(packets[2].event.end);
}

// §2.5.1.3: the 16-bit duration cannot exceed 0xFFFF; longer events are capped there.
TEST(TelephoneEventEncoder, Rfc4733_2_5_1_3_DurationCappedAtSixteenBits) {
    TelephoneEventEncoder enc(160);
    enc.start(0, 0, 100000);
    const auto packets = drain(enc);
    EXPECT_EQ(packets.back().event.duration, 0xffff);
    EXPECT_TRUE(packets.back().event.end);
}

// The encoder's packets, sent as RTP and parsed back, as a receiver sees them.
std::vector<Bytes> as_rtp(TelephoneEventEncoder& enc, RtpSender& sender) {
    std::vector<Bytes> wire;
    while (auto p = enc.next()) {
        Bytes b;
        sender.write_packet(101, p->timestamp, p->marker, p->payload, b);
        wire.push_back(std::move(b));
    }
    return wire;
}

std::string decode_all(TelephoneEventDecoder& dec, const std::vector<Bytes>& wire,
                       std::vector<ReceivedEvent>* events = nullptr) {
    std::string digits;
    for (const Bytes& b : wire) {
        auto p = parse_rtp(b);
        EXPECT_TRUE(p);
        if (!p) continue;
        if (auto e = dec.on_packet(p->header.timestamp, p->payload)) {
            digits += e->digit.value_or('?');
            if (events) events->push_back(*e);
        }
    }
    return digits;
}

// §2.5.2: updates and the three final reports of one key press are one digit.
TEST(TelephoneEventDecoder, Rfc4733_2_5_2_EachDigitReportedOnce) {
    TelephoneEventEncoder enc(160);
    RtpSender sender(1, 100, 8000);
    std::vector<Bytes> wire;
    std::uint32_t ts = 8000;
    for (char d : std::string("1#9D*0")) {
        enc.start(*dtmf_event_code(d), ts, 800);
        auto packets = as_rtp(enc, sender);
        wire.insert(wire.end(), packets.begin(), packets.end());
        ts += 1600;
    }
    TelephoneEventDecoder dec;
    std::vector<ReceivedEvent> events;
    EXPECT_EQ(decode_all(dec, wire, &events), "1#9D*0");
    ASSERT_EQ(events.size(), 6u);
    EXPECT_EQ(events[0].timestamp, 8000u);
    EXPECT_EQ(events[1].timestamp, 9600u);
    EXPECT_EQ(events[0].volume, 10);
    EXPECT_FALSE(events[0].ended);
}

// The same digit pressed twice is two events: the timestamp tells them apart.
TEST(TelephoneEventDecoder, RepeatedDigitWithNewTimestampIsANewEvent) {
    TelephoneEventEncoder enc(160);
    RtpSender sender(1, 0, 0);
    std::vector<Bytes> wire;
    enc.start(7, 1000, 480);
    auto first = as_rtp(enc, sender);
    enc.start(7, 3000, 480);
    auto second = as_rtp(enc, sender);
    wire.insert(wire.end(), first.begin(), first.end());
    wire.insert(wire.end(), second.begin(), second.end());
    TelephoneEventDecoder dec;
    EXPECT_EQ(decode_all(dec, wire), "77");
}

// Losing the first packets (the marker included) still yields the digit; a final report
// that comes late, after the next event began, is not a new digit.
TEST(TelephoneEventDecoder, LossAndReorderingDoNotDuplicateOrDropDigits) {
    TelephoneEventEncoder enc(160);
    RtpSender sender(1, 0, 0);
    enc.start(3, 1000, 800);
    auto three = as_rtp(enc, sender);
    enc.start(4, 3000, 800);
    auto four = as_rtp(enc, sender);

    std::vector<Bytes> wire;
    wire.insert(wire.end(), three.begin() + 2, three.end() - 1);  // first two lost
    wire.insert(wire.end(), four.begin(), four.begin() + 2);
    wire.push_back(three.back());  // late final report of '3'
    wire.insert(wire.end(), four.begin() + 2, four.end());
    TelephoneEventDecoder dec;
    EXPECT_EQ(decode_all(dec, wire), "34");
}

TEST(TelephoneEventDecoder, OnlyTheFinalReportsArriving) {
    TelephoneEventEncoder enc(160);
    RtpSender sender(1, 0, 0);
    enc.start(11, 500, 800);
    auto all = as_rtp(enc, sender);
    std::vector<Bytes> wire(all.end() - 2, all.end());
    TelephoneEventDecoder dec;
    std::vector<ReceivedEvent> events;
    EXPECT_EQ(decode_all(dec, wire, &events), "#");
    ASSERT_EQ(events.size(), 1u);
    EXPECT_TRUE(events[0].ended);
    EXPECT_EQ(events[0].duration, 800);
}

TEST(TelephoneEventDecoder, MalformedPayloadIsCountedNotReported) {
    TelephoneEventDecoder dec;
    EXPECT_FALSE(dec.on_packet(1, Bytes{1, 2}));
    EXPECT_EQ(dec.malformed(), 1u);
}

TEST(TelephoneEventDecoder, NonDtmfEventsAreReportedWithoutADigit) {
    TelephoneEventDecoder dec;
    auto e = dec.on_packet(1, write_telephone_event(TelephoneEvent{36, false, 0, 160}));  // fax CED
    ASSERT_TRUE(e);
    EXPECT_EQ(e->event, 36);
    EXPECT_FALSE(e->digit);
}

}  // namespace
}  // namespace dialtone::media
