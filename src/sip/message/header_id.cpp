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

// Long names bucketed by (length, lower-case first letter) for a short candidate list.
constexpr std::size_t kMaxNameLen = 20;

struct LongTable {
    // For each name length, the ids whose long name has that length.
    std::array<std::array<HeaderId, 8>, kMaxNameLen + 1> by_len{};
    constexpr LongTable() {
        for (auto& row : by_len)
            for (auto& id : row)
                id = HeaderId::Unknown;
        for (std::size_t i = 1; i < kHeaderIdCount; ++i) {
            auto& row = by_len[kHeaderTable[i].name.size()];
            std::size_t n = 0;
            while (row[n] != HeaderId::Unknown)
                ++n;
            row[n] = kHeaderTable[i].id;
        }
    }
};
constexpr LongTable kLong{};

}  // namespace

HeaderId header_id_from_name(std::string_view name) {
    if (name.size() == 1) {
        const char c = chars::to_lower(name[0]);
        if (c >= 'a' && c <= 'z') return kCompact.ids[c - 'a'];
        return HeaderId::Unknown;
    }
    if (name.size() > kMaxNameLen) return HeaderId::Unknown;
    for (HeaderId id : kLong.by_len[name.size()]) {
        if (id == HeaderId::Unknown) break;
        if (chars::iequals(name, header_info(id).name)) return id;
    }
    return HeaderId::Unknown;
}

}  // namespace dialtone::message
