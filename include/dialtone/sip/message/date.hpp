#pragma once
// Date (RFC 3261 §20.17): SIP-date = rfc1123-date, e.g. "Sat, 13 Nov 2010 23:29:00 GMT".
// Unlike RFC 1123, SIP allows only the GMT time zone (RFC 4475 §3.1.2.12 baddate).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "dialtone/sip/message/parse_error.hpp"

namespace dialtone::message {

struct SipDate {
    std::uint16_t year = 1970;  // 4 digits as written
    std::uint8_t month = 1;     // 1..12
    std::uint8_t day = 1;       // 1..31, checked against the month (and leap years)
    std::uint8_t hour = 0;      // 0..23
    std::uint8_t minute = 0;    // 0..59
    std::uint8_t second = 0;    // 0..59
    std::uint8_t weekday = 4;   // as written, 0 = Sunday
    // Whether the weekday written matches the date. A mismatch is not a grammar error,
    // so it is reported rather than refused.
    bool weekday_matches = true;
    std::int64_t unix_time = 0;  // seconds since 1970-01-01 00:00:00 GMT
};

Result<SipDate> parse_sip_date(std::string_view value);

// Length of every SIP-date format_sip_date writes.
inline constexpr std::size_t kSipDateLength = 29;

// `unix_seconds` as a SIP-date. Times before year 0000 or after 9999 are clamped to the
// first or last second that four year digits can express.
std::string format_sip_date(std::int64_t unix_seconds);

}  // namespace dialtone::message
