#include "dialtone/sip/message/server_product.hpp"

#include "sip/message/typed_scan.hpp"
#include "sip/message/typed_what.hpp"

namespace dialtone::message {

using detail::header_what;

bool ProductCursor::next(ProductElement& out) {
    if (failed_) return false;
    detail::Scanner sc(rest_);
    sc.skip_lws();
    if (sc.done()) {
        rest_ = {};
        return false;
    }
    auto fail = [this](std::string_view what_text) {
        error_ = detail::bad_request(what_text);
        failed_ = true;
        return false;
    };
    out = ProductElement{};
    if (sc.peek() == '(') {
        bool bad = false;
        const std::string_view comment = sc.comment(bad);
        if (bad) return fail(header_what<"unterminated comment">(header_));
        out.kind = ProductElement::Kind::Comment;
        out.comment = detail::strip_delims(comment);
    } else {
        out.name = sc.token();
        if (out.name.empty()) return fail(header_what<"bad product">(header_));
        // SLASH = SWS "/" SWS.
        if (sc.sep('/')) {
            out.version = sc.token();
            if (out.version.empty()) return fail(header_what<"bad product version">(header_));
        }
        // Elements are LWS-separated; only a comment may follow without a space.
        if (!sc.done() && !chars::is_lws(sc.peek()) && sc.peek() != '(') {
            return fail(header_what<"bad product">(header_));
        }
    }
    rest_ = sc.rest();
    return true;
}

Result<ProductList> parse_server_product(std::string_view value, HeaderId header) {
    ProductList out;
    out.text = trim_lws(value);
    out.header = header;
    if (out.text.empty()) return detail::bad_request(header_what<"empty value">(header));
    ProductCursor cur = out.cursor();
    ProductElement element;
    while (cur.next(element))
        ++out.count;
    if (cur.failed()) return cur.error();
    return out;
}

}  // namespace dialtone::message
