#include "dialtone/sip/auth/algorithm.hpp"

namespace dialtone::auth {

std::string_view algorithm_name(Algorithm a) {
    return a == Algorithm::Md5 ? "MD5" : "SHA-256";
}

std::optional<Algorithm> supported_algorithm(message::DigestAlgorithm a) {
    switch (a) {
        case message::DigestAlgorithm::Md5:
            return Algorithm::Md5;
        case message::DigestAlgorithm::Sha256:
            return Algorithm::Sha256;
        default:
            return std::nullopt;
    }
}

}  // namespace dialtone::auth
