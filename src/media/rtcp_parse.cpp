#include <algorithm>

#include "media/byte_order.hpp"
#include "media/rtcp_packet.hpp"

namespace dialtone::media {

namespace {

using Bytes = std::span<const std::uint8_t>;
using ParseResult = Result<std::vector<RtcpPacket>>;

constexpr std::size_t kReportBlockSize = 24;
constexpr std::size_t kSenderInfoSize = 20;

ReportBlock read_report_block(const std::uint8_t* p) {
    ReportBlock b;
    b.ssrc = load_be32(p);
    b.fraction_lost = p[4];
    // 24-bit two's complement.
    std::uint32_t lost = (std::uint32_t{p[5]} << 16) | (std::uint32_t{p[6]} << 8) | p[7];
    if (lost & 0x800000u) lost |= 0xff000000u;
    b.cumulative_lost = static_cast<std::int32_t>(lost);
    b.extended_highest_sequence = load_be32(p + 8);
    b.jitter = load_be32(p + 12);
    b.last_sr = load_be32(p + 16);
    b.delay_since_last_sr = load_be32(p + 20);
    return b;
}

// Reads `count` report blocks at `body[at...]`; false when they do not fit.
bool read_report_blocks(Bytes body, std::size_t at, std::size_t count,
                        std::vector<ReportBlock>& out) {
    if (body.size() < at + count * kReportBlockSize) return false;
    out.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        out.push_back(read_report_block(body.data() + at + i * kReportBlockSize));
    }
    // Anything after the blocks is a profile-specific extension (§6.4.1): ignored.
    return true;
}

std::string_view parse_sdes(Bytes body, std::size_t count, SourceDescription& sdes) {
    std::size_t at = 0;
    sdes.chunks.reserve(count);
    for (std::size_t c = 0; c < count; ++c) {
        if (body.size() < at + 4) return "RTCP SDES chunk exceeds the packet";
        SdesChunk chunk;
        chunk.ssrc = load_be32(body.data() + at);
        at += 4;
        // Items until a null item; then the chunk is padded to a 32-bit boundary (§6.5).
        for (;;) {
            if (at >= body.size()) return "RTCP SDES chunk has no end";
            const std::uint8_t type = body[at];
            if (type == 0) break;
            if (at + 2 > body.size()) return "RTCP SDES item exceeds the packet";
            const std::size_t length = body[at + 1];
            if (at + 2 + length > body.size()) return "RTCP SDES item exceeds the packet";
            const auto* text = reinterpret_cast<const char*>(body.data() + at + 2);
            chunk.items.push_back(SdesItem{type, std::string(text, length)});
            at += 2 + length;
        }
        at = (at + 4) & ~std::size_t{3};  // past the null octet, to the next boundary
        if (at > body.size()) return "RTCP SDES chunk exceeds the packet";
        sdes.chunks.push_back(std::move(chunk));
    }
    return {};
}

std::string_view parse_bye(Bytes body, std::size_t count, Goodbye& bye) {
    if (body.size() < 4 * count) return "RTCP BYE source list exceeds the packet";
    bye.sources.reserve(count);
    for (std::size_t i = 0; i < count; ++i)
        bye.sources.push_back(load_be32(body.data() + 4 * i));
    const std::size_t at = 4 * count;
    if (at < body.size()) {
        const std::size_t length = body[at];
        if (at + 1 + length > body.size()) return "RTCP BYE reason exceeds the packet";
        bye.reason.assign(reinterpret_cast<const char*>(body.data() + at + 1), length);
    }
    return {};
}

// Parses one packet's body (after the 4-octet header, padding removed).
std::string_view parse_body(std::uint8_t type, std::uint8_t count, Bytes body,
                            std::vector<RtcpPacket>& out) {
    switch (type) {
        case kRtcpSenderReport: {
            SenderReport sr;
            if (body.size() < 4 + kSenderInfoSize) return "RTCP SR shorter than its sender info";
            const std::uint8_t* p = body.data();
            sr.ssrc = load_be32(p);
            sr.sender.ntp.value = (std::uint64_t{load_be32(p + 4)} << 32) | load_be32(p + 8);
            sr.sender.rtp_timestamp = load_be32(p + 12);
            sr.sender.packet_count = load_be32(p + 16);
            sr.sender.octet_count = load_be32(p + 20);
            if (!read_report_blocks(body, 4 + kSenderInfoSize, count, sr.reports)) {
                return "RTCP SR report blocks exceed the packet";
            }
            out.emplace_back(std::move(sr));
            return {};
        }
        case kRtcpReceiverReport: {
            ReceiverReport rr;
            if (body.size() < 4) return "RTCP RR shorter than its SSRC";
            rr.ssrc = load_be32(body.data());
            if (!read_report_blocks(body, 4, count, rr.reports)) {
                return "RTCP RR report blocks exceed the packet";
            }
            out.emplace_back(std::move(rr));
            return {};
        }
        case kRtcpSourceDescription: {
            SourceDescription sdes;
            if (auto e = parse_sdes(body, count, sdes); !e.empty()) return e;
            out.emplace_back(std::move(sdes));
            return {};
        }
        case kRtcpGoodbye: {
            Goodbye bye;
            if (auto e = parse_bye(body, count, bye); !e.empty()) return e;
            out.emplace_back(std::move(bye));
            return {};
        }
        default:
            out.emplace_back(
                OtherRtcp{type, count, std::vector<std::uint8_t>(body.begin(), body.end())});
            return {};
    }
}

}  // namespace

std::optional<std::string_view> SdesChunk::cname() const {
    for (const SdesItem& item : items) {
        if (item.type == kSdesCname) return std::string_view(item.text);
    }
    return std::nullopt;
}

Result<std::vector<RtcpPacket>> parse_rtcp(std::span<const std::uint8_t> bytes) {
    if (bytes.size() < 4) return ParseResult::failure("RTCP packet shorter than 4 octets");
    if (bytes.size() % 4 != 0) return ParseResult::failure("RTCP length is not a multiple of 4");
    // §A.2: the first packet is an SR or RR, version 2, not padded.
    if ((bytes[0] >> 6) != 2) return ParseResult::failure("RTCP version is not 2");
    if (bytes[0] & 0x20) return ParseResult::failure("RTCP padding on the first packet");
    if (bytes[1] != kRtcpSenderReport && bytes[1] != kRtcpReceiverReport) {
        return ParseResult::failure("compound RTCP does not start with SR or RR");
    }

    std::vector<RtcpPacket> packets;
    std::size_t at = 0;
    while (at < bytes.size()) {
        if (bytes.size() - at < 4) return ParseResult::failure("RTCP packet header truncated");
        const std::uint8_t* p = bytes.data() + at;
        if ((p[0] >> 6) != 2) return ParseResult::failure("RTCP version is not 2");
        const std::size_t length = (std::size_t{load_be16(p + 2)} + 1) * 4;
        if (length > bytes.size() - at) {
            return ParseResult::failure("RTCP length field exceeds the datagram");
        }
        std::size_t body_length = length - 4;
        if (p[0] & 0x20) {
            // Padding belongs to the last packet only (§6.4.1 "padding (P)").
            if (at + length != bytes.size()) {
                return ParseResult::failure("RTCP padding before the last packet");
            }
            const std::uint8_t pad = p[length - 1];
            if (pad == 0 || pad > body_length)
                return ParseResult::failure("RTCP padding is invalid");
            body_length -= pad;
        }
        if (auto e = parse_body(p[1], p[0] & 0x1f, bytes.subspan(at + 4, body_length), packets);
            !e.empty()) {
            return ParseResult::failure(e);
        }
        at += length;
    }
    return packets;
}

}  // namespace dialtone::media
