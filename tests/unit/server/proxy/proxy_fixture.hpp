#pragma once
// Shared set-up for the proxy core tests: a proxy for example.test on 192.0.2.100:5060 with
// an in-memory location service, two users with passwords, and helpers that write requests
// as text (so they reach the proxy the way parsed wire messages do) and pick actions apart.

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "dialtone/sip/auth/credential_map.hpp"
#include "dialtone/sip/auth/digest_client.hpp"
#include "dialtone/sip/auth/digest_hash.hpp"
#include "dialtone/sip/auth/digest_server.hpp"
#include "server/proxy/forward_request.hpp"
#include "server/proxy/proxy.hpp"
#include "store/location_service.hpp"

namespace dialtone::server::proxy::test {

using message::HeaderId;
using message::Message;
using transaction::at_ms;
using transaction::ServerHandle;

inline constexpr std::int64_t kWallMs = 1'800'000'000'000;
inline constexpr std::int64_t kWallS = kWallMs / 1000;

struct Req {
    std::string method = "INVITE";
    std::string ruri = "sip:bob@example.test";
    std::string from = "sip:carol@remote.test";
    std::string to;  // empty: the Request-URI
    std::string to_tag;
    std::string via = "SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bKcaller1";
    std::vector<std::string> lower_vias;
    std::string call_id = "call-1@198.51.100.7";
    std::uint32_t cseq = 1;
    std::string max_forwards = "70";  // empty: no header
    std::vector<std::string> routes;
    std::string extra;  // whole lines ending in CRLF
};

inline std::string text(const Req& r) {
    std::string s = r.method + " " + r.ruri + " SIP/2.0\r\n";
    s += "Via: " + r.via + "\r\n";
    for (const std::string& v : r.lower_vias)
        s += "Via: " + v + "\r\n";
    if (!r.max_forwards.empty()) s += "Max-Forwards: " + r.max_forwards + "\r\n";
    for (const std::string& route : r.routes)
        s += "Route: " + route + "\r\n";
    s += "From: <" + r.from + ">;tag=ftag1\r\n";
    s += "To: <" + (r.to.empty() ? r.ruri : r.to) + ">";
    if (!r.to_tag.empty()) s += ";tag=" + r.to_tag;
    s += "\r\nCall-ID: " + r.call_id + "\r\n";
    s += "CSeq: " + std::to_string(r.cseq) + " " + r.method + "\r\n";
    s += "Contact: <sip:caller@198.51.100.7:5060>\r\n";
    s += r.extra;
    s += "Content-Length: 0\r\n\r\n";
    return s;
}

inline Message parse_text(std::string_view t) {
    auto m = Message::parse(t);
    EXPECT_TRUE(m.ok()) << (m.ok() ? "" : m.error().description()) << "\n" << t;
    return m.ok() ? std::move(*m) : Message::response(500);
}

inline Message req(const Req& r) {
    return parse_text(text(r));
}

// A response to a forwarded request, as the next hop would send it (every Via copied).
inline Message reply_to(const Message& forwarded, int status, std::string_view to_tag = "callee1",
                        std::string_view extra = {}) {
    std::string s = "SIP/2.0 " + std::to_string(status) + " " +
                    std::string(message::default_reason(status)) + "\r\n";
    std::string_view v;
    auto vias = forwarded.values(HeaderId::Via);
    while (vias.next(v))
        s += "Via: " + std::string(v) + "\r\n";
    s += "From: " + std::string(forwarded.header(HeaderId::From)) + "\r\n";
    s += "To: " + std::string(forwarded.header(HeaderId::To));
    if (status != 100 && !to_tag.empty()) s += ";tag=" + std::string(to_tag);
    s += "\r\nCall-ID: " + std::string(forwarded.call_id()) + "\r\n";
    s += "CSeq: " + std::string(forwarded.header(HeaderId::CSeq)) + "\r\n";
    s += extra;
    s += "Content-Length: 0\r\n\r\n";
    return parse_text(s);
}

inline auth::NonceKey test_key() {
    auth::NonceKey k;
    for (std::size_t i = 0; i < k.bytes.size(); ++i)
        k.bytes[i] = static_cast<std::uint8_t>(i * 7 + 3);
    return k;
}

inline auth::UserCredentials creds(std::string_view user, std::string_view password) {
    return {
        std::string(auth::compute_ha1(auth::Algorithm::Md5, user, "example.test", password).view()),
        std::string(
            auth::compute_ha1(auth::Algorithm::Sha256, user, "example.test", password).view())};
}

template <class T>
std::vector<T> all_of(const std::vector<Action>& actions) {
    std::vector<T> out;
    for (const Action& a : actions)
        if (const auto* t = std::get_if<T>(&a)) out.push_back(*t);
    return out;
}

class ProxyTest : public ::testing::Test {
  protected:
    ProxyTest() : digest(test_key(), users) {
        users.set("alice", "example.test", creds("alice", "wonderland"));
        users.set("bob", "example.test", creds("bob", "builder"));
        users.set("dave", "example.test", creds("dave", "pw"));
        config.domains = {"example.test"};
        config.interfaces = {in_if};
    }

    Proxy& proxy() {
        if (!proxy_) proxy_ = std::make_unique<Proxy>(config, &location, &users, &digest, 42);
        return *proxy_;
    }

    // The next proxy() is built again from `config`.
    void rebuild() { proxy_.reset(); }

    void add_binding(const std::string& aor, const std::string& contact, std::uint16_t q = 1000,
                     const std::string& path = {}, const std::string& source = {}) {
        location.update(
            aor,
            [&](std::vector<store::Binding>& v) {
                store::Binding b;
                b.contact = contact;
                b.q = q;
                b.path = path;
                b.source = source;
                b.expires_at = kWallS + 3600;
                b.call_id = "reg-" + contact;
                v.push_back(b);
                return true;
            },
            nullptr);
    }

    ServerHandle next_server() { return ServerHandle{{next_slot_++, 1}}; }

    // Runs on_request for a fresh server transaction; returns its actions.
    std::vector<Action> send(Message m, const std::string& source_ip = "198.51.100.7",
                             bool trusted = false) {
        last_server = next_server();
        last_request = std::make_shared<const Message>(std::move(m));
        std::vector<Action> out;
        proxy().on_request(
            {last_server, last_request,
             transport::Endpoint{transport::Transport::Udp, source_ip, 5060}, in_if, trusted},
            now, kWallMs, out);
        return out;
    }

    std::vector<Action> respond(BranchId b, Message r) {
        std::vector<Action> out;
        proxy().on_response(b, std::move(r), now, out);
        return out;
    }

    // The single response among `actions` (test failure otherwise).
    static Message only_response(const std::vector<Action>& actions) {
        auto rs = all_of<SendResponse>(actions);
        EXPECT_EQ(rs.size(), 1u);
        return rs.empty() ? Message::response(999) : std::move(rs.front().response);
    }

    Interface in_if{transport::Transport::Udp, "192.0.2.100", 5060};
    ProxyConfig config;
    store::LocationService location;
    auth::CredentialMap users;
    auth::DigestServer digest;
    transaction::Instant now = at_ms(1000);
    ServerHandle last_server;
    std::shared_ptr<const Message> last_request;

  private:
    std::unique_ptr<Proxy> proxy_;
    std::uint32_t next_slot_ = 1;
};

}  // namespace dialtone::server::proxy::test
