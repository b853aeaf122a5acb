#include <algorithm>

#include "media/byte_order.hpp"
#include "media/rtcp_packet.hpp"

namespace dialtone::media {

namespace {

constexpr std::size_t kMaxCount = 31;
constexpr std::size_t kMaxText = 255;

// Appends a header whose length is patched by finish_packet.
std::size_t begin_packet(std::uint8_t type, std::size_t count, std::vector<std::uint8_t>& out) {
    const std::size_t start = out.size();
    out.push_back(static_cast<std::uint8_t>(0x80 | std::min(count, kMaxCount)));
    out.push_back(type);
    append_be16(out, 0);
    return start;
}

void finish_packet(std::size_t start, std::vector<std::uint8_t>& out) {
    while ((out.size() - start) % 4 != 0)
        out.push_back(0);
    store_be16(out.data() + start + 2, static_cast<std::uint16_t>((out.size() - start) / 4 - 1));
}

void append_report_blocks(const std::vector<ReportBlock>& blocks, std::vector<std::uint8_t>& out) {
    const std::size_t n = std::min(blocks.size(), kMaxCount);
    for (std::size_t i = 0; i < n; ++i) {
        const ReportBlock& b = blocks[i];
        append_be32(out, b.ssrc);
        const std::int32_t lost = std::clamp<std::int32_t>(b.cumulative_lost, -0x800000, 0x7fffff);
        append_be32(out, (std::uint32_t{b.fraction_lost} << 24) |
                             (static_cast<std::uint32_t>(lost) & 0xffffffu));
        append_be32(out, b.extended_highest_sequence);
        append_be32(out, b.jitter);
        append_be32(out, b.last_sr);
        append_be32(out, b.delay_since_last_sr);
    }
}

void append_text(std::string_view text, std::vector<std::uint8_t>& out) {
    const std::size_t n = std::min(text.size(), kMaxText);
    out.push_back(static_cast<std::uint8_t>(n));
    out.insert(out.end(), text.begin(), text.begin() + n);
}

struct Writer {
    std::vector<std::uint8_t>& out;

    void operator()(const SenderReport& sr) const {
        const std::size_t start = begin_packet(kRtcpSenderReport, sr.reports.size(), out);
        append_be32(out, sr.ssrc);
        append_be32(out, sr.sender.ntp.seconds());
        append_be32(out, sr.sender.ntp.fraction());
        append_be32(out, sr.sender.rtp_timestamp);
        append_be32(out, sr.sender.packet_count);
        append_be32(out, sr.sender.octet_count);
        append_report_blocks(sr.reports, out);
        finish_packet(start, out);
    }
    void operator()(const ReceiverReport& rr) const {
        const std::size_t start = begin_packet(kRtcpReceiverReport, rr.reports.size(), out);
        append_be32(out, rr.ssrc);
        append_report_blocks(rr.reports, out);
        finish_packet(start, out);
    }
    void operator()(const SourceDescription& sdes) const {
        const std::size_t n = std::min(sdes.chunks.size(), kMaxCount);
        const std::size_t start = begin_packet(kRtcpSourceDescription, n, out);
        for (std::size_t c = 0; c < n; ++c) {
            const std::size_t chunk_start = out.size();
            append_be32(out, sdes.chunks[c].ssrc);
            for (const SdesItem& item : sdes.chunks[c].items) {
                if (item.type == 0) continue;  // would end the chunk early
                out.push_back(item.type);
                append_text(item.text, out);
            }
            // The null item, then null octets to the next 32-bit boundary (§6.5).
            out.push_back(0);
            while ((out.size() - chunk_start) % 4 != 0)
                out.push_back(0);
        }
        finish_packet(start, out);
    }
    void operator()(const Goodbye& bye) const {
        const std::size_t n = std::min(bye.sources.size(), kMaxCount);
        const std::size_t start = begin_packet(kRtcpGoodbye, n, out);
        for (std::size_t i = 0; i < n; ++i)
            append_be32(out, bye.sources[i]);
        if (!bye.reason.empty()) append_text(bye.reason, out);
        finish_packet(start, out);
    }
    void operator()(const OtherRtcp& other) const {
        const std::size_t start = begin_packet(other.packet_type, other.count, out);
        out.insert(out.end(), other.body.begin(), other.body.end());
        finish_packet(start, out);
    }
};

}  // namespace

void write_rtcp(const RtcpPacket& packet, std::vector<std::uint8_t>& out) {
    std::visit(Writer{out}, packet);
}

void write_rtcp_compound(std::span<const RtcpPacket> packets, std::vector<std::uint8_t>& out) {
    for (const RtcpPacket& p : packets)
        write_rtcp(p, out);
}

}  // namespace dialtone::media
