// Which worker owns a message (DESIGN.md §2.5), read from the raw bytes without parsing.

#include "runtime/message_owner.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "runtime/header_scan.hpp"

namespace dialtone::runtime {
namespace {

std::string request(std::string_view call_id_line) {
    std::string r = "OPTIONS sip:a@example.com SIP/2.0\r\n";
    r += "Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1\r\n";
    r += call_id_line;
    r += "\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";
    return r;
}

TEST(HeaderScan, FindsLongAndCompactForms_Rfc3261_7_3_3) {
    EXPECT_EQ(first_header_value(request("Call-ID: abc@host"), "call-id", 'i'), "abc@host");
    EXPECT_EQ(first_header_value(request("i:abc@host"), "call-id", 'i'), "abc@host");
    EXPECT_EQ(first_header_value(request("CALL-id  :   abc@host  "), "call-id", 'i'), "abc@host");
    EXPECT_EQ(first_header_value(request("I: x"), "call-id", 'i'), "x");
}

TEST(HeaderScan, StopsAtTheEndOfTheHeaders) {
    const std::string body_has_it =
        "MESSAGE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nContent-Length: 14"
        "\r\n\r\nCall-ID: fake\r\n";
    EXPECT_EQ(first_header_value(body_has_it, "call-id", 'i'), "");
    EXPECT_EQ(first_header_value("", "call-id", 'i'), "");
    EXPECT_EQ(first_header_value("garbage", "call-id", 'i'), "");
}

TEST(HeaderScan, NameMustMatchWholly) {
    const std::string r = request("Call-IDx: no\r\nCall-ID: yes");
    EXPECT_EQ(first_header_value(r, "call-id", 'i'), "yes");
    EXPECT_EQ(first_header_value(r, "via", 'v'), "SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1");
}

TEST(HeaderScan, FoldedValueIsTakenWhole_Rfc3261_7_3_1) {
    const std::string r = request("Call-ID: abc\r\n  @host");
    EXPECT_EQ(first_header_value(r, "call-id", 'i'), "abc\r\n  @host");
}

TEST(HeaderScan, BareLineFeeds) {
    const std::string r = "OPTIONS sip:a SIP/2.0\nCall-ID: lf@host\n\n";
    EXPECT_EQ(first_header_value(r, "call-id", 'i'), "lf@host");
}

TEST(MessageOwner, SameCallIdSameWorker_Design_2_5) {
    // Every message of a call reaches one worker, whatever the form of the header name.
    const std::size_t workers = 8;
    for (int i = 0; i < 200; ++i) {
        const std::string id = "call-" + std::to_string(i) + "@example.com";
        const std::size_t a = owner_worker(request("Call-ID: " + id), workers, 0);
        const std::size_t b = owner_worker(request("i: " + id), workers, 5);
        EXPECT_EQ(a, b) << id;
        EXPECT_EQ(a, call_id_hash(id) % workers);
        EXPECT_LT(a, workers);
    }
}

TEST(MessageOwner, CallIdIsCaseSensitive_Rfc3261_20_8) {
    EXPECT_NE(call_id_hash("abc@host"), call_id_hash("ABC@host"));
}

TEST(MessageOwner, CallIdsSpreadOverWorkers) {
    std::set<std::size_t> used;
    for (int i = 0; i < 64; ++i)
        used.insert(owner_worker(request("Call-ID: " + std::to_string(i)), 4, 0));
    EXPECT_EQ(used.size(), 4u);
}

TEST(MessageOwner, RegisterStaysWhereItWasRead) {
    // Its retransmissions come from the same source, so they are read by the same worker.
    std::string reg = request("Call-ID: reg-1@example.com");
    reg.replace(0, 7, "REGISTER");
    for (std::size_t reader = 0; reader < 4; ++reader)
        EXPECT_EQ(owner_worker(reg, 4, reader), reader);
    // A response to a REGISTER is not one: it goes by its Call-ID like any response.
    const std::string ok =
        "SIP/2.0 200 OK\r\nCall-ID: reg-1@example.com\r\nCSeq: 1 REGISTER\r\n\r\n";
    EXPECT_EQ(owner_worker(ok, 4, 3), call_id_hash("reg-1@example.com") % 4);
}

TEST(MessageOwner, NoCallIdStaysWhereItWasRead) {
    EXPECT_EQ(owner_worker("OPTIONS sip:a SIP/2.0\r\n\r\n", 4, 3), 3u);
    EXPECT_EQ(owner_worker(request("Call-ID: x"), 1, 0), 0u);
}

}  // namespace
}  // namespace dialtone::runtime
