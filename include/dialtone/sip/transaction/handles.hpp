#pragma once
// Handles name a transaction the layer owns. They are plain values (8 bytes), cheap to copy
// and safe to keep: each carries the generation of its slot, so a handle to a transaction
// that has since ended (and whose slot may hold a new one) is recognised as stale rather
// than reaching the wrong transaction.

#include <cstdint>
#include <functional>
#include <variant>

namespace dialtone::transaction {

inline constexpr std::uint32_t kNoSlot = 0xffffffffU;

struct TransactionId {
    std::uint32_t slot = kNoSlot;
    std::uint32_t generation = 0;

    bool valid() const { return slot != kNoSlot; }
    friend bool operator==(const TransactionId&, const TransactionId&) = default;
};

// A client transaction (RFC 3261 §17.1), made by TransactionLayer::send_request.
struct ClientHandle {
    TransactionId id;

    explicit operator bool() const { return id.valid(); }
    friend bool operator==(const ClientHandle&, const ClientHandle&) = default;
};

// A server transaction (RFC 3261 §17.2), made when a request arrives.
struct ServerHandle {
    TransactionId id;

    explicit operator bool() const { return id.valid(); }
    friend bool operator==(const ServerHandle&, const ServerHandle&) = default;
};

// Either side, in the actions that can concern both. std::monostate marks a message sent
// outside any transaction (TransactionLayer::send_stateless).
using TransactionRef = std::variant<std::monostate, ClientHandle, ServerHandle>;

}  // namespace dialtone::transaction

template <>
struct std::hash<dialtone::transaction::TransactionId> {
    std::size_t operator()(const dialtone::transaction::TransactionId& id) const noexcept {
        return std::hash<std::uint64_t>{}((std::uint64_t{id.generation} << 32) | id.slot);
    }
};
template <>
struct std::hash<dialtone::transaction::ClientHandle> {
    std::size_t operator()(const dialtone::transaction::ClientHandle& h) const noexcept {
        return std::hash<dialtone::transaction::TransactionId>{}(h.id);
    }
};
template <>
struct std::hash<dialtone::transaction::ServerHandle> {
    std::size_t operator()(const dialtone::transaction::ServerHandle& h) const noexcept {
        return std::hash<dialtone::transaction::TransactionId>{}(h.id) ^ 0x9e3779b97f4a7c15ULL;
    }
};
