#include "runtime/message_owner.hpp"

#include "runtime/header_scan.hpp"

namespace dialtone::runtime {

std::uint64_t call_id_hash(std::string_view call_id) {
    // FNV-1a, then a final mix so that the low bits used for `% workers` depend on all input.
    std::uint64_t h = 0xcbf29ce484222325ull;
    for (char c : call_id) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001b3ull;
    }
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    return h;
}

std::size_t owner_worker(std::string_view message, std::size_t workers, std::size_t fallback) {
    if (workers <= 1) return 0;
    if (message.starts_with("REGISTER ")) return fallback;
    const std::string_view call_id = first_header_value(message, "call-id", 'i');
    if (call_id.empty()) return fallback;
    return static_cast<std::size_t>(call_id_hash(call_id) % workers);
}

}  // namespace dialtone::runtime
