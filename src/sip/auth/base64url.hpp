#pragma once
// base64url without padding (RFC 4648 §5): nonces travel inside quoted strings and end up
// in logs, so their alphabet avoids '+', '/' and '='.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace dialtone::auth::detail {

std::string base64url_encode(const std::uint8_t* bytes, std::size_t n);

// Decodes into `out` (capacity `cap`); returns the number of bytes written, or -1 when the
// text is not unpadded base64url or does not fit.
std::ptrdiff_t base64url_decode(std::string_view text, std::uint8_t* out, std::size_t cap);

}  // namespace dialtone::auth::detail
