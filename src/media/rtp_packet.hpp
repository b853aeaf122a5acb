#pragma once
// An RTP data packet (RFC 3550 §5.1): the fixed header, CSRC list, header extension (§5.3.1,
// kept as opaque words so its length stays right), padding, and the payload. Parsing is
// zero-copy: spans point into the caller's buffer and live as long as it does.

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "media/result.hpp"

namespace dialtone::media {

inline constexpr std::uint8_t kRtpVersion = 2;
inline constexpr std::size_t kRtpFixedHeaderSize = 12;
inline constexpr std::size_t kMaxCsrcs = 15;

struct RtpHeader {
    bool marker = false;
    std::uint8_t payload_type = 0;  // 7 bits
    std::uint16_t sequence = 0;
    std::uint32_t timestamp = 0;
    std::uint32_t ssrc = 0;
    std::uint8_t csrc_count = 0;
    std::array<std::uint32_t, kMaxCsrcs> csrcs{};
    // §5.3.1: a profile-defined 16-bit value and a whole number of 32-bit words.
    bool has_extension = false;
    std::uint16_t extension_profile = 0;
    std::span<const std::uint8_t> extension;  // length is a multiple of 4

    std::span<const std::uint32_t> csrc_list() const { return {csrcs.data(), csrc_count}; }
};

struct RtpPacket {
    RtpHeader header;
    std::span<const std::uint8_t> payload;  // without padding
    // Octets of padding after the payload, the count octet included; 0 means none.
    std::uint8_t padding = 0;
};

// Parses and validates one RTP packet per RFC 3550 §5.1 and the header checks of §A.1:
// version 2; the CSRC list, extension and padding fit the packet; the padding count is not
// zero. Also refused: payload types 72-76, which collide with RTCP SR/RR/SDES/BYE/APP when
// RTP and RTCP share a port (RFC 3550 §A.1, RFC 5761 §4). Whether the payload type was
// negotiated is for the caller to decide.
Result<RtpPacket> parse_rtp(std::span<const std::uint8_t> bytes);

// Appends the serialized packet to `out`. `packet.padding` octets of padding are added
// (the last one holding the count); the header extension must be a whole number of words.
void write_rtp(const RtpPacket& packet, std::vector<std::uint8_t>& out);

}  // namespace dialtone::media
