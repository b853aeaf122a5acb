#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

namespace dialtone::server {

struct ResponderConfig {
    // Server header (RFC 3261 §20.35).
    std::string server = "dialtone";
    // What OPTIONS and 501 answers advertise (§11.2, §20.5, §20.1, §20.37). Only what the
    // server really does: it answers OPTIONS and absorbs ACK, nothing more yet.
    std::string allow = "OPTIONS, ACK";
    std::string accept = "application/sdp";
    std::string accept_encoding = "identity";
    std::string accept_language = "en";
    std::string supported;  // no option tags yet
    // Larger messages are refused with 513 (§18.1.1).
    std::size_t max_message_size = 65535;
    // Key for stateless To tags (§8.2.7); the runtime draws it at random at start-up.
    std::uint64_t tag_secret = 0;
};

}  // namespace dialtone::server
