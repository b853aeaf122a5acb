#include "dialtone/sip/message/server_product.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace dialtone::message {
namespace {

std::string what_of(const Result<ProductList>& r) {
    return r.ok() ? "<ok>" : std::string(r.error().what);
}

std::vector<ProductElement> elements(const ProductList& list) {
    std::vector<ProductElement> out;
    ProductCursor cur = list.cursor();
    ProductElement e;
    while (cur.next(e))
        out.push_back(e);
    return out;
}

// RFC 3261 §20.35 / §20.41: server-val *(LWS server-val), product / comment.
TEST(TypedServerProduct, Rfc3261_20_35_ProductsAndComments) {
    auto r = parse_server_product("HomeServer2 Dialtone/0.1 (Linux; x86_64) libfoo / 2.3b");
    ASSERT_TRUE(r.ok()) << what_of(r);
    ASSERT_EQ(r->count, 4u);
    const auto e = elements(*r);
    ASSERT_EQ(e.size(), 4u);
    EXPECT_EQ(e[0].kind, ProductElement::Kind::Product);
    EXPECT_EQ(e[0].name, "HomeServer2");
    EXPECT_TRUE(e[0].version.empty());
    EXPECT_EQ(e[1].name, "Dialtone");
    EXPECT_EQ(e[1].version, "0.1");
    EXPECT_EQ(e[2].kind, ProductElement::Kind::Comment);
    EXPECT_EQ(e[2].comment, "Linux; x86_64");
    EXPECT_EQ(e[3].name, "libfoo");  // SLASH = SWS "/" SWS
    EXPECT_EQ(e[3].version, "2.3b");
}

TEST(TypedServerProduct, Rfc3261_25_1_NestedCommentsQuotedPairsAndFolding) {
    auto r = parse_server_product("Softphone/1.0(beta (build \\(42\\)))\r\n\t(\"quoted\" text)",
                                  HeaderId::UserAgent);
    ASSERT_TRUE(r.ok()) << what_of(r);
    const auto e = elements(*r);
    ASSERT_EQ(e.size(), 3u);
    EXPECT_EQ(e[0].version, "1.0");
    EXPECT_EQ(e[1].comment, "beta (build \\(42\\))");
    EXPECT_EQ(e[2].comment, "\"quoted\" text");
}

TEST(TypedServerProduct, DeepNestingDoesNotRecurse) {
    const std::string deep = "x " + std::string(100000, '(') + std::string(100000, ')');
    auto r = parse_server_product(deep);
    ASSERT_TRUE(r.ok()) << what_of(r);
    EXPECT_EQ(r->count, 2u);
    const std::string open = "x " + std::string(100000, '(');
    EXPECT_EQ(what_of(parse_server_product(open)), "Server: unterminated comment");
}

TEST(TypedServerProduct, Rfc3261_20_41_Rejects) {
    EXPECT_EQ(what_of(parse_server_product("", HeaderId::UserAgent)), "User-Agent: empty value");
    EXPECT_EQ(what_of(parse_server_product("Foo/")), "Server: bad product version");
    EXPECT_EQ(what_of(parse_server_product("Foo/1.0 (oops", HeaderId::UserAgent)),
              "User-Agent: unterminated comment");
    EXPECT_EQ(what_of(parse_server_product("Foo [en]")), "Server: bad product");
    EXPECT_EQ(what_of(parse_server_product("Foo[en]")), "Server: bad product");
    EXPECT_EQ(what_of(parse_server_product("Foo/1.0/2.0")), "Server: bad product");
    EXPECT_EQ(what_of(parse_server_product("Foo \"bar\"")), "Server: bad product");
}

TEST(TypedServerProduct, CursorReportsTheBadElement) {
    ProductCursor cur("ok/1 [bad]", HeaderId::UserAgent);
    ProductElement e;
    ASSERT_TRUE(cur.next(e));
    EXPECT_EQ(e.name, "ok");
    EXPECT_FALSE(cur.next(e));
    ASSERT_TRUE(cur.failed());
    EXPECT_EQ(cur.error().what, "User-Agent: bad product");
}

}  // namespace
}  // namespace dialtone::message
