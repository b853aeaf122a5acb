// The hash index behind transaction matching: checked against a plain multimap under random
// inserts and erases, with hashes forced to collide so probe runs wrap and shift.

#include "sip/transaction/key_index.hpp"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>
#include <utility>

#include "sip/transaction/key_hash.hpp"

namespace dialtone::transaction::detail {
namespace {

TEST(TransactionKeyIndex, FindsWhatWasInsertedAndNotWhatWasErased) {
    KeyIndex index;
    index.insert(42, 1);
    index.insert(42, 2);  // same hash, another slot: both findable
    index.insert(7, 3);
    auto is = [](std::uint32_t want) { return [want](std::uint32_t s) { return s == want; }; };
    EXPECT_EQ(index.find(42, is(1)), 1u);
    EXPECT_EQ(index.find(42, is(2)), 2u);
    EXPECT_EQ(index.find(42, is(3)), KeyIndex::kNotFound);
    EXPECT_EQ(index.find(7, is(3)), 3u);
    EXPECT_TRUE(index.erase(42, 1));
    EXPECT_FALSE(index.erase(42, 1));
    EXPECT_EQ(index.find(42, is(1)), KeyIndex::kNotFound);
    EXPECT_EQ(index.find(42, is(2)), 2u);
    EXPECT_EQ(index.size(), 2u);
}

TEST(TransactionKeyIndex, MatchesAMultimapUnderRandomChurnWithCollisions) {
    std::mt19937_64 random(20260101);
    KeyIndex index;
    std::multimap<std::uint64_t, std::uint32_t> model;
    std::uint32_t next_slot = 0;
    for (int step = 0; step < 100'000; ++step) {
        // Hashes that share a home bucket (multiples of 64 collide while the table is small)
        // and exact duplicates (a few per value), so probe runs wrap and shift.
        const std::uint64_t hash = (random() % 300) * 64 + (random() % 3);
        // Grow to about 2,000 entries, then churn around that size.
        const bool grow = model.size() < 2'000 ? random() % 100 < 70 : random() % 100 < 50;
        if (model.empty() || grow) {
            index.insert(hash, next_slot);
            model.emplace(hash, next_slot);
            ++next_slot;
        } else {
            auto it = model.begin();
            std::advance(it, static_cast<long>(random() % model.size()));
            ASSERT_TRUE(index.erase(it->first, it->second));
            model.erase(it);
        }
        if (step % 997 == 0) {
            ASSERT_EQ(index.size(), model.size());
            for (const auto& [h, slot] : model) {
                const std::uint32_t want = slot;
                ASSERT_EQ(index.find(h, [want](std::uint32_t s) { return s == want; }), want);
            }
        }
    }
}

TEST(TransactionKeyHash, SeedAndEveryByteChangeTheHash) {
    const std::string key = "Sz9hg4bk-abc\n192.0.2.1\n5060\nINVITE";
    const std::uint64_t h = hash_key(key, 1);
    EXPECT_EQ(h, hash_key(key, 1));
    EXPECT_NE(h, hash_key(key, 2));
    std::set<std::uint64_t> seen{h};
    for (std::size_t i = 0; i < key.size(); ++i) {
        std::string k = key;
        k[i] = static_cast<char>(k[i] ^ 1);
        EXPECT_TRUE(seen.insert(hash_key(k, 1)).second) << i;
    }
    EXPECT_TRUE(seen.insert(hash_key(key.substr(0, key.size() - 1), 1)).second);
}

}  // namespace
}  // namespace dialtone::transaction::detail
