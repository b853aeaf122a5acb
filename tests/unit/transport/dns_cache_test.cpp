// DnsCache: answers kept for their TTL on an injected clock.

#include "dialtone/sip/transport/dns_cache.hpp"

#include <gtest/gtest.h>

namespace dialtone::transport {
namespace {

using std::chrono::seconds;

const Instant kStart{};  // the fake clock's zero

DnsAnswer a_answer(std::string name, std::string ip, std::uint32_t ttl) {
    DnsAnswer a;
    a.query = DnsQuery{std::move(name), DnsType::A};
    a.status = DnsStatus::Ok;
    a.addresses = {std::move(ip)};
    a.ttl_seconds = ttl;
    return a;
}

TEST(DnsCache, FreshUntilTtlThenGone_Rfc1035_3_2_1) {
    DnsCache cache;
    cache.store(a_answer("example.test", "192.0.2.1", 60), kStart);
    const DnsQuery query{"example.test", DnsType::A};
    auto hit = cache.lookup(query, kStart + seconds(59));
    ASSERT_TRUE(hit.has_value());
    EXPECT_EQ(hit->addresses, std::vector<std::string>{"192.0.2.1"});
    EXPECT_EQ(hit->ttl_seconds, 1u);  // what is left
    EXPECT_FALSE(cache.lookup(query, kStart + seconds(60)).has_value());
    EXPECT_EQ(cache.size(), 1u);
    cache.expire(kStart + seconds(60));
    EXPECT_EQ(cache.size(), 0u);
}

TEST(DnsCache, RemainingTtlRoundsUp) {
    DnsCache cache;
    cache.store(a_answer("example.test", "192.0.2.1", 10), kStart);
    const auto hit =
        cache.lookup({"example.test", DnsType::A}, kStart + std::chrono::milliseconds(9500));
    ASSERT_TRUE(hit.has_value());
    EXPECT_EQ(hit->ttl_seconds, 1u);
}

TEST(DnsCache, KeyIsNameAndTypeCaseInsensitive_Rfc4343) {
    DnsCache cache;
    cache.store(a_answer("Example.Test.", "192.0.2.1", 60), kStart);
    EXPECT_TRUE(cache.lookup({"example.test", DnsType::A}, kStart).has_value());
    EXPECT_TRUE(cache.lookup({"EXAMPLE.TEST", DnsType::A}, kStart).has_value());
    EXPECT_FALSE(cache.lookup({"example.test", DnsType::Aaaa}, kStart).has_value());
    EXPECT_FALSE(cache.lookup({"www.example.test", DnsType::A}, kStart).has_value());
}

TEST(DnsCache, TtlZeroIsNotCachedAndDropsTheOldAnswer_Rfc1035_3_2_1) {
    DnsCache cache;
    cache.store(a_answer("example.test", "192.0.2.1", 60), kStart);
    cache.store(a_answer("example.test", "192.0.2.2", 0), kStart + seconds(1));
    EXPECT_FALSE(cache.lookup({"example.test", DnsType::A}, kStart + seconds(1)).has_value());
}

TEST(DnsCache, NewerAnswerReplacesOlder) {
    DnsCache cache;
    cache.store(a_answer("example.test", "192.0.2.1", 60), kStart);
    cache.store(a_answer("example.test", "192.0.2.2", 5), kStart + seconds(10));
    const auto hit = cache.lookup({"example.test", DnsType::A}, kStart + seconds(12));
    ASSERT_TRUE(hit.has_value());
    EXPECT_EQ(hit->addresses, std::vector<std::string>{"192.0.2.2"});
    EXPECT_FALSE(cache.lookup({"example.test", DnsType::A}, kStart + seconds(15)).has_value());
}

TEST(DnsCache, FailuresAreNeverCached) {
    DnsCache cache;
    DnsAnswer failed;
    failed.query = DnsQuery{"example.test", DnsType::Srv};
    failed.status = DnsStatus::Failed;
    failed.error = "timeout";
    failed.ttl_seconds = 300;
    cache.store(failed, kStart);
    EXPECT_FALSE(cache.lookup(failed.query, kStart).has_value());
    EXPECT_EQ(cache.size(), 0u);
}

TEST(DnsCache, NegativeAnswersKeptForTheNegativeTtl_Rfc2308) {
    DnsCacheLimits limits;
    limits.negative_ttl = seconds(30);
    DnsCache cache(limits);
    DnsAnswer none;
    none.query = DnsQuery{"example.test", DnsType::Naptr};
    none.status = DnsStatus::NoRecords;
    cache.store(none, kStart);
    const auto hit = cache.lookup(none.query, kStart + seconds(29));
    ASSERT_TRUE(hit.has_value());
    EXPECT_EQ(hit->status, DnsStatus::NoRecords);
    EXPECT_FALSE(cache.lookup(none.query, kStart + seconds(30)).has_value());

    limits.negative_ttl = seconds(0);
    DnsCache no_negative(limits);
    no_negative.store(none, kStart);
    EXPECT_FALSE(no_negative.lookup(none.query, kStart).has_value());
}

TEST(DnsCache, LongTtlIsCapped) {
    DnsCacheLimits limits;
    limits.max_ttl = seconds(100);
    DnsCache cache(limits);
    cache.store(a_answer("example.test", "192.0.2.1", 86400), kStart);
    EXPECT_TRUE(cache.lookup({"example.test", DnsType::A}, kStart + seconds(99)).has_value());
    EXPECT_FALSE(cache.lookup({"example.test", DnsType::A}, kStart + seconds(100)).has_value());
}

TEST(DnsCache, FullCacheDropsExpiredThenSoonestToExpire) {
    DnsCacheLimits limits;
    limits.max_entries = 3;
    DnsCache cache(limits);
    cache.store(a_answer("short.test", "192.0.2.1", 10), kStart);
    cache.store(a_answer("medium.test", "192.0.2.2", 100), kStart);
    cache.store(a_answer("long.test", "192.0.2.3", 1000), kStart);
    // Full, nothing expired: the one expiring first goes.
    cache.store(a_answer("new.test", "192.0.2.4", 500), kStart + seconds(1));
    EXPECT_EQ(cache.size(), 3u);
    EXPECT_FALSE(cache.lookup({"short.test", DnsType::A}, kStart + seconds(1)).has_value());
    EXPECT_TRUE(cache.lookup({"medium.test", DnsType::A}, kStart + seconds(1)).has_value());
    // Later medium has expired: it goes, the others stay.
    cache.store(a_answer("newer.test", "192.0.2.5", 500), kStart + seconds(200));
    EXPECT_EQ(cache.size(), 3u);
    EXPECT_TRUE(cache.lookup({"long.test", DnsType::A}, kStart + seconds(200)).has_value());
    EXPECT_TRUE(cache.lookup({"new.test", DnsType::A}, kStart + seconds(200)).has_value());
    EXPECT_TRUE(cache.lookup({"newer.test", DnsType::A}, kStart + seconds(200)).has_value());
}

}  // namespace
}  // namespace dialtone::transport
