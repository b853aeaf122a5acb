#include "store/user_address.hpp"

#include <gtest/gtest.h>

namespace dialtone::store {
namespace {

TEST(UserAddress, ParsesUserAtDomainAndLowersTheDomain) {
    std::string error;
    auto a = parse_user_address("alice@Example.TEST", error);
    ASSERT_TRUE(a) << error;
    EXPECT_EQ(a->user, "alice");
    EXPECT_EQ(a->domain, "example.test");
    EXPECT_EQ(a->text(), "alice@example.test");
    // RFC 3261 §19.1.4: the user part is case-sensitive, so it is kept as written.
    auto b = parse_user_address("sip:Alice.Smith+1@10.0.0.1", error);
    ASSERT_TRUE(b) << error;
    EXPECT_EQ(b->user, "Alice.Smith+1");
    EXPECT_EQ(b->domain, "10.0.0.1");
    auto c = parse_user_address("1001@[2001:db8::1]", error);
    ASSERT_TRUE(c) << error;
    EXPECT_EQ(c->domain, "[2001:db8::1]");
}

TEST(UserAddress, RefusesWhatIsNotUserAtHost) {
    const char* bad[] = {
        "alice",                    // no @
        "@example.test",            // no user
        "alice@",                   // no domain
        "alice@example.test:5060",  // port
        "alice@example.test;transport=tcp",
        "al ice@example.test",  // space
        "al%20ice@example.test",
        "alice:pw@example.test",
        "alice@bad_host!",
        "a@b@example.test",
    };
    for (const char* text : bad) {
        std::string error;
        EXPECT_FALSE(parse_user_address(text, error)) << text;
        EXPECT_FALSE(error.empty()) << text;
    }
}

TEST(UserAddress, ErrorsNameTheProblem) {
    std::string error;
    parse_user_address("alice", error);
    EXPECT_NE(error.find("no '@'"), std::string::npos) << error;
    make_user_address("alice", "example.test:99", error);
    EXPECT_NE(error.find("not a valid domain"), std::string::npos) << error;
}

}  // namespace
}  // namespace dialtone::store
