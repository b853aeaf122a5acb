#pragma once
// Header name lookup, inline for the message parser's line loop; header_id_from_name is the
// public face of the same tables.

#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "dialtone/sip/message/header_id.hpp"
#include "sip/message/char_class.hpp"

namespace dialtone::message::header_lookup {

// Compact forms (RFC 3261 §7.3.3 and the extension RFCs) indexed by lower-case letter.
struct CompactTable {
    std::array<HeaderId, 26> ids{};
    constexpr CompactTable() {
        for (auto& id : ids)
            id = HeaderId::Unknown;
        for (const HeaderInfo& h : kHeaderTable)
            if (h.compact != 0) ids[h.compact - 'a'] = h.id;
    }
};
inline constexpr CompactTable kCompact{};

// Long names sit in an open-addressing table of 256 slots under a hash of the length and the
// first, middle and last octets, OR-ed with 0x20 (lower case for letters; '-' already has
// the bit). The multipliers were searched for so that no two of today's names share a slot:
// a lookup is one hash, one slot and one comparison (a new name may cost a probe more).
inline constexpr std::size_t kSlots = 256;
inline constexpr std::size_t kLongest = 24;

constexpr std::size_t fold(char c) {
    return static_cast<unsigned char>(c) | 0x20u;
}

constexpr std::size_t name_hash(const char* s, std::size_t len) {
    return (len * 3 + fold(s[0]) * 25 + fold(s[len - 1]) * 41 + fold(s[len / 2])) & (kSlots - 1);
}

struct LongTable {
    std::array<HeaderId, kSlots> slots{};
    // Per id: the name in lower case, and 0x20 at each letter, 0 elsewhere. An input octet c
    // matches a letter when (c | 0x20) equals it (exactly its two cases) and any other name
    // octet ('-') only when equal, so known names compare a word at a time.
    std::array<std::array<char, kLongest>, kHeaderIdCount> lower{};
    std::array<std::array<char, kLongest>, kHeaderIdCount> letter{};
    constexpr LongTable() {
        for (auto& id : slots)
            id = HeaderId::Unknown;
        for (std::size_t i = 1; i < kHeaderIdCount; ++i) {
            const std::string_view name = kHeaderTable[i].name;
            for (std::size_t k = 0; k < name.size(); ++k) {
                const char c = name[k];
                const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
                lower[i][k] = alpha ? static_cast<char>(c | 0x20) : c;
                letter[i][k] = alpha ? 0x20 : 0;
            }
            std::size_t h = name_hash(name.data(), name.size());
            while (slots[h] != HeaderId::Unknown)
                h = (h + 1) & (kSlots - 1);
            slots[h] = kHeaderTable[i].id;
        }
    }
};
inline constexpr LongTable kLong{};
static_assert([] {
    for (const HeaderInfo& h : kHeaderTable)
        if (h.name.size() > kLongest) return false;
    return true;
}());

template <class W>
inline bool word_matches(const char* s, std::size_t at, const std::array<char, kLongest>& lower,
                         const std::array<char, kLongest>& letter) {
    W in, lo, le;
    std::memcpy(&in, s + at, sizeof(W));
    std::memcpy(&lo, lower.data() + at, sizeof(W));
    std::memcpy(&le, letter.data() + at, sizeof(W));
    return static_cast<W>(in | le) == lo;
}

// Case-insensitive equality of s (len >= 2 octets) with known name `i` of the same length,
// by overlapping word loads that never leave either string.
inline bool matches(const char* s, std::size_t len, std::size_t i) {
    const auto& lo = kLong.lower[i];
    const auto& le = kLong.letter[i];
    if (len >= 8) {
        for (std::size_t k = 0; k + 8 < len; k += 8)
            if (!word_matches<std::uint64_t>(s, k, lo, le)) return false;
        return word_matches<std::uint64_t>(s, len - 8, lo, le);
    }
    if (len >= 4)
        return word_matches<std::uint32_t>(s, 0, lo, le) &&
               word_matches<std::uint32_t>(s, len - 4, lo, le);
    return word_matches<std::uint16_t>(s, 0, lo, le) &&
           word_matches<std::uint16_t>(s, len - 2, lo, le);
}

// Case-insensitive lookup of a name of `len` >= 2 octets at s; Unknown when not known.
inline HeaderId find_long(const char* s, std::size_t len) {
    if (len > kLongest) return HeaderId::Unknown;
    for (std::size_t h = name_hash(s, len);; h = (h + 1) & (kSlots - 1)) {
        const HeaderId id = kLong.slots[h];
        if (id == HeaderId::Unknown) return HeaderId::Unknown;
        const auto i = static_cast<std::size_t>(id);
        if (kHeaderTable[i].name.size() == len && matches(s, len, i)) return id;
    }
}

// Any name: compact forms (one letter) and long names.
inline HeaderId find(const char* s, std::size_t len) {
    if (len == 1) {
        const char c = chars::to_lower(s[0]);
        if (c >= 'a' && c <= 'z') return kCompact.ids[static_cast<std::size_t>(c - 'a')];
        return HeaderId::Unknown;
    }
    if (len == 0) return HeaderId::Unknown;
    return find_long(s, len);
}

// The parser's lookup, for a name inside the message buffer with at least 8 octets from its
// start to `end`: whole-word loads, one multiply for the hash, and up to three word
// compares. Names are keyed by their first and last 8 octets (OR-ed with 0x20, which lowers
// letters and keeps '-') and their length; the multiplier was searched for so that today's
// names take distinct slots of 256.
namespace word_key {

inline constexpr std::uint64_t kFold = 0x2020202020202020u;
inline constexpr std::uint64_t kMul = 0x6695a69c374c22d3u;

constexpr std::uint64_t load(const char* s, std::size_t n) {  // n <= 8 octets, little-endian
    std::uint64_t w = 0;
    for (std::size_t i = 0; i < n; ++i)
        w |= std::uint64_t{static_cast<unsigned char>(s[i])} << (8 * i);
    return w;
}

constexpr std::uint64_t low_bytes(std::size_t n) {  // mask of the first n < 8 octets
    return (std::uint64_t{1} << (8 * n)) - 1;
}

constexpr std::size_t slot(std::uint64_t first, std::uint64_t last, std::size_t len) {
    return static_cast<std::size_t>(((first + last * 3 + len) * kMul) >> 56);
}

struct alignas(64) Entry {  // 64 octets: a slot index is a shift away from its entry
    HeaderId id = HeaderId::Unknown;
    std::uint8_t len = 0;
    // Lower-case words of the name at offsets 0, 8 and len - 8 (the first masked to len
    // octets when shorter), and 0x20 at each letter of those words.
    std::uint64_t lower[3] = {0, 0, 0};
    std::uint64_t letter[3] = {0, 0, 0};
};

struct Table {
    std::array<Entry, 256> slots{};
    constexpr Table() {
        for (std::size_t i = 1; i < kHeaderIdCount; ++i) {
            const std::string_view name = kHeaderTable[i].name;
            const std::size_t len = name.size();
            char lower[kLongest] = {};
            char letter[kLongest] = {};
            for (std::size_t k = 0; k < len; ++k) {
                const char c = name[k];
                const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
                lower[k] = alpha ? static_cast<char>(c | 0x20) : c;
                letter[k] = alpha ? 0x20 : 0;
            }
            Entry e;
            e.id = kHeaderTable[i].id;
            e.len = static_cast<std::uint8_t>(len);
            const std::size_t first = len < 8 ? len : 8;
            e.lower[0] = load(lower, first);
            e.letter[0] = load(letter, first);
            if (len > 16) {
                e.lower[1] = load(lower + 8, 8);
                e.letter[1] = load(letter + 8, 8);
            }
            if (len > 8) {
                e.lower[2] = load(lower + len - 8, 8);
                e.letter[2] = load(letter + len - 8, 8);
            }
            const std::uint64_t last = len >= 8 ? load(lower + len - 8, 8) : 0;
            std::size_t h = slot(e.lower[0], last, len);
            while (slots[h].id != HeaderId::Unknown)
                h = (h + 1) & 255;
            slots[h] = e;
        }
    }
};
inline constexpr Table kTable{};

inline std::uint64_t load8(const char* p) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    return w;
}

}  // namespace word_key

inline HeaderId find_in_buffer(const char* p, std::size_t len, const char* end) {
    // The table holds little-endian words.
    if constexpr (std::endian::native != std::endian::little) return find(p, len);
    if (len < 2 || len > kLongest || end - p < 8) return find(p, len);
    using namespace word_key;
    const std::uint64_t w0 = len < 8 ? load8(p) & low_bytes(len) : load8(p);
    const std::uint64_t wl = len >= 8 ? load8(p + len - 8) : 0;
    for (std::size_t h = slot(w0 | (kFold & (len < 8 ? low_bytes(len) : ~std::uint64_t{0})),
                              len >= 8 ? wl | kFold : 0, len);
         ; h = (h + 1) & 255) {
        const Entry& e = kTable.slots[h];
        if (e.id == HeaderId::Unknown) return HeaderId::Unknown;
        if (e.len != len || (w0 | e.letter[0]) != e.lower[0]) continue;
        if (len > 8 && (wl | e.letter[2]) != e.lower[2]) continue;
        if (len > 16 && (load8(p + 8) | e.letter[1]) != e.lower[1]) continue;
        return e.id;
    }
}

}  // namespace dialtone::message::header_lookup
