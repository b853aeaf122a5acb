// The softphone's command-line values: durations and registrar/proxy addresses.

#include <gtest/gtest.h>

#include "ua/duration_text.hpp"
#include "ua/uri_text.hpp"

namespace dialtone::ua {
namespace {

using namespace std::chrono_literals;

TEST(DurationText, UnitsAndBareSeconds) {
    EXPECT_EQ(parse_duration_text("10s"), 10000ms);
    EXPECT_EQ(parse_duration_text("10"), 10000ms);
    EXPECT_EQ(parse_duration_text("1.5s"), 1500ms);
    EXPECT_EQ(parse_duration_text("250ms"), 250ms);
    EXPECT_EQ(parse_duration_text("2m"), 120000ms);
    EXPECT_EQ(parse_duration_text("1h"), 3600000ms);
    EXPECT_EQ(parse_duration_text("0"), 0ms);
}

TEST(DurationText, RejectsWhatIsNotADuration) {
    for (const char* bad : {"", "s", "-1s", "10x", "1.2.3s", "10 s", "ten", "25h", "1e3s"}) {
        EXPECT_FALSE(parse_duration_text(bad).has_value()) << bad;
    }
}

TEST(UriText, HostAndPortBecomeSipUris_Rfc3261_19_1) {
    EXPECT_EQ(sip_uri_from_text("127.0.0.1:5070"), "sip:127.0.0.1:5070");
    EXPECT_EQ(sip_uri_from_text("proxy.example.test"), "sip:proxy.example.test");
    EXPECT_EQ(sip_uri_from_text("[::1]:5062"), "sip:[::1]:5062");
    EXPECT_EQ(sip_uri_from_text("sip:example.test;transport=tcp"),
              "sip:example.test;transport=tcp");
    EXPECT_EQ(sip_uri_from_text("SIPS:example.test"), "SIPS:example.test");
    EXPECT_FALSE(sip_uri_from_text("").has_value());
    EXPECT_FALSE(sip_uri_from_text("host:port").has_value());
}

}  // namespace
}  // namespace dialtone::ua
