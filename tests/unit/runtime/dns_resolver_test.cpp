// DnsResolver: c-ares on the io_context, against a DNS server played by the test on
// loopback (UDP, and TCP for truncated answers). Every run is bounded by run_for.

#include "runtime/dns_resolver.hpp"

#include <gtest/gtest.h>

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <map>
#include <memory>
#include <optional>
#include <set>

#include "unit/runtime/dns_test_packet.hpp"

namespace dialtone::runtime {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;
using asio::ip::udp;
using namespace testing;
using transport::Endpoint;
using transport::Transport;

constexpr auto kBound = std::chrono::seconds(10);

using Key = std::pair<std::string, std::uint16_t>;

// Answers from `records`; a name with no record of any type is NXDOMAIN. Questions in
// `truncate` get an empty TC answer over UDP (RFC 1035 §4.2.1: retry over TCP).
class FakeDnsServer {
  public:
    explicit FakeDnsServer(asio::io_context& io) : io_(io), udp_(io), acceptor_(io) {
        const auto loopback = asio::ip::make_address("127.0.0.1");
        // UDP and TCP on one port; an ephemeral UDP port can be taken for TCP, so retry.
        for (int attempt = 0; attempt < 20 && !acceptor_.is_open(); ++attempt) {
            if (udp_.is_open()) udp_.close();
            udp_.open(udp::v4());
            udp_.bind(udp::endpoint(loopback, 0));
            boost::system::error_code ec;
            acceptor_.open(tcp::v4());
            acceptor_.bind(tcp::endpoint(loopback, udp_.local_endpoint().port()), ec);
            if (ec) {
                acceptor_.close();
                continue;
            }
            acceptor_.listen();
        }
        receive();
        accept();
    }

    std::string address() const {
        return "127.0.0.1:" + std::to_string(udp_.local_endpoint().port());
    }

    void add(const std::string& name, std::uint16_t type, std::uint32_t ttl, Bytes rdata) {
        records_[{name, type}].push_back(Record{name, type, ttl, std::move(rdata)});
    }

    bool silent = false;
    std::set<Key> truncate;
    std::map<Key, int> udp_queries;
    std::map<Key, int> tcp_queries;
    int total_udp() const {
        int n = 0;
        for (const auto& [k, v] : udp_queries)
            n += v;
        return n;
    }

  private:
    Bytes answer(const Question& q, bool over_udp) {
        const Key key{q.name, q.type};
        if (over_udp && truncate.count(key)) return response(q.id, q.name, q.type, {}, 0, true);
        const auto it = records_.find(key);
        if (it != records_.end()) return response(q.id, q.name, q.type, it->second);
        bool name_exists = false;
        for (const auto& [k, v] : records_)
            name_exists |= k.first == q.name;
        return response(q.id, q.name, q.type, {}, name_exists ? 0 : 3);
    }

    void receive() {
        udp_.async_receive_from(asio::buffer(buffer_), peer_,
                                [this](const boost::system::error_code& ec, std::size_t n) {
                                    if (ec) return;
                                    if (auto q = read_question(buffer_.data(), n); q && !silent) {
                                        ++udp_queries[{q->name, q->type}];
                                        const Bytes reply = answer(*q, true);
                                        udp_.send_to(asio::buffer(reply), peer_);
                                    }
                                    receive();
                                });
    }

    void accept() {
        acceptor_.async_accept([this](const boost::system::error_code& ec, tcp::socket s) {
            if (ec) return;
            auto socket = std::make_shared<tcp::socket>(std::move(s));
            serve_stream(socket);
            accept();
        });
    }

    // One length-prefixed query at a time (RFC 1035 §4.2.2).
    void serve_stream(std::shared_ptr<tcp::socket> socket) {
        auto length = std::make_shared<std::array<unsigned char, 2>>();
        asio::async_read(
            *socket, asio::buffer(*length),
            [this, socket, length](const boost::system::error_code& ec, std::size_t) {
                if (ec) return;
                const std::size_t n = ((*length)[0] << 8) | (*length)[1];
                auto query = std::make_shared<Bytes>(n);
                asio::async_read(
                    *socket, asio::buffer(*query),
                    [this, socket, query](const boost::system::error_code& e, std::size_t) {
                        if (e) return;
                        auto q = read_question(query->data(), query->size());
                        if (!q) return;
                        ++tcp_queries[{q->name, q->type}];
                        Bytes reply = answer(*q, false);
                        Bytes framed;
                        put16(framed, static_cast<std::uint16_t>(reply.size()));
                        framed.insert(framed.end(), reply.begin(), reply.end());
                        asio::write(*socket, asio::buffer(framed));
                        serve_stream(socket);
                    });
            });
    }

    asio::io_context& io_;
    udp::socket udp_;
    tcp::acceptor acceptor_;
    udp::endpoint peer_;
    std::array<unsigned char, 4096> buffer_{};
    std::map<Key, std::vector<Record>> records_;
};

transport::LocateRequest request_for(std::string_view text) {
    const auto uri = message::parse_uri(text);
    EXPECT_TRUE(uri.ok()) << text;
    const auto request = transport::locate_request_from_uri(*uri);
    EXPECT_TRUE(request.ok()) << text;
    return request.ok() ? *request : transport::LocateRequest{};
}

std::vector<Endpoint> endpoints(const ResolveResult& r) {
    std::vector<Endpoint> out;
    for (const auto& t : r.targets.targets())
        out.push_back(t.endpoint);
    return out;
}

struct DnsResolverLoopback : ::testing::Test {
    asio::io_context io;
    FakeDnsServer server{io};

    std::unique_ptr<DnsResolver> make_resolver(
        std::chrono::milliseconds timeout = std::chrono::milliseconds(1000), int tries = 2) {
        DnsResolverConfig config;
        config.servers = server.address();
        config.timeout = timeout;
        config.tries = tries;
        std::string error;
        auto resolver = DnsResolver::create(io, config, error);
        EXPECT_NE(resolver, nullptr) << error;
        return resolver;
    }

    std::optional<ResolveResult> resolve(DnsResolver& resolver, std::string_view uri) {
        std::optional<ResolveResult> out;
        resolver.resolve(request_for(uri), [&](ResolveResult r) {
            out = std::move(r);
            io.stop();
        });
        io.restart();
        io.run_for(kBound);
        return out;
    }

    void add_example_zone() {
        server.add("example.test", kTypeNaptr, 300,
                   naptr_rdata(10, 10, "S", "SIP+D2U", "_sip._udp.example.test"));
        server.add("example.test", kTypeNaptr, 300,
                   naptr_rdata(20, 10, "S", "SIP+D2T", "_sip._tcp.example.test"));
        server.add("_sip._udp.example.test", kTypeSrv, 300,
                   srv_rdata(20, 0, 5071, "b.example.test"));
        server.add("_sip._udp.example.test", kTypeSrv, 300,
                   srv_rdata(10, 0, 5070, "a.example.test"));
        server.add("_sip._tcp.example.test", kTypeSrv, 300,
                   srv_rdata(10, 0, 5080, "a.example.test"));
        server.add("a.example.test", kTypeA, 300, a_rdata("127.0.0.2"));
        server.add("b.example.test", kTypeA, 300, a_rdata("127.0.0.3"));
        server.add("b.example.test", kTypeAaaa, 300, aaaa_rdata("::1"));
    }
};

TEST_F(DnsResolverLoopback, NaptrSrvAndAddressesOverCares_Rfc3263_4) {
    add_example_zone();
    auto resolver = make_resolver();
    const auto result = resolve(*resolver, "sip:example.test");
    ASSERT_TRUE(result.has_value()) << "no completion within the bound";
    EXPECT_EQ(endpoints(*result), (std::vector<Endpoint>{{Transport::Udp, "127.0.0.2", 5070},
                                                         {Transport::Udp, "127.0.0.3", 5071},
                                                         {Transport::Udp, "::1", 5071},
                                                         {Transport::Tcp, "127.0.0.2", 5080}}));
    EXPECT_EQ((server.udp_queries[{"example.test", kTypeNaptr}]), 1);
    EXPECT_EQ((server.udp_queries[{"_sip._udp.example.test", kTypeSrv}]), 1);
    EXPECT_EQ((server.udp_queries[{"a.example.test", kTypeAaaa}]), 1);  // NODATA, still asked
    EXPECT_TRUE(result->problems.empty());
}

TEST_F(DnsResolverLoopback, RepeatedResolutionIsAnsweredFromTheCache_Rfc1035_3_2_1) {
    add_example_zone();
    auto resolver = make_resolver();
    const auto first = resolve(*resolver, "sip:example.test");
    ASSERT_TRUE(first.has_value());
    const int asked = server.total_udp();
    EXPECT_GT(resolver->cached_answers(), 0u);
    const auto second = resolve(*resolver, "sip:example.test");
    ASSERT_TRUE(second.has_value());
    EXPECT_EQ(server.total_udp(), asked);  // nothing went to the network
    EXPECT_EQ(endpoints(*first), endpoints(*second));
}

TEST_F(DnsResolverLoopback, TruncatedAnswerIsRetriedOverTcp_Rfc1035_4_2_1) {
    add_example_zone();
    server.truncate.insert({"_sip._udp.example.test", kTypeSrv});
    auto resolver = make_resolver();
    const auto result = resolve(*resolver, "sip:example.test;transport=udp");
    ASSERT_TRUE(result.has_value());
    EXPECT_EQ((server.tcp_queries[{"_sip._udp.example.test", kTypeSrv}]), 1);
    ASSERT_FALSE(result->targets.empty());
    EXPECT_EQ(result->targets.targets()[0].endpoint, (Endpoint{Transport::Udp, "127.0.0.2", 5070}));
}

TEST_F(DnsResolverLoopback, SilentServerGivesTimeoutsAndNoTargets) {
    server.silent = true;
    auto resolver = make_resolver(std::chrono::milliseconds(50), 1);
    const auto result = resolve(*resolver, "sip:example.test:5060");
    ASSERT_TRUE(result.has_value());
    EXPECT_TRUE(result->targets.empty());
    ASSERT_EQ(result->problems.size(), 2u);  // A and AAAA
    EXPECT_NE(result->problems[0].find("timeout"), std::string::npos) << result->problems[0];
    EXPECT_EQ(resolver->cached_answers(), 0u);  // failures are not cached
}

TEST_F(DnsResolverLoopback, NumericTargetAsksNothingAndCompletesLater) {
    auto resolver = make_resolver();
    bool completed = false;
    std::vector<Endpoint> got;
    resolver->resolve(request_for("sips:127.0.0.9"), [&](ResolveResult r) {
        completed = true;
        got = endpoints(r);
        io.stop();
    });
    EXPECT_FALSE(completed);  // posted, never run inside resolve()
    io.run_for(kBound);
    EXPECT_TRUE(completed);
    EXPECT_EQ(got, (std::vector<Endpoint>{{Transport::Tls, "127.0.0.9", 5061}}));
    EXPECT_EQ(server.total_udp(), 0);
}

TEST_F(DnsResolverLoopback, DestroyedResolverNeverCompletes) {
    server.silent = true;
    bool completed = false;
    {
        auto resolver = make_resolver(std::chrono::milliseconds(50), 1);
        resolver->resolve(request_for("sip:example.test"),
                          [&](ResolveResult) { completed = true; });
        io.run_for(std::chrono::milliseconds(20));  // the NAPTR query is in flight
    }
    io.restart();
    io.run_for(std::chrono::milliseconds(200));
    EXPECT_FALSE(completed);
}

TEST(DnsResolver, BadServerListIsAnError) {
    asio::io_context io;
    DnsResolverConfig config;
    config.servers = "not an address";
    std::string error;
    EXPECT_EQ(DnsResolver::create(io, config, error), nullptr);
    EXPECT_NE(error.find("not an address"), std::string::npos) << error;
}

}  // namespace
}  // namespace dialtone::runtime
