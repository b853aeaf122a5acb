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

// The words of one name of 2 to 16 octets, as the table keeps them: the first word (masked
// to the name when shorter than 8 octets) and, past 8 octets, the last one.
struct NameKey {
    std::size_t len = 0;
    std::uint64_t mask = 0;
    std::uint64_t lower[2] = {0, 0};
    std::uint64_t letter[2] = {0, 0};
};

constexpr NameKey name_key(HeaderId id) {
    const std::string_view name = kHeaderTable[static_cast<std::size_t>(id)].name;
    NameKey k;
    k.len = name.size();
    char lower[16] = {};
    char letter[16] = {};
    for (std::size_t i = 0; i < name.size() && i < 16; ++i) {
        const char c = name[i];
        const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        lower[i] = alpha ? static_cast<char>(c | 0x20) : c;
        letter[i] = alpha ? 0x20 : 0;
    }
    const std::size_t first = k.len < 8 ? k.len : 8;
    k.mask = k.len < 8 ? low_bytes(k.len) : ~std::uint64_t{0};
    k.lower[0] = load(lower, first);
    k.letter[0] = load(letter, first);
    if (k.len > 8) {
        k.lower[1] = load(lower + k.len - 8, 8);
        k.letter[1] = load(letter + k.len - 8, 8);
    }
    return k;
}

// Whether the name of `Id`'s length at p (8 octets readable at p, w = those 8) is Id's name.
template <HeaderId Id>
inline bool is_name(std::uint64_t w, const char* p) {
    constexpr NameKey k = name_key(Id);
    static_assert(k.len >= 2 && k.len <= 16);
    if (((w & k.mask) | k.letter[0]) != k.lower[0]) return false;
    if constexpr (k.len > 8) return (load8(p + k.len - 8) | k.letter[1]) == k.lower[1];
    return true;
}

// The headers nearly every request and response carries (RFC 3261 §20, the ones a proxy
// reads and the framing ones), by length: a jump and a compare or two against constants,
// where the table costs a hash and a probe. Unknown when it is none of them.
inline HeaderId find_common(std::uint64_t w, const char* p, std::size_t len) {
    switch (len) {
        case 2:
            if (is_name<HeaderId::To>(w, p)) return HeaderId::To;
            break;
        case 3:
            if (is_name<HeaderId::Via>(w, p)) return HeaderId::Via;
            break;
        case 4:
            if (is_name<HeaderId::From>(w, p)) return HeaderId::From;
            if (is_name<HeaderId::CSeq>(w, p)) return HeaderId::CSeq;
            break;
        case 5:
            if (is_name<HeaderId::Route>(w, p)) return HeaderId::Route;
            if (is_name<HeaderId::Allow>(w, p)) return HeaderId::Allow;
            break;
        case 7:
            if (is_name<HeaderId::CallId>(w, p)) return HeaderId::CallId;
            if (is_name<HeaderId::Contact>(w, p)) return HeaderId::Contact;
            if (is_name<HeaderId::Expires>(w, p)) return HeaderId::Expires;
            break;
        case 9:
            if (is_name<HeaderId::Supported>(w, p)) return HeaderId::Supported;
            break;
        case 10:
            if (is_name<HeaderId::UserAgent>(w, p)) return HeaderId::UserAgent;
            break;
        case 12:
            if (is_name<HeaderId::MaxForwards>(w, p)) return HeaderId::MaxForwards;
            if (is_name<HeaderId::RecordRoute>(w, p)) return HeaderId::RecordRoute;
            if (is_name<HeaderId::ContentType>(w, p)) return HeaderId::ContentType;
            break;
        case 13:
            if (is_name<HeaderId::Authorization>(w, p)) return HeaderId::Authorization;
            break;
        case 14:
            if (is_name<HeaderId::ContentLength>(w, p)) return HeaderId::ContentLength;
            break;
        default:
            break;
    }
    return HeaderId::Unknown;
}

}  // namespace word_key

// Always inline: in the parser's line loop a call costs more than the lookup itself (the
// loop's values are saved and restored around it).
inline __attribute__((always_inline)) HeaderId find_in_buffer(const char* p, std::size_t len,
                                                              const char* end) {
    // The table holds little-endian words.
    if constexpr (std::endian::native != std::endian::little) return find(p, len);
    if (len < 2 || len > kLongest || end - p < 8) return find(p, len);
    using namespace word_key;
    const std::uint64_t w = load8(p);
    if (const HeaderId common = find_common(w, p, len); common != HeaderId::Unknown) return common;
    const std::uint64_t w0 = len < 8 ? w & low_bytes(len) : w;
    const std::uint64_t wl = len >= 8 ? load8(p + len - 8) : 0;
    for (std::size_t h = slot(w0 | (kFold & (len < 8 ? low_bytes(len) : ~std::uint64_t{0})),
                              len >= 8 ? wl | kFold : 0, len);
         ; h = (h + 1) & 255) {
        const Entry& e = kTable.slots[h];
        // An empty slot has length 0, which no name here has: the first test fails on it,
        // so the test for the end of the probe sequence waits until a mismatch.
        if (e.len == len && (w0 | e.letter[0]) == e.lower[0] &&
            (len <= 8 || (wl | e.letter[2]) == e.lower[2]) &&
            (len <= 16 || (load8(p + 8) | e.letter[1]) == e.lower[1]))
            return e.id;
        if (e.id == HeaderId::Unknown) return HeaderId::Unknown;
    }
}

}  // namespace dialtone::message::header_lookup
