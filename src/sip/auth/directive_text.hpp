#pragma once
// Reading directive values out of a parsed AuthHeader: the message layer hands out quoted
// values with their escapes in place, and digests are computed over the plain text.

#include <optional>
#include <string>
#include <string_view>

namespace dialtone::auth::detail {

// `value` with quoted-pairs resolved. Returns `value` itself when it has none (the usual
// case), else the text written into `storage`.
std::string_view plain(std::string_view value, std::string& storage);

// RFC 7616 §3.4.4 username* (RFC 8187 ext-value: charset "'" [language] "'" pct-encoded),
// as UTF-8. nullopt when malformed or the charset is not UTF-8.
std::optional<std::string> decode_ext_value(std::string_view value);

// ASCII case-insensitive equality.
bool iequals(std::string_view a, std::string_view b);

}  // namespace dialtone::auth::detail
