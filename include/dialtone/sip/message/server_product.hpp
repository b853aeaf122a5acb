#pragma once
// Server (RFC 3261 §20.35) and User-Agent (§20.41): server-val *( LWS server-val ), where
// server-val = product / comment, product = token [ "/" product-version ] and a comment is
// "(...)" with nesting and quoted-pairs allowed.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "dialtone/sip/message/header_id.hpp"
#include "dialtone/sip/message/parse_error.hpp"

namespace dialtone::message {

struct ProductElement {
    enum class Kind : std::uint8_t { Product, Comment };
    Kind kind = Kind::Product;
    std::string_view name;     // Product: "Dialtone"
    std::string_view version;  // Product: "0.1"; empty when none
    std::string_view comment;  // Comment: the text inside the outer parentheses
};

// Walks the elements of a Server or User-Agent value; `header` picks the error wording.
class ProductCursor {
  public:
    explicit ProductCursor(std::string_view value, HeaderId header = HeaderId::Server)
        : rest_(value), header_(header) {}

    // The next element; false at the end or at a malformed one (then failed() is true).
    bool next(ProductElement& out);
    bool failed() const { return failed_; }
    const ParseError& error() const { return error_; }

  private:
    std::string_view rest_;
    HeaderId header_;
    ParseError error_{};
    bool failed_ = false;
};

// A validated Server / User-Agent value: at least one element.
struct ProductList {
    std::string_view text;
    HeaderId header = HeaderId::Server;
    std::size_t count = 0;

    ProductCursor cursor() const { return ProductCursor(text, header); }
};

Result<ProductList> parse_server_product(std::string_view value,
                                         HeaderId header = HeaderId::Server);

}  // namespace dialtone::message
