#pragma once
// media-type (RFC 3261 §20.15 Content-Type, §25.1) and the media-range elements of Accept
// (§20.1): type "/" subtype *( ";" parameter ). Views into the parsed text.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "dialtone/sip/message/list_cursor.hpp"
#include "dialtone/sip/message/parse_error.hpp"

namespace dialtone::message {

struct MediaType {
    std::string_view type;     // "application"; "*" in an Accept wildcard
    std::string_view subtype;  // "sdp"; "*" in an Accept wildcard
    std::string_view params;   // after the first ';' (no leading ';'); Accept params too
    // Accept only: the q-value in thousandths (q=0.5 -> 500); 1000 when absent.
    std::uint16_t q = 1000;

    // Parameter value without quotes ("charset" -> "utf-8"); empty when absent.
    std::string_view param(std::string_view name) const;
    bool has_param(std::string_view name) const;
    // Case-insensitive comparison of type and subtype (RFC 3261 §7.3.1: tokens).
    bool is(std::string_view t, std::string_view s) const;
};

// Content-Type / c: exactly one media-type; every parameter needs a value.
Result<MediaType> parse_content_type(std::string_view value);

// One Accept element: media-range *( ";" accept-param ), where "q" must be a qvalue.
Result<MediaType> parse_accept_range(std::string_view element);

using AcceptCursor = ListCursor<MediaType, parse_accept_range>;

// A validated Accept value. An empty Accept is legal and means "accepts nothing"
// (RFC 3261 §20.1); a missing Accept header is the caller's business (assume
// application/sdp).
struct AcceptList {
    std::string_view text;
    std::size_t count = 0;

    AcceptCursor cursor() const { return AcceptCursor(text, true); }
    // Whether type/subtype is acceptable: the most specific matching range decides, so
    // "*/*, text/plain;q=0" refuses text/plain. False for an empty list.
    bool accepts(std::string_view type, std::string_view subtype) const;
};

Result<AcceptList> parse_accept(std::string_view value);

// Whether an Accept element covers type/subtype: "*/*", "type/*" or an exact
// case-insensitive match. Ignores q (see AcceptList::accepts).
bool media_type_matches(const MediaType& accept_elem, std::string_view type,
                        std::string_view subtype);

}  // namespace dialtone::message
