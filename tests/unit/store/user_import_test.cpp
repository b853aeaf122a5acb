#include "store/user_import.hpp"

#include <gtest/gtest.h>

namespace dialtone::store {
namespace {

TEST(UserImport, HeaderBlankLinesCrlfAndCommasInPasswords) {
    const std::string text =
        "User, Domain, Password\r\n"
        "\n"
        "alice,Example.test,secret\r\n"
        "   \n"
        " bob , example.test,pa,ss word \n"
        "carol,other.test,x";  // no final newline
    std::vector<ImportEntry> out;
    ImportError error;
    ASSERT_TRUE(parse_user_import(text, out, error)) << error.line << ": " << error.message;
    ASSERT_EQ(out.size(), 3u);
    EXPECT_EQ(out[0].line, 3u);
    EXPECT_EQ(out[0].address.text(), "alice@example.test");
    EXPECT_EQ(out[0].password, "secret");
    EXPECT_EQ(out[1].address.user, "bob");
    EXPECT_EQ(out[1].password, "pa,ss word ");
    EXPECT_EQ(out[2].line, 6u);
    EXPECT_EQ(out[2].password, "x");
}

TEST(UserImport, EmptyFileIsNoUsers) {
    std::vector<ImportEntry> out;
    ImportError error;
    EXPECT_TRUE(parse_user_import("", out, error));
    EXPECT_TRUE(parse_user_import("user,domain,password\n\n", out, error));
    EXPECT_TRUE(out.empty());
}

TEST(UserImport, BadLinesNameTheirLineNumber) {
    struct Case {
        const char* text;
        std::size_t line;
        const char* message_part;
    };
    const Case cases[] = {
        {"alice,example.test,pw\nbob,example.test\n", 2, "expected user,domain,password"},
        {"alice,example.test,\n", 1, "missing password"},
        {"\n\nal ice,example.test,pw\n", 3, "not a valid SIP user part"},
        {"alice,exa mple.test,pw\n", 1, "not a valid domain"},
        {",example.test,pw\n", 1, "empty user"},
        {"a,example.test,1\nb,example.test,2\nA,example.test,3\na,EXAMPLE.test,4\n", 4,
         "a@example.test appears twice (first on line 1)"},
    };
    for (const Case& c : cases) {
        std::vector<ImportEntry> out;
        ImportError error;
        EXPECT_FALSE(parse_user_import(c.text, out, error)) << c.text;
        EXPECT_EQ(error.line, c.line) << c.text;
        EXPECT_NE(error.message.find(c.message_part), std::string::npos) << error.message;
    }
}

}  // namespace
}  // namespace dialtone::store
