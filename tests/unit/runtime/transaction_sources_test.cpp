// runtime::TransactionSources: a server transaction's request source kept by slot, found only
// by the handle of the transaction that set it.

#include "runtime/transaction_sources.hpp"

#include <gtest/gtest.h>

namespace dialtone::runtime {
namespace {

using transaction::ServerHandle;
using transaction::TransactionId;

ServerHandle handle(std::uint32_t slot, std::uint32_t generation) {
    return ServerHandle{TransactionId{slot, generation}};
}

Source source(std::string ip, std::uint16_t port) {
    Source s;
    s.ip = std::move(ip);
    s.port = port;
    return s;
}

TEST(TransactionSources, FindsWhatWasSetForTheSameHandleOnly) {
    TransactionSources sources;
    sources.set(handle(3, 7), source("192.0.2.1", 5060));
    const Source* found = sources.find(handle(3, 7));
    ASSERT_NE(found, nullptr);
    EXPECT_EQ(found->ip, "192.0.2.1");
    EXPECT_EQ(found->port, 5060);
    EXPECT_EQ(sources.find(handle(3, 8)), nullptr);  // a later tenant of the slot
    EXPECT_EQ(sources.find(handle(2, 7)), nullptr);  // a slot never set
    EXPECT_EQ(sources.find(handle(100, 7)), nullptr);
    EXPECT_EQ(sources.find(ServerHandle{}), nullptr);
}

TEST(TransactionSources, EraseForgetsAndANewTenantReplaces) {
    TransactionSources sources;
    sources.set(handle(0, 1), source("192.0.2.1", 5060));
    sources.erase(handle(0, 2));  // stale: leaves the live one alone
    ASSERT_NE(sources.find(handle(0, 1)), nullptr);
    sources.erase(handle(0, 1));
    EXPECT_EQ(sources.find(handle(0, 1)), nullptr);
    sources.set(handle(0, 2), source("198.51.100.9", 5080));
    ASSERT_NE(sources.find(handle(0, 2)), nullptr);
    EXPECT_EQ(sources.find(handle(0, 2))->ip, "198.51.100.9");
    EXPECT_EQ(sources.find(handle(0, 1)), nullptr);
}

TEST(TransactionSources, DefaultHandleIsNeverStored) {
    TransactionSources sources;
    sources.set(ServerHandle{}, source("192.0.2.1", 5060));
    EXPECT_EQ(sources.find(ServerHandle{}), nullptr);
}

}  // namespace
}  // namespace dialtone::runtime
