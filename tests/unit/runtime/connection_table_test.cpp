// The per-worker connection table and the per-IP connection cap, as plain data.

#include "runtime/connection_table.hpp"

#include <gtest/gtest.h>

#include "runtime/connection_limiter.hpp"

namespace dialtone::runtime {
namespace {

using transport::Transport;

struct FakeConnection {
    int n = 0;
};

TEST(ConnectionId, CarriesItsWorker) {
    const ConnectionId id = make_connection_id(7, 123456789);
    EXPECT_EQ(worker_of(id), 7u);
    EXPECT_EQ(sequence_of(id), 123456789u);
    EXPECT_NE(make_connection_id(0, 1), kNoConnection);
}

TEST(ConnectionKey, TransportIpAndPortAllCount_Rfc3261_18) {
    const ConnectionKey a{Transport::Tcp, "192.0.2.1", 5060};
    EXPECT_EQ(a, (ConnectionKey{Transport::Tcp, "192.0.2.1", 5060}));
    EXPECT_NE(a, (ConnectionKey{Transport::Tls, "192.0.2.1", 5060}));
    EXPECT_NE(a, (ConnectionKey{Transport::Tcp, "192.0.2.2", 5060}));
    EXPECT_NE(a, (ConnectionKey{Transport::Tcp, "192.0.2.1", 5061}));
    EXPECT_LT(owner_of(a, 4), 4u);
    EXPECT_EQ(owner_of(a, 4), owner_of(ConnectionKey{Transport::Tcp, "192.0.2.1", 5060}, 4));
}

TEST(ConnectionTable, FindByIdAndByKey) {
    ConnectionTable<FakeConnection> table;
    const ConnectionKey key{Transport::Tcp, "192.0.2.1", 40000};
    auto c = std::make_shared<FakeConnection>(FakeConnection{1});
    table.add(11, key, c);
    EXPECT_EQ(table.find(11), c);
    EXPECT_EQ(table.find(key), c);
    EXPECT_EQ(table.find(12), nullptr);
    EXPECT_EQ(table.find(ConnectionKey{Transport::Tls, "192.0.2.1", 40000}), nullptr);
    EXPECT_TRUE(table.remove(11));
    EXPECT_FALSE(table.remove(11));
    EXPECT_EQ(table.find(key), nullptr);
    EXPECT_TRUE(table.empty());
}

TEST(ConnectionTable, NewerConnectionTakesTheKeyOlderKeepsItsId) {
    ConnectionTable<FakeConnection> table;
    const ConnectionKey key{Transport::Tcp, "192.0.2.1", 40000};
    auto older = std::make_shared<FakeConnection>(FakeConnection{1});
    auto newer = std::make_shared<FakeConnection>(FakeConnection{2});
    table.add(1, key, older);
    table.add(2, key, newer);
    EXPECT_EQ(table.find(key), newer);
    EXPECT_EQ(table.find(1), older);
    // The older one closing must not take the key from the newer.
    table.remove(1);
    EXPECT_EQ(table.find(key), newer);
    table.remove(2);
    EXPECT_EQ(table.find(key), nullptr);
    EXPECT_EQ(table.size(), 0u);
}

TEST(ConnectionTable, SnapshotHasEveryConnection) {
    ConnectionTable<FakeConnection> table;
    for (int i = 1; i <= 5; ++i)
        table.add(static_cast<ConnectionId>(i),
                  ConnectionKey{Transport::Tcp, "192.0.2.1", static_cast<std::uint16_t>(i)},
                  std::make_shared<FakeConnection>(FakeConnection{i}));
    EXPECT_EQ(table.snapshot().size(), 5u);
}

TEST(ConnectionLimiter, CapsEachAddressSeparately) {
    ConnectionLimiter limiter(2);
    EXPECT_TRUE(limiter.try_acquire("192.0.2.1"));
    EXPECT_TRUE(limiter.try_acquire("192.0.2.1"));
    EXPECT_FALSE(limiter.try_acquire("192.0.2.1"));
    EXPECT_EQ(limiter.count("192.0.2.1"), 2u);
    EXPECT_TRUE(limiter.try_acquire("192.0.2.2"));
    limiter.release("192.0.2.1");
    EXPECT_TRUE(limiter.try_acquire("192.0.2.1"));
    EXPECT_FALSE(limiter.try_acquire("192.0.2.1"));
}

TEST(ConnectionLimiter, ForgetsIdleAddresses) {
    ConnectionLimiter limiter(3);
    limiter.try_acquire("192.0.2.1");
    limiter.release("192.0.2.1");
    limiter.release("192.0.2.1");  // extra releases are harmless
    EXPECT_EQ(limiter.addresses(), 0u);
    EXPECT_EQ(limiter.count("192.0.2.1"), 0u);
}

TEST(ConnectionLimiter, ZeroMeansNoCap) {
    ConnectionLimiter limiter(0);
    for (int i = 0; i < 1000; ++i)
        EXPECT_TRUE(limiter.try_acquire("192.0.2.1"));
}

}  // namespace
}  // namespace dialtone::runtime
