#pragma once
// A quick look at one header of a raw message without parsing it, for the runtime's own
// decisions: which worker owns a message (its Call-ID) and where a response goes (its top
// Via). Full parsing stays the message layer's job; this only walks header lines.

#include <string_view>

namespace dialtone::runtime {

// The value of the first header named `name` or its compact form `compact` (RFC 3261
// §7.3.3), case-insensitively, with surrounding whitespace trimmed and folded lines
// (§7.3.1) included as written. Stops at the end of the header section. Empty when
// absent.
std::string_view first_header_value(std::string_view message, std::string_view name, char compact);

}  // namespace dialtone::runtime
