// Dial-plan regular expressions (issue 5: a rule's pattern on the Request-URI user) name the
// whole user part, in POSIX extended syntax.

#include "server/proxy/user_regex.hpp"

#include <gtest/gtest.h>

#include <string>

namespace dialtone::server::proxy {
namespace {

TEST(UserRegex, MatchesTheWholeUserPartOnly) {
    std::string error;
    auto re = UserRegex::compile("1[0-9]{3}", error);
    ASSERT_TRUE(re.has_value()) << error;
    EXPECT_TRUE(re->matches("1234"));
    EXPECT_FALSE(re->matches("91234"));  // anchored at the start
    EXPECT_FALSE(re->matches("12345"));  // and at the end
    EXPECT_FALSE(re->matches(""));
}

TEST(UserRegex, AlternationStaysInsideTheAnchors) {
    std::string error;
    auto re = UserRegex::compile("00|\\+", error);
    ASSERT_TRUE(re.has_value()) << error;
    EXPECT_TRUE(re->matches("00"));
    EXPECT_TRUE(re->matches("+"));
    EXPECT_FALSE(re->matches("0044"));  // without grouping, "^00|\+$" would take this
}

TEST(UserRegex, BadPatternSaysWhy) {
    std::string error;
    EXPECT_FALSE(UserRegex::compile("(unclosed", error).has_value());
    EXPECT_FALSE(error.empty());
}

TEST(UserRegex, CopiesShareTheCompiledPattern) {
    std::string error;
    auto re = UserRegex::compile("[2-4]+", error);
    ASSERT_TRUE(re.has_value());
    const UserRegex copy = *re;
    re.reset();
    EXPECT_TRUE(copy.matches("234"));
}

}  // namespace
}  // namespace dialtone::server::proxy
