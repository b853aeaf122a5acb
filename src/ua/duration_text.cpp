#include "ua/duration_text.hpp"

#include <charconv>
#include <cmath>
#include <string>

namespace dialtone::ua {

std::optional<std::chrono::milliseconds> parse_duration_text(std::string_view text) {
    std::size_t digits = 0;
    while (digits < text.size() &&
           ((text[digits] >= '0' && text[digits] <= '9') || text[digits] == '.'))
        ++digits;
    if (digits == 0) return std::nullopt;
    // std::from_chars for double is in GCC 12's libstdc++; it rejects "1.2.3" by stopping
    // early, which the length check below catches.
    double value = 0;
    const char* begin = text.data();
    auto [end, ec] = std::from_chars(begin, begin + digits, value);
    if (ec != std::errc() || end != begin + digits || !std::isfinite(value)) return std::nullopt;
    const std::string_view unit = text.substr(digits);
    double scale = 0;
    if (unit.empty() || unit == "s") {
        scale = 1000;
    } else if (unit == "ms") {
        scale = 1;
    } else if (unit == "m" || unit == "min") {
        scale = 60'000;
    } else if (unit == "h") {
        scale = 3'600'000;
    } else {
        return std::nullopt;
    }
    const double ms = value * scale;
    if (ms > 86'400'000.0) return std::nullopt;
    return std::chrono::milliseconds(static_cast<std::int64_t>(std::llround(ms)));
}

}  // namespace dialtone::ua
