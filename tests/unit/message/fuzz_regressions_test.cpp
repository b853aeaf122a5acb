// Replays every saved fuzz crash input (tests/fuzz/regressions/<target>/) through the
// same checks the fuzz targets run (tests/fuzz/fuzz_checks.hpp): parsing, every accessor,
// validation and the round trips. Built with -DDIALTONE_SANITIZE=ON this also catches the
// memory errors the inputs once caused.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "fuzz/fuzz_checks.hpp"

#ifndef DIALTONE_FUZZ_REGRESSIONS_DIR
// tests/unit/message/ -> tests/fuzz/regressions/
#define DIALTONE_FUZZ_REGRESSIONS_DIR \
    (std::filesystem::path(__FILE__).parent_path() / ".." / ".." / "fuzz" / "regressions")
#endif

namespace dialtone::fuzz {
namespace {

std::filesystem::path regressions_dir() {
    return DIALTONE_FUZZ_REGRESSIONS_DIR;
}

// The saved inputs of one target, sorted so failures read the same on every run.
std::vector<std::filesystem::path> inputs_of(const std::string& target) {
    std::vector<std::filesystem::path> out;
    const auto dir = regressions_dir() / target;
    if (!std::filesystem::is_directory(dir)) return out;
    for (const auto& e : std::filesystem::directory_iterator(dir)) {
        if (e.is_regular_file() && e.path().extension() != ".md") out.push_back(e.path());
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::string read_bytes(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

template <class Check>
void replay(const std::string& target, Check check) {
    for (const auto& path : inputs_of(target)) {
        SCOPED_TRACE(path.string());
        const std::string bytes = read_bytes(path);
        const char* broken = check(bytes);
        EXPECT_TRUE(broken == nullptr) << target << ": " << broken;
    }
}

TEST(FuzzRegressions, FolderIsFound) {
    // Without the folder every replay below would pass vacuously.
    ASSERT_TRUE(std::filesystem::is_directory(regressions_dir())) << regressions_dir();
    EXPECT_TRUE(std::filesystem::exists(regressions_dir() / "README.md"));
}

TEST(FuzzRegressions, MessageInputs) {
    replay("fuzz_message", check_message);
}
TEST(FuzzRegressions, UriInputs) {
    replay("fuzz_uri", check_uri);
}
TEST(FuzzRegressions, FramerInputs) {
    replay("fuzz_framer", check_framer);
}

}  // namespace
}  // namespace dialtone::fuzz
