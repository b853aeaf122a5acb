#include "dialtone/sip/message/header_id.hpp"

#include "sip/message/char_class.hpp"

namespace dialtone::message {

namespace {

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
constexpr CompactTable kCompact{};

constexpr char lower(char c) {
    return chars::kLower.map[static_cast<unsigned char>(c)];
}

// Long names in an open-addressing table keyed by length, first and last letter: a lookup
// is one hash, usually one probe, and one comparison.
constexpr std::size_t kSlots = 256;

constexpr std::size_t name_hash(std::size_t len, char first, char last) {
    return (len * 7 + static_cast<unsigned char>(lower(first)) * 31 +
            static_cast<unsigned char>(lower(last)) * 3) &
           (kSlots - 1);
}

struct LongTable {
    std::array<HeaderId, kSlots> slots{};
    // Each name in lower case, so a comparison lowers only the input.
    std::array<std::array<char, 24>, kHeaderIdCount> lower_names{};
    constexpr LongTable() {
        for (std::size_t i = 1; i < kHeaderIdCount; ++i)
            for (std::size_t k = 0; k < kHeaderTable[i].name.size(); ++k)
                lower_names[i][k] = lower(kHeaderTable[i].name[k]);
        for (auto& id : slots)
            id = HeaderId::Unknown;
        for (std::size_t i = 1; i < kHeaderIdCount; ++i) {
            const std::string_view name = kHeaderTable[i].name;
            std::size_t h = name_hash(name.size(), name.front(), name.back());
            while (slots[h] != HeaderId::Unknown)
                h = (h + 1) & (kSlots - 1);
            slots[h] = kHeaderTable[i].id;
        }
    }
};
constexpr LongTable kLong{};

bool equals_lowered(std::string_view name, const std::array<char, 24>& lowered) {
    for (std::size_t i = 0; i < name.size(); ++i)
        if (lower(name[i]) != lowered[i]) return false;
    return true;
}

}  // namespace

HeaderId header_id_from_name(std::string_view name) {
    if (name.size() == 1) {
        const char c = chars::to_lower(name[0]);
        if (c >= 'a' && c <= 'z') return kCompact.ids[c - 'a'];
        return HeaderId::Unknown;
    }
    if (name.empty()) return HeaderId::Unknown;
    for (std::size_t h = name_hash(name.size(), name.front(), name.back());;
         h = (h + 1) & (kSlots - 1)) {
        const HeaderId id = kLong.slots[h];
        if (id == HeaderId::Unknown) break;
        if (header_info(id).name.size() == name.size() &&
            equals_lowered(name, kLong.lower_names[static_cast<std::size_t>(id)]))
            return id;
    }
    return HeaderId::Unknown;
}

}  // namespace dialtone::message
