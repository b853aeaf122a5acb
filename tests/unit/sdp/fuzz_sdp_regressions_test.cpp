// Runs the fuzz_sdp properties (tests/fuzz/fuzz_sdp_checks.hpp) over every saved crash
// input (tests/fuzz/regressions/fuzz_sdp/), every seed (tests/fuzz/seeds/fuzz_sdp/) and the
// samples of these tests, so a fixed bug stays fixed and the seeds stay valid SDP.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "dialtone/sip/sdp/session_description.hpp"
#include "fuzz/fuzz_sdp_checks.hpp"
#include "sdp_samples.hpp"

#ifndef DIALTONE_FUZZ_REGRESSIONS_DIR
#define DIALTONE_FUZZ_REGRESSIONS_DIR \
    (std::filesystem::path(__FILE__).parent_path() / ".." / ".." / "fuzz" / "regressions")
#endif

namespace dialtone::sdp {
namespace {

std::filesystem::path fuzz_dir() {
    return std::filesystem::path(DIALTONE_FUZZ_REGRESSIONS_DIR).parent_path();
}

std::vector<std::filesystem::path> files_in(const std::filesystem::path& dir) {
    std::vector<std::filesystem::path> out;
    if (!std::filesystem::is_directory(dir)) return out;
    for (const auto& e : std::filesystem::directory_iterator(dir))
        if (e.is_regular_file() && e.path().extension() != ".md") out.push_back(e.path());
    std::sort(out.begin(), out.end());
    return out;
}

std::string read_bytes(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

TEST(SdpFuzzRegressions, SavedInputs) {
    for (const auto& path : files_in(fuzz_dir() / "regressions" / "fuzz_sdp")) {
        SCOPED_TRACE(path.string());
        const char* broken = fuzz::check_sdp(read_bytes(path));
        EXPECT_TRUE(broken == nullptr) << broken;
    }
}

// The seeds are valid SDP: they parse, pass every property, and the CRLF ones come back
// byte for byte.
TEST(SdpFuzzRegressions, SeedsAreValidSdp) {
    const auto seeds = files_in(fuzz_dir() / "seeds" / "fuzz_sdp");
    ASSERT_GE(seeds.size(), 10u) << fuzz_dir();
    for (const auto& path : seeds) {
        SCOPED_TRACE(path.string());
        const std::string bytes = read_bytes(path);
        const auto sdp = SessionDescription::parse(bytes);
        ASSERT_TRUE(sdp.ok()) << sdp.error().description();
        if (bytes.find("\r\n") != std::string::npos) {
            EXPECT_EQ(sdp->to_string(), bytes);
        }
        const char* broken = fuzz::check_sdp(bytes);
        EXPECT_TRUE(broken == nullptr) << broken;
    }
}

TEST(SdpFuzzRegressions, SamplesPassEveryProperty) {
    for (std::string_view sample : test::kAllSamples) {
        const char* broken = fuzz::check_sdp(test::crlf(sample));
        EXPECT_TRUE(broken == nullptr) << broken << "\n" << sample;
    }
}

// The properties can fail: a check that cannot fail would make the fuzz run meaningless.
TEST(SdpFuzzRegressions, PropertiesRejectWhatTheyShould) {
    SessionDescription offer = make_offer(fuzz::fuzz_capabilities(), {1, 1});
    SessionDescription broken = offer;
    broken.origin.session_id = "not digits";
    EXPECT_NE(fuzz::check_own(broken, "x"), nullptr);
    EXPECT_EQ(fuzz::check_own(offer, "x"), nullptr);
    EXPECT_EQ(fuzz::check_sdp("garbage"), nullptr);  // refused with 400: fine
}

}  // namespace
}  // namespace dialtone::sdp
