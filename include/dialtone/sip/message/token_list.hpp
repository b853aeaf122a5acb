#pragma once
// Headers whose value is a comma-separated list of tokens: Require, Proxy-Require,
// Supported, Unsupported (RFC 3261 §20.32, §20.29, §20.37, §20.40), Allow (§20.5),
// Allow-Events (RFC 6665 §8.2.2) and Content-Encoding (§20.12).

#include <cstddef>
#include <string_view>

#include "dialtone/sip/message/header_id.hpp"
#include "dialtone/sip/message/parse_error.hpp"
#include "dialtone/sip/message/value_list.hpp"

namespace dialtone::message {

// Walks the tokens of one header value. An element that is not a token (empty, or holding
// a space or separator) stops the walk and is reported through error(), worded for
// `header` ("Require: element is not a token").
class TokenListCursor {
  public:
    explicit TokenListCursor(std::string_view value, HeaderId header = HeaderId::Require)
        : list_(value), header_(header) {}

    // The next token; false at the end or at a bad element (then failed() is true).
    bool next(std::string_view& token);
    bool failed() const { return failed_; }
    const ParseError& error() const { return error_; }

  private:
    ValueListCursor list_;
    HeaderId header_;
    ParseError error_{};
    bool failed_ = false;
};

// A validated token list: the value as written and how many tokens it holds.
struct TokenList {
    std::string_view text;
    HeaderId header = HeaderId::Require;
    std::size_t count = 0;

    TokenListCursor cursor() const { return TokenListCursor(text, header); }
    // See contains_token.
    bool contains(std::string_view token, bool case_sensitive = false) const;
};

// Validates a whole value. Supported and Allow may be empty (RFC 3261 §25.1 grammar:
// [ option-tag *(COMMA option-tag) ]); the others need at least one token.
Result<TokenList> parse_token_list(std::string_view value, HeaderId header);

// Whether the list holds `token`. Tokens compare case-insensitively (RFC 3261 §7.3.1);
// pass case_sensitive for method names in Allow (§7.1). Bad elements are skipped over,
// never matched.
bool contains_token(std::string_view value, std::string_view token, bool case_sensitive = false);

}  // namespace dialtone::message
