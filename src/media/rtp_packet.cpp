#include "media/rtp_packet.hpp"

#include "media/byte_order.hpp"

namespace dialtone::media {

namespace {

bool collides_with_rtcp(std::uint8_t payload_type) {
    // RTCP packet types 200-204 with the marker bit taken as the top bit (RFC 5761 §4).
    return payload_type >= 72 && payload_type <= 76;
}

}  // namespace

Result<RtpPacket> parse_rtp(std::span<const std::uint8_t> bytes) {
    using R = Result<RtpPacket>;
    if (bytes.size() < kRtpFixedHeaderSize) return R::failure("RTP packet shorter than 12 octets");
    const std::uint8_t* p = bytes.data();
    if ((p[0] >> 6) != kRtpVersion) return R::failure("RTP version is not 2");
    const bool has_padding = (p[0] & 0x20) != 0;
    const bool has_extension = (p[0] & 0x10) != 0;

    RtpPacket packet;
    RtpHeader& h = packet.header;
    h.csrc_count = p[0] & 0x0f;
    h.marker = (p[1] & 0x80) != 0;
    h.payload_type = p[1] & 0x7f;
    if (collides_with_rtcp(h.payload_type)) {
        return R::failure("RTP payload type 72-76 collides with RTCP");
    }
    h.sequence = load_be16(p + 2);
    h.timestamp = load_be32(p + 4);
    h.ssrc = load_be32(p + 8);

    std::size_t at = kRtpFixedHeaderSize;
    if (bytes.size() < at + 4u * h.csrc_count)
        return R::failure("RTP CSRC list exceeds the packet");
    for (std::size_t i = 0; i < h.csrc_count; ++i)
        h.csrcs[i] = load_be32(p + at + 4 * i);
    at += 4u * h.csrc_count;

    if (has_extension) {
        if (bytes.size() < at + 4) return R::failure("RTP header extension exceeds the packet");
        h.has_extension = true;
        h.extension_profile = load_be16(p + at);
        const std::size_t words = load_be16(p + at + 2);
        at += 4;
        if (bytes.size() < at + 4 * words) {
            return R::failure("RTP header extension exceeds the packet");
        }
        h.extension = bytes.subspan(at, 4 * words);
        at += 4 * words;
    }

    std::size_t end = bytes.size();
    if (has_padding) {
        const std::uint8_t count = p[end - 1];
        if (count == 0) return R::failure("RTP padding count is zero");
        if (count > end - at) return R::failure("RTP padding exceeds the payload");
        packet.padding = count;
        end -= count;
    }
    packet.payload = bytes.subspan(at, end - at);
    return packet;
}

void write_rtp(const RtpPacket& packet, std::vector<std::uint8_t>& out) {
    const RtpHeader& h = packet.header;
    const std::uint8_t csrcs = h.csrc_count > kMaxCsrcs ? kMaxCsrcs : h.csrc_count;
    out.reserve(out.size() + kRtpFixedHeaderSize + 4 * csrcs + 4 + h.extension.size() +
                packet.payload.size() + packet.padding);
    out.push_back(static_cast<std::uint8_t>((kRtpVersion << 6) | (packet.padding ? 0x20 : 0) |
                                            (h.has_extension ? 0x10 : 0) | csrcs));
    out.push_back(static_cast<std::uint8_t>((h.marker ? 0x80 : 0) | (h.payload_type & 0x7f)));
    append_be16(out, h.sequence);
    append_be32(out, h.timestamp);
    append_be32(out, h.ssrc);
    for (std::size_t i = 0; i < csrcs; ++i)
        append_be32(out, h.csrcs[i]);
    if (h.has_extension) {
        append_be16(out, h.extension_profile);
        append_be16(out, static_cast<std::uint16_t>(h.extension.size() / 4));
        out.insert(out.end(), h.extension.begin(),
                   h.extension.begin() + (h.extension.size() / 4) * 4);
    }
    out.insert(out.end(), packet.payload.begin(), packet.payload.end());
    if (packet.padding) {
        out.insert(out.end(), packet.padding - 1u, std::uint8_t{0});
        out.push_back(packet.padding);
    }
}

}  // namespace dialtone::media
