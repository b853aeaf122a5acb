#include "dialtone/sip/message/quoted_string.hpp"

namespace dialtone::message {

namespace {

// qdtext allows LWS (a folded line end is CR LF SP) and every visible or non-ASCII octet,
// but no other control character.
bool is_qdtext_control(unsigned char c) {
    return (c < 0x20 && c != '\t' && c != '\r' && c != '\n') || c == 0x7F;
}

}  // namespace

std::size_t quoted_string_length(std::string_view text) {
    if (text.empty() || text[0] != '"') return 0;
    for (std::size_t i = 1; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == '"') return i + 1;
        if (c == '\\') {
            // quoted-pair = "\" (%x00-09 / %x0B-0C / %x0E-7F): anything ASCII but CR and LF.
            if (i + 1 >= text.size()) return 0;
            const auto e = static_cast<unsigned char>(text[i + 1]);
            if (e == '\r' || e == '\n' || e > 0x7F) return 0;
            ++i;
        } else if (is_qdtext_control(c)) {
            return 0;
        }
    }
    return 0;
}

bool has_escapes(std::string_view inner) {
    return inner.find('\\') != std::string_view::npos;
}

std::string unescape_quoted(std::string_view inner) {
    std::string out;
    out.reserve(inner.size());
    for (std::size_t i = 0; i < inner.size(); ++i) {
        if (inner[i] == '\\' && i + 1 < inner.size()) ++i;
        out.push_back(inner[i]);
    }
    return out;
}

std::string quote_string(std::string_view raw) {
    std::string out;
    out.reserve(raw.size() + 2);
    out.push_back('"');
    for (char c : raw) {
        // A CR or LF may be neither escaped nor written bare (it would end the header line),
        // so it becomes a space rather than a way to inject headers.
        if (c == '\r' || c == '\n') c = ' ';
        if (c == '"' || c == '\\') out.push_back('\\');
        out.push_back(c);
    }
    out.push_back('"');
    return out;
}

}  // namespace dialtone::message
