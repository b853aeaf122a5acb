// The admin API's view of the location service: what `GET /registrations` and
// `dialtone ctl registrations` report about each binding (RFC 3261 §10.3 fields, Path per
// RFC 3327, +sip.instance/reg-id per RFC 5626).

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>

#include "ops/admin_routes.hpp"
#include "ops/registration_report.hpp"
#include "store/location_index.hpp"

namespace dialtone::ops {
namespace {

constexpr std::int64_t kNow = 1'763'700'000;

store::Binding binding(std::string contact, std::int64_t expires_at, std::uint16_t q = 1000) {
    store::Binding b;
    b.contact = std::move(contact);
    b.call_id = "cid-" + b.contact;
    b.cseq = 7;
    b.expires_at = expires_at;
    b.q = q;
    return b;
}

TEST(RegistrationReport, ReportsEveryStoredFieldWithRemainingExpires) {
    store::LocationIndex index;
    store::Binding b = binding("sip:alice@192.0.2.1:5060", kNow + 3541, 500);
    b.path = "<sip:edge1.example.test;lr>, <sip:edge2.example.test;lr;x=\"a,b\">";
    b.instance = "<urn:uuid:00000000-0000-1000-8000-000A95A0E128>";
    b.reg_id = 2;
    b.source = "udp:192.0.2.1:5060";
    b.user_agent = "baresip";
    index.replace("sip:alice@example.test", {b});

    const auto json = registrations_json(collect_registrations(index, kNow), kNow);
    ASSERT_EQ(json.at("registrations").size(), 1u);
    const auto& r = json.at("registrations")[0];
    EXPECT_EQ(r.at("aor"), "sip:alice@example.test");
    EXPECT_EQ(r.at("contact"), "sip:alice@192.0.2.1:5060");
    // §10.3 step 8: the remaining time, not the absolute expiry, is what a client sees.
    EXPECT_EQ(r.at("expires"), 3541);
    EXPECT_EQ(r.at("expires_at"), kNow + 3541);
    EXPECT_DOUBLE_EQ(r.at("q").get<double>(), 0.5);
    // RFC 3327 §5.3: Path entries in the order received; a comma inside <> or quotes is
    // part of its entry.
    ASSERT_EQ(r.at("path").size(), 2u);
    EXPECT_EQ(r.at("path")[0], "<sip:edge1.example.test;lr>");
    EXPECT_EQ(r.at("path")[1], "<sip:edge2.example.test;lr;x=\"a,b\">");
    EXPECT_EQ(r.at("instance"), "<urn:uuid:00000000-0000-1000-8000-000A95A0E128>");
    EXPECT_EQ(r.at("reg_id"), 2);
    EXPECT_EQ(r.at("call_id"), "cid-sip:alice@192.0.2.1:5060");
    EXPECT_EQ(r.at("cseq"), 7);
    EXPECT_EQ(r.at("received_from"), "udp:192.0.2.1:5060");
    EXPECT_EQ(r.at("user_agent"), "baresip");
    EXPECT_EQ(json.at("now"), kNow);
    EXPECT_EQ(json.at("aors"), 1);
    EXPECT_EQ(json.at("bindings"), 1);
}

TEST(RegistrationReport, AbsentOptionalFieldsAreNull) {
    store::LocationIndex index;
    index.replace("sip:bob@example.test", {binding("sip:bob@192.0.2.2", kNow + 60)});
    const auto r =
        registrations_json(collect_registrations(index, kNow), kNow).at("registrations")[0];
    for (const char* key : {"path", "instance", "reg_id", "received_from", "user_agent"})
        EXPECT_TRUE(r.at(key).is_null()) << key;
    EXPECT_DOUBLE_EQ(r.at("q").get<double>(), 1.0);
}

TEST(RegistrationReport, LeavesOutExpiredBindingsAndOrdersByAorThenQ) {
    store::LocationIndex index;
    index.replace("sip:bob@example.test", {binding("sip:b1@192.0.2.2", kNow + 10, 100),
                                           binding("sip:b2@192.0.2.2", kNow + 10, 900),
                                           // §10.3: a binding whose expiry has passed is gone
                                           // even if the sweeper has not run yet.
                                           binding("sip:old@192.0.2.2", kNow)});
    index.replace("sip:alice@example.test", {binding("sip:a@192.0.2.1", kNow + 1)});
    index.replace("sip:carol@example.test", {binding("sip:c@192.0.2.3", kNow - 5)});

    const auto json = registrations_json(collect_registrations(index, kNow), kNow);
    const auto& list = json.at("registrations");
    ASSERT_EQ(list.size(), 3u);
    EXPECT_EQ(list[0].at("contact"), "sip:a@192.0.2.1");
    EXPECT_EQ(list[1].at("contact"), "sip:b2@192.0.2.2");
    EXPECT_EQ(list[2].at("contact"), "sip:b1@192.0.2.2");
    EXPECT_EQ(json.at("aors"), 2);
    EXPECT_EQ(json.at("bindings"), 3);
}

TEST(RegistrationReport, TableHasOneLinePerBindingAndASummary) {
    store::LocationIndex index;
    store::Binding b = binding("sip:alice@192.0.2.1:5060", kNow + 90, 250);
    b.source = "tcp:192.0.2.1:40000";
    index.replace("sip:alice@example.test", {b, binding("sip:alice@192.0.2.9", kNow + 30)});
    const std::string table =
        registrations_table(registrations_json(collect_registrations(index, kNow), kNow));
    const auto lines = std::count(table.begin(), table.end(), '\n');
    EXPECT_EQ(lines, 4);  // header, two bindings, summary
    EXPECT_NE(table.find("AOR"), std::string::npos);
    EXPECT_NE(table.find("sip:alice@192.0.2.1:5060"), std::string::npos);
    EXPECT_NE(table.find("tcp:192.0.2.1:40000"), std::string::npos);
    EXPECT_NE(table.find(" 90 "), std::string::npos);
    EXPECT_NE(table.find(" 0.25 "), std::string::npos);
    EXPECT_NE(table.find("2 binding(s) of 1 address(es)-of-record"), std::string::npos);
}

TEST(RegistrationReport, TableRejectsADocumentOfAnotherShape) {
    EXPECT_THROW(registrations_table(nlohmann::json{{"error", "x"}}), nlohmann::json::exception);
}

// The admin thread reads while workers register: the index's per-shard locks must make
// every snapshot consistent (each AoR's list whole). Run under TSan/ASan to catch races.
TEST(RegistrationReport, SnapshotWhileAnotherThreadRegisters) {
    store::LocationIndex index;
    std::atomic<bool> stop{false};
    std::thread writer([&] {
        for (int i = 0; i < 2000 && !stop; ++i) {
            const std::string aor = "sip:u" + std::to_string(i % 50) + "@example.test";
            index.update(aor, [&](std::vector<store::Binding>& list) {
                list = {binding("sip:x@192.0.2.1", kNow + 100),
                        binding("sip:y@192.0.2.1", kNow + 100)};
                return true;
            });
        }
    });
    for (int i = 0; i < 50; ++i) {
        const auto json = registrations_json(collect_registrations(index, kNow), kNow);
        EXPECT_EQ(json.at("bindings").get<std::size_t>(), 2 * json.at("aors").get<std::size_t>());
    }
    stop = true;
    writer.join();
}

TEST(AdminRoutes, RegistrationsIsJsonOfTheIndex) {
    store::LocationIndex index;
    index.replace("sip:alice@example.test", {binding("sip:a@192.0.2.1", kNow + 100)});
    const AdminReply reply = admin_route("GET", "/registrations", index, kNow);
    EXPECT_EQ(reply.status, 200u);
    EXPECT_EQ(reply.content_type, "application/json");
    const auto json = nlohmann::json::parse(reply.body);
    EXPECT_EQ(json.at("bindings"), 1);
    EXPECT_EQ(json.at("registrations")[0].at("expires"), 100);
}

TEST(AdminRoutes, BytesThatAreNotUtf8DoNotBreakTheListing) {
    // RFC 3261 §25.1 lets TEXT-UTF8 carry anything a client sends; the listing must survive it.
    store::LocationIndex index;
    store::Binding b = binding("sip:a@192.0.2.1", kNow + 100);
    b.user_agent = "phone\xff\xfe";
    index.replace("sip:alice@example.test", {b});
    const AdminReply reply = admin_route("GET", "/registrations", index, kNow);
    ASSERT_EQ(reply.status, 200u);
    const auto json = nlohmann::json::parse(reply.body);
    EXPECT_EQ(json.at("registrations")[0].at("user_agent"), "phone\xef\xbf\xbd\xef\xbf\xbd");
}

TEST(AdminRoutes, AorFilterSelectsOneAddressOfRecord) {
    store::LocationIndex index;
    index.replace("sip:Alice@example.test", {binding("sip:a@192.0.2.1", kNow + 100)});
    index.replace("sip:bob@example.test", {binding("sip:b@192.0.2.2", kNow + 100)});
    // The host compares case-insensitively, the user part does not (RFC 3261 §19.1.4).
    for (const char* target : {"/registrations?aor=Alice%40EXAMPLE.test",
                               "/registrations?aor=sip%3AAlice%40example.test"}) {
        const auto json = nlohmann::json::parse(admin_route("GET", target, index, kNow).body);
        ASSERT_EQ(json.at("bindings"), 1) << target;
        EXPECT_EQ(json.at("registrations")[0].at("aor"), "sip:Alice@example.test");
    }
    const auto none = nlohmann::json::parse(
        admin_route("GET", "/registrations?aor=alice@example.test", index, kNow).body);
    EXPECT_EQ(none.at("bindings"), 0);
}

TEST(AdminRoutes, RefusesUnknownPathsMethodsAndParameters) {
    store::LocationIndex index;
    EXPECT_EQ(admin_route("GET", "/", index, kNow).status, 404u);
    EXPECT_EQ(admin_route("GET", "/registrationsX", index, kNow).status, 404u);
    EXPECT_EQ(admin_route("DELETE", "/registrations", index, kNow).status, 405u);
    EXPECT_EQ(admin_route("GET", "/registrations?user=x", index, kNow).status, 400u);
    EXPECT_EQ(admin_route("GET", "/registrations?aor=%4", index, kNow).status, 400u);
    EXPECT_EQ(admin_route("GET", "/registrations?aor=%zz", index, kNow).status, 400u);
    EXPECT_EQ(admin_route("GET", "/registrations?aor=", index, kNow).status, 400u);
    const auto error = nlohmann::json::parse(admin_route("GET", "/nope", index, kNow).body);
    EXPECT_TRUE(error.contains("error"));
}

}  // namespace
}  // namespace dialtone::ops
