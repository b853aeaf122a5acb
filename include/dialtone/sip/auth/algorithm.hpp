#pragma once
// The digest algorithms Dialtone speaks: SHA-256 (RFC 7616, RFC 8760) and MD5 (RFC 2617, for
// the many SIP phones that know nothing else). The "-sess" variants and SHA-512-256 are not
// offered and are refused when a client picks them.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "dialtone/sip/message/digest.hpp"

namespace dialtone::auth {

enum class Algorithm : std::uint8_t { Md5, Sha256 };

// The token written in algorithm= ("MD5", "SHA-256").
std::string_view algorithm_name(Algorithm a);

// Length of H(x) as lower-case hex: 32 for MD5, 64 for SHA-256.
constexpr std::size_t hex_length(Algorithm a) {
    return a == Algorithm::Md5 ? 32 : 64;
}

// The parsed algorithm directive as one of ours; nullopt for anything else.
std::optional<Algorithm> supported_algorithm(message::DigestAlgorithm a);

}  // namespace dialtone::auth
