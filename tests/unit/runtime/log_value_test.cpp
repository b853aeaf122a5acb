// log_value: network text in key=value log lines cannot break the line or forge fields.

#include "runtime/log_value.hpp"

#include <gtest/gtest.h>

namespace dialtone::runtime {
namespace {

TEST(LogValue, PlainWordsStayAsIs) {
    EXPECT_EQ(log_value("OPTIONS"), "OPTIONS");
    EXPECT_EQ(log_value("127.0.0.1:5060"), "127.0.0.1:5060");
}

TEST(LogValue, SpacesQuotesAndControlsAreQuoted) {
    EXPECT_EQ(log_value(""), "\"\"");
    EXPECT_EQ(log_value("Bad Request"), "\"Bad Request\"");
    EXPECT_EQ(log_value("a=b"), "\"a=b\"");
    EXPECT_EQ(log_value("say \"hi\"\\"), "\"say \\\"hi\\\"\\\\\"");
    EXPECT_EQ(log_value("x\r\nlevel=error"), "\"x\\x0d\\x0alevel=error\"");
}

}  // namespace
}  // namespace dialtone::runtime
