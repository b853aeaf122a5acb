// What the softphone offers and answers with (RFC 3264 §5, RFC 3551 static payload types,
// RFC 4733 telephone-event): the only codecs the media layer speaks.

#include "ua/call_media.hpp"

#include <gtest/gtest.h>

namespace dialtone::ua {
namespace {

TEST(CallMediaCapabilities, G711AndTelephoneEventAtOurRtpPort_Rfc3264_5) {
    const sdp::MediaCapabilities caps = g711_capabilities("192.0.2.10", 40000, "dialtone");
    EXPECT_EQ(caps.address, "192.0.2.10");
    ASSERT_EQ(caps.streams.size(), 1u);
    const sdp::StreamCapabilities& audio = caps.streams[0];
    EXPECT_EQ(audio.media, "audio");
    EXPECT_EQ(audio.port, 40000);
    ASSERT_EQ(audio.codecs.size(), 2u);
    // PCMU first: what a peer that takes either should send us.
    EXPECT_EQ(audio.codecs[0].name, "PCMU");
    EXPECT_EQ(audio.codecs[0].payload_type, 0);
    EXPECT_EQ(audio.codecs[1].name, "PCMA");
    EXPECT_EQ(audio.codecs[1].payload_type, 8);
    ASSERT_EQ(audio.telephone_events.size(), 1u);
    EXPECT_EQ(audio.telephone_events[0].payload_type, 101);
    EXPECT_EQ(audio.ptime, 20u);
    EXPECT_EQ(audio.direction, sdp::Direction::SendRecv);
}

}  // namespace
}  // namespace dialtone::ua
