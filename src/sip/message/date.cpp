#include "dialtone/sip/message/date.hpp"

#include <array>

#include "sip/message/typed_scan.hpp"

namespace dialtone::message {

namespace {

using detail::bad_request;

constexpr std::array<std::string_view, 7> kWeekdays = {"Sun", "Mon", "Tue", "Wed",
                                                       "Thu", "Fri", "Sat"};
constexpr std::array<std::string_view, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

bool is_leap(int y) {
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int days_in_month(int y, int m) {
    static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : kDays[static_cast<std::size_t>(m - 1)];
}

// Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar. Counting years from
// March makes the leap day the last day of the year, so whole 400-year eras (146097 days)
// and a linear formula for the month offset do the rest.
std::int64_t days_from_civil(std::int64_t y, int m, int d) {
    if (m <= 2) --y;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const std::int64_t year_of_era = y - era * 400;
    const int month_from_march = m > 2 ? m - 3 : m + 9;
    const std::int64_t day_of_year = (153 * month_from_march + 2) / 5 + d - 1;
    const std::int64_t day_of_era =
        year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + day_of_era - 719468;  // 719468: 0000-03-01 to 1970-01-01
}

// The inverse of days_from_civil.
void civil_from_days(std::int64_t days, std::int64_t& y, int& m, int& d) {
    days += 719468;
    const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const std::int64_t day_of_era = days - era * 146097;
    const std::int64_t year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
    const std::int64_t day_of_year =
        day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    const std::int64_t month_from_march = (5 * day_of_year + 2) / 153;
    d = static_cast<int>(day_of_year - (153 * month_from_march + 2) / 5 + 1);
    m = static_cast<int>(month_from_march < 10 ? month_from_march + 3 : month_from_march - 9);
    y = year_of_era + era * 400 + (m <= 2 ? 1 : 0);
}

int weekday_of(std::int64_t days) {  // 1970-01-01 was a Thursday (4)
    const std::int64_t w = (days + 4) % 7;
    return static_cast<int>(w < 0 ? w + 7 : w);
}

// Index of a three-letter name in `names`, or -1.
template <std::size_t N>
int lookup(std::string_view text, const std::array<std::string_view, N>& names) {
    for (std::size_t i = 0; i < N; ++i)
        if (chars::iequals(text, names[i])) return static_cast<int>(i);
    return -1;
}

// Exactly `n` digits.
bool fixed_digits(detail::Scanner& sc, std::size_t n, int& out) {
    const std::string_view d = sc.digits();
    if (d.size() != n) return false;
    out = 0;
    for (char c : d)
        out = out * 10 + (c - '0');
    return true;
}

std::string_view alpha(detail::Scanner& sc) {
    const std::size_t start = sc.i;
    while (!sc.done() && chars::is(sc.peek(), chars::kAlpha))
        ++sc.i;
    return sc.since(start);
}

}  // namespace

Result<SipDate> parse_sip_date(std::string_view value) {
    detail::Scanner sc(value);
    sc.skip_lws();
    if (sc.done()) return bad_request("Date: empty value");
    // The grammar's SP separators are taken as LWS runs: folding may land anywhere.
    const int wkday = lookup(alpha(sc), kWeekdays);
    if (wkday < 0) return bad_request("Date: bad weekday");
    if (!sc.eat(',')) return bad_request("Date: missing comma after weekday");
    int day = 0, year = 0, hour = 0, minute = 0, second = 0;
    if (!sc.skip_lws() || !fixed_digits(sc, 2, day)) return bad_request("Date: bad day");
    if (!sc.skip_lws()) return bad_request("Date: bad month");
    const int month = lookup(alpha(sc), kMonths) + 1;
    if (month == 0) return bad_request("Date: bad month");
    if (!sc.skip_lws() || !fixed_digits(sc, 4, year)) return bad_request("Date: bad year");
    if (day < 1 || day > days_in_month(year, month)) return bad_request("Date: bad day");
    if (!sc.skip_lws() || !fixed_digits(sc, 2, hour) || !sc.eat(':') ||
        !fixed_digits(sc, 2, minute) || !sc.eat(':') || !fixed_digits(sc, 2, second) || hour > 23 ||
        minute > 59 || second > 59) {
        return bad_request("Date: bad time");
    }
    if (!sc.skip_lws()) return bad_request("Date: missing time zone");
    const std::string_view zone = sc.token();
    if (zone.empty()) return bad_request("Date: missing time zone");
    if (!chars::iequals(zone, "GMT")) return bad_request("Date: time zone must be GMT");
    sc.skip_lws();
    if (!sc.done()) return bad_request("Date: unexpected text after value");

    SipDate out;
    out.year = static_cast<std::uint16_t>(year);
    out.month = static_cast<std::uint8_t>(month);
    out.day = static_cast<std::uint8_t>(day);
    out.hour = static_cast<std::uint8_t>(hour);
    out.minute = static_cast<std::uint8_t>(minute);
    out.second = static_cast<std::uint8_t>(second);
    out.weekday = static_cast<std::uint8_t>(wkday);
    const std::int64_t days = days_from_civil(year, month, day);
    out.weekday_matches = weekday_of(days) == wkday;
    out.unix_time = days * 86400 + std::int64_t{hour} * 3600 + std::int64_t{minute} * 60 + second;
    return out;
}

std::string format_sip_date(std::int64_t unix_seconds) {
    const std::int64_t min = days_from_civil(0, 1, 1) * 86400;
    const std::int64_t max = days_from_civil(9999, 12, 31) * 86400 + 86399;
    if (unix_seconds < min) unix_seconds = min;
    if (unix_seconds > max) unix_seconds = max;
    std::int64_t days = unix_seconds / 86400;
    std::int64_t secs = unix_seconds % 86400;
    if (secs < 0) {
        secs += 86400;
        --days;
    }
    std::int64_t y = 0;
    int m = 0, d = 0;
    civil_from_days(days, y, m, d);

    std::string out(kSipDateLength, ' ');
    auto put2 = [&out](std::size_t at, int v) {
        out[at] = static_cast<char>('0' + v / 10);
        out[at + 1] = static_cast<char>('0' + v % 10);
    };
    const std::string_view wk = kWeekdays[static_cast<std::size_t>(weekday_of(days))];
    const std::string_view mon = kMonths[static_cast<std::size_t>(m - 1)];
    out.replace(0, 3, wk);
    out[3] = ',';
    put2(5, d);
    out.replace(8, 3, mon);
    put2(12, static_cast<int>(y / 100));
    put2(14, static_cast<int>(y % 100));
    put2(17, static_cast<int>(secs / 3600));
    out[19] = ':';
    put2(20, static_cast<int>(secs / 60 % 60));
    out[22] = ':';
    put2(23, static_cast<int>(secs % 60));
    out.replace(26, 3, "GMT");
    return out;
}

}  // namespace dialtone::message
