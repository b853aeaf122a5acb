#include "dialtone/sip/sdp/rtpmap.hpp"

#include <array>

#include "sip/sdp/text.hpp"

namespace dialtone::sdp {

bool RtpMap::same_codec(const RtpMap& other) const {
    return text::iequals(encoding_name, other.encoding_name) && clock_rate == other.clock_rate &&
           channels() == other.channels();
}

std::string RtpMap::encoding() const {
    std::string out = encoding_name + "/" + text::decimal(clock_rate);
    if (encoding_parameters) out += "/" + text::decimal(*encoding_parameters);
    return out;
}

std::optional<std::uint8_t> parse_payload_type(std::string_view fmt) {
    return text::parse_uint<std::uint8_t>(fmt, 127);
}

std::optional<RtpMap> parse_rtpmap(std::string_view value) {
    const auto parts = text::fields(value);
    if (parts.size() != 2) return std::nullopt;
    const auto pt = parse_payload_type(parts[0]);
    if (!pt) return std::nullopt;
    RtpMap out;
    out.payload_type = *pt;
    std::string_view enc = parts[1];
    const std::size_t slash = enc.find('/');
    if (slash == std::string_view::npos) return std::nullopt;
    const std::string_view name = enc.substr(0, slash);
    if (!text::is_token(name)) return std::nullopt;
    out.encoding_name = std::string(name);
    enc.remove_prefix(slash + 1);
    const std::size_t slash2 = enc.find('/');
    const auto rate = text::parse_uint<std::uint32_t>(enc.substr(0, slash2));
    if (!rate || *rate == 0) return std::nullopt;
    out.clock_rate = *rate;
    if (slash2 != std::string_view::npos) {
        const auto params = text::parse_uint<std::uint32_t>(enc.substr(slash2 + 1));
        if (!params || *params == 0) return std::nullopt;
        out.encoding_parameters = *params;
    }
    return out;
}

namespace {

struct StaticEntry {
    std::uint8_t payload_type;
    std::string_view name;
    std::uint32_t clock_rate;
    std::uint32_t channels;  // 0: not stated (video, MPA)
};

// RFC 3551 §6, Table 4 (audio) and Table 5 (video).
constexpr std::array<StaticEntry, 24> kStatic{{
    {0, "PCMU", 8000, 1},   {3, "GSM", 8000, 1},    {4, "G723", 8000, 1},   {5, "DVI4", 8000, 1},
    {6, "DVI4", 16000, 1},  {7, "LPC", 8000, 1},    {8, "PCMA", 8000, 1},   {9, "G722", 8000, 1},
    {10, "L16", 44100, 2},  {11, "L16", 44100, 1},  {12, "QCELP", 8000, 1}, {13, "CN", 8000, 1},
    {14, "MPA", 90000, 0},  {15, "G728", 8000, 1},  {16, "DVI4", 11025, 1}, {17, "DVI4", 22050, 1},
    {18, "G729", 8000, 1},  {25, "CelB", 90000, 0}, {26, "JPEG", 90000, 0}, {28, "nv", 90000, 0},
    {31, "H261", 90000, 0}, {32, "MPV", 90000, 0},  {33, "MP2T", 90000, 0}, {34, "H263", 90000, 0},
}};

}  // namespace

std::optional<RtpMap> static_payload_type(std::uint8_t payload_type) {
    for (const StaticEntry& e : kStatic) {
        if (e.payload_type != payload_type) continue;
        RtpMap m;
        m.payload_type = e.payload_type;
        m.encoding_name = std::string(e.name);
        m.clock_rate = e.clock_rate;
        // Only a channel count other than one is written ("L16/44100/2"), as RFC 4566 §6
        // makes one the default.
        if (e.channels > 1) m.encoding_parameters = e.channels;
        return m;
    }
    return std::nullopt;
}

}  // namespace dialtone::sdp
