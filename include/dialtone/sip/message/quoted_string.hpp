#pragma once
// RFC 3261 §25.1 quoted-string: DQUOTE *(qdtext / quoted-pair) DQUOTE. Typed header parsers
// hand out the text between the quotes as a view; escapes are rare, so resolving them is
// a separate step that allocates only when a caller needs the plain text.

#include <cstddef>
#include <string>
#include <string_view>

namespace dialtone::message {

// Length of the quoted-string at the start of `text` (text[0] must be '"'), both quotes
// included. 0 when `text` does not start with '"', when the closing quote is missing, or
// when it holds a byte the grammar forbids (a bare control character, an escaped CR/LF).
std::size_t quoted_string_length(std::string_view text);

// True when `inner` (the text between the quotes) holds a quoted-pair to resolve.
bool has_escapes(std::string_view inner);

// The text between the quotes with each quoted-pair "\x" replaced by "x".
std::string unescape_quoted(std::string_view inner);

// `raw` written as a quoted-string, with '"' and '\' escaped (for building headers); CR and
// LF become spaces, since the grammar allows them neither bare nor escaped.
std::string quote_string(std::string_view raw);

}  // namespace dialtone::message
