// The softphone's [ua] section of the config file (DESIGN.md §2.8: every key defaulted,
// errors name key and line).

#include <gtest/gtest.h>

#include "ops/config_file.hpp"

namespace dialtone::ops {
namespace {

TEST(UaConfig, AccountKeysAreRead) {
    const LoadedConfig loaded = parse_config(
        "[ua]\naccount = \"sip:alice@example.test\"\npassword = \"pw\"\nuser = \"al\"\n"
        "registrar = \"127.0.0.1:5070\"\noutbound_proxy = \"sip:proxy.example.test\"\n"
        "transport = \"tcp\"\nexpires = 120\n");
    ASSERT_TRUE(loaded.ok()) << loaded.errors.front().message;
    const UaSettings& ua = loaded.settings.ua;
    EXPECT_EQ(ua.account, "sip:alice@example.test");
    EXPECT_EQ(ua.password, "pw");
    EXPECT_EQ(ua.user, "al");
    EXPECT_EQ(ua.registrar, "127.0.0.1:5070");
    EXPECT_EQ(ua.outbound_proxy, "sip:proxy.example.test");
    EXPECT_EQ(ua.transport, "tcp");
    EXPECT_EQ(ua.expires, 120u);
}

TEST(UaConfig, DefaultsWithoutTheSection) {
    const LoadedConfig loaded = parse_config("[server]\nworkers = 1\n");
    ASSERT_TRUE(loaded.ok());
    EXPECT_EQ(loaded.settings.ua.transport, "udp");
    EXPECT_EQ(loaded.settings.ua.expires, 3600u);
    EXPECT_TRUE(loaded.settings.ua.account.empty());
}

TEST(UaConfig, BadTransportNamesKeyAndLine) {
    const LoadedConfig loaded = parse_config("[ua]\naccount = \"sip:a@b\"\ntransport = \"sctp\"\n");
    ASSERT_EQ(loaded.errors.size(), 1u);
    EXPECT_EQ(loaded.errors[0].key, "ua.transport");
    EXPECT_EQ(loaded.errors[0].line, 3u);
}

}  // namespace
}  // namespace dialtone::ops
