// The statistics lines a softphone prints: our counts, RFC 3550 §6.4.1 figures from the
// peer's reports, and the problems line only when there is a problem.

#include "ua/media_report.hpp"

#include <gtest/gtest.h>

namespace dialtone::ua {
namespace {

TEST(MediaReport, PrintsCountsAndWhatThePeerReported_Rfc3550_6_4_1) {
    MediaEndpointStatistics s;
    s.remote_rtp = "127.0.0.1:40000";
    s.stream.rtp.ssrc = 0xdeadbeef;
    s.stream.rtp.packets_sent = 250;
    s.stream.rtp.octets_sent = 40000;
    s.stream.rtp.remote_ssrc = 0x1234;
    s.stream.rtp.packets_received = 240;
    s.stream.rtp.packets_expected = 250;
    s.stream.rtp.packets_lost = 10;
    s.stream.rtp.loss_percent = 4;
    s.stream.rtp.peer_report = media::PeerReport{1.5, 2, 1000, 3.25, {}};
    s.stream.peer_received = 248;
    s.stream.rtp.peer_sender_report = media::PeerSenderReport{251, 40160, {}};
    const std::string text = format_media_statistics(s);
    EXPECT_NE(text.find("rtp sent: 250 packets, 40000 octets (ssrc deadbeef, to 127.0.0.1:40000)"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("rtp received: 240 packets"), std::string::npos) << text;
    EXPECT_NE(text.find("loss: 10 of 250 (4.00%)"), std::string::npos) << text;
    EXPECT_NE(text.find("peer sr: sent 251 packets, 40160 octets"), std::string::npos) << text;
    EXPECT_NE(text.find("peer report: received 248 packets, lost 2 (1.5% lately), jitter 3.25 ms"),
              std::string::npos)
        << text;
    EXPECT_EQ(text.find("problems"), std::string::npos) << text;

    s.send_errors = 3;
    EXPECT_NE(format_media_statistics(s).find("3 send errors"), std::string::npos);
}

}  // namespace
}  // namespace dialtone::ua
