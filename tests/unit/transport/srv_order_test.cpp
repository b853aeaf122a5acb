// order_srv_records: RFC 2782 priority order and weighted selection, with the random
// numbers scripted.

#include "dialtone/sip/transport/srv_order.hpp"

#include <gtest/gtest.h>

#include <map>
#include <random>

namespace dialtone::transport {
namespace {

std::vector<std::string> targets(const std::vector<SrvRecord>& records) {
    std::vector<std::string> out;
    for (const SrvRecord& r : records)
        out.push_back(r.target);
    return out;
}

// Returns the scripted numbers in turn and records each upper bound it was asked for.
struct ScriptedRandom {
    std::vector<std::uint32_t> values;
    std::vector<std::uint32_t> bounds;
    std::size_t next = 0;
    RandomSource source() {
        return [this](std::uint32_t max) {
            bounds.push_back(max);
            return next < values.size() ? values[next++] : 0u;
        };
    }
};

TEST(SrvOrder, LowestPriorityFirst_Rfc2782) {
    ScriptedRandom r;
    const auto out =
        order_srv_records({{30, 0, 1, "c"}, {10, 0, 1, "a"}, {20, 0, 1, "b"}}, r.source());
    EXPECT_EQ(targets(out), (std::vector<std::string>{"a", "b", "c"}));
}

TEST(SrvOrder, WeightedPickUsesRunningSums_Rfc2782) {
    // One priority level; weight-0 "z" goes first in the running sum: z=0, a=10, b=40.
    ScriptedRandom r;
    r.values = {11, 0, 0};
    const auto out =
        order_srv_records({{5, 10, 1, "a"}, {5, 30, 1, "b"}, {5, 0, 1, "z"}}, r.source());
    // 11: first running sum >= 11 is b (40). Then z=0, a=10 with 0: z. Then a.
    EXPECT_EQ(targets(out), (std::vector<std::string>{"b", "z", "a"}));
    // A uniform number in [0, sum of the weights left] each time.
    EXPECT_EQ(r.bounds, (std::vector<std::uint32_t>{40, 10, 10}));
}

TEST(SrvOrder, RandomAtTheSumPicksTheLastRecord_Rfc2782) {
    ScriptedRandom r;
    r.values = {30, 20};
    const auto out =
        order_srv_records({{1, 10, 1, "a"}, {1, 10, 1, "b"}, {1, 10, 1, "c"}}, r.source());
    EXPECT_EQ(targets(out), (std::vector<std::string>{"c", "b", "a"}));
    EXPECT_EQ(r.bounds, (std::vector<std::uint32_t>{30, 20, 10}));
}

TEST(SrvOrder, OutOfRangeRandomIsClamped) {
    const auto out =
        order_srv_records({{1, 1, 1, "a"}, {1, 1, 1, "b"}}, [](std::uint32_t) { return 1000u; });
    EXPECT_EQ(targets(out), (std::vector<std::string>{"b", "a"}));
}

TEST(SrvOrder, PrioritiesAreOrderedIndependently_Rfc2782) {
    ScriptedRandom r;
    r.values = {100, 0, 0};
    const auto out = order_srv_records(
        {{2, 50, 1, "p2a"}, {1, 50, 1, "p1a"}, {1, 50, 1, "p1b"}, {2, 50, 1, "p2b"}}, r.source());
    // Priority 1 with 100: p1b; then p1a (alone); priority 2 with 0: p2a, then p2b.
    EXPECT_EQ(targets(out), (std::vector<std::string>{"p1b", "p1a", "p2a", "p2b"}));
}

TEST(SrvOrder, DotTargetsAreDropped_Rfc2782) {
    const auto out = order_srv_records({{1, 0, 1, "."}, {1, 0, 1, "a"}, {2, 0, 1, ""}},
                                       [](std::uint32_t) { return 0u; });
    EXPECT_EQ(targets(out), (std::vector<std::string>{"a"}));
}

TEST(SrvOrder, WeightsGiveProportionalFirstPicks_Rfc2782) {
    // Running sums light=10, heavy=40 over a uniform [0, 40]: heavy wins 30 of 41 values.
    // With a seeded PRNG the split is fixed; it must be near that.
    std::mt19937 gen(12345);
    RandomSource random = [&gen](std::uint32_t max) {
        return std::uniform_int_distribution<std::uint32_t>(0, max)(gen);
    };
    std::map<std::string, int> first;
    constexpr int kRuns = 4000;
    for (int i = 0; i < kRuns; ++i) {
        const auto out = order_srv_records({{1, 10, 1, "light"}, {1, 30, 1, "heavy"}}, random);
        ++first[out.front().target];
    }
    EXPECT_EQ(first["light"] + first["heavy"], kRuns);
    EXPECT_NEAR(first["heavy"] / static_cast<double>(kRuns), 30.0 / 41.0, 0.03);
}

TEST(SrvOrder, WeightZeroIsRarelyFirst_Rfc2782) {
    std::mt19937 gen(777);
    RandomSource random = [&gen](std::uint32_t max) {
        return std::uniform_int_distribution<std::uint32_t>(0, max)(gen);
    };
    int zero_first = 0;
    constexpr int kRuns = 2000;
    for (int i = 0; i < kRuns; ++i) {
        const auto out = order_srv_records({{1, 0, 1, "zero"}, {1, 100, 1, "hundred"}}, random);
        if (out.front().target == "zero") ++zero_first;
    }
    // Only a random number of exactly 0 out of [0, 100] picks it: about 1 in 101.
    EXPECT_GT(zero_first, 0);
    EXPECT_LT(zero_first, kRuns / 20);
}

}  // namespace
}  // namespace dialtone::transport
