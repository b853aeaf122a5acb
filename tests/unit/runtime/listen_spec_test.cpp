// parse_listen_spec: the `--listen [proto:]addr[:port]` syntax (Kamailio's `listen=`).

#include "runtime/listen_spec.hpp"

#include <gtest/gtest.h>

namespace dialtone::runtime {
namespace {

ListenSpec parse_ok(std::string_view text) {
    std::string error;
    auto spec = parse_listen_spec(text, error);
    EXPECT_TRUE(spec.has_value()) << text << ": " << error;
    return spec.value_or(ListenSpec{});
}

TEST(ListenSpec, AddressAndPortMeanBothTransports) {
    const ListenSpec s = parse_ok("127.0.0.1:5080");
    EXPECT_TRUE(s.udp);
    EXPECT_TRUE(s.tcp);
    EXPECT_EQ(s.address, "127.0.0.1");
    EXPECT_EQ(s.port, 5080);
}

TEST(ListenSpec, DefaultPortIs5060_Rfc3261_19_1_2) {
    EXPECT_EQ(parse_ok("10.0.0.1").port, 5060);
    EXPECT_EQ(parse_ok("::1").port, 5060);
    EXPECT_EQ(parse_ok("[::1]").port, 5060);
}

TEST(ListenSpec, Protocols) {
    const ListenSpec u = parse_ok("udp:0.0.0.0:5060");
    EXPECT_TRUE(u.udp);
    EXPECT_FALSE(u.tcp);
    const ListenSpec t = parse_ok("TCP:[::]:5070");
    EXPECT_FALSE(t.udp);
    EXPECT_TRUE(t.tcp);
    EXPECT_EQ(t.address, "::");
    EXPECT_EQ(t.port, 5070);
}

TEST(ListenSpec, TlsOnItsOwnWithDefaultPort5061_Rfc3261_19_1_2) {
    const ListenSpec t = parse_ok("tls:127.0.0.1");
    EXPECT_TRUE(t.tls);
    EXPECT_FALSE(t.udp);
    EXPECT_FALSE(t.tcp);
    EXPECT_EQ(t.port, 5061);
    EXPECT_EQ(t.to_string(), "tls:127.0.0.1:5061");
    EXPECT_EQ(parse_ok("TLS:[::1]:5071").port, 5071);
    EXPECT_EQ(parse_ok("tls:0.0.0.0:0").port, 0);
    EXPECT_FALSE(parse_ok("127.0.0.1").tls);
}

TEST(ListenSpec, Ipv6InBrackets) {
    const ListenSpec s = parse_ok("[::1]:5060");
    EXPECT_EQ(s.address, "::1");
    EXPECT_EQ(s.to_string(), "udp+tcp:[::1]:5060");
    EXPECT_EQ(parse_ok("udp:[2001:db8::1]:0").port, 0);
}

TEST(ListenSpec, ErrorsNameTheProblem) {
    for (std::string_view bad : {"", ":5060", "example.com:5060", "1.2.3.4:", "1.2.3.4:70000",
                                 "1.2.3.4:http", "[::1", "[::1]5060", "[1.2.3.4]:5060",
                                 "sctp:1.2.3.4:5060", "1.2.3.4:-1", "tls:", "tls:example.com"}) {
        std::string error;
        EXPECT_FALSE(parse_listen_spec(bad, error).has_value()) << bad;
        EXPECT_FALSE(error.empty()) << bad;
    }
}

}  // namespace
}  // namespace dialtone::runtime
