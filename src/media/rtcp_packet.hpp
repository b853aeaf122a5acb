#pragma once
// RTCP packets (RFC 3550 §6.4-§6.6) and compound packets (§6.1): sender and receiver reports
// with report blocks, source descriptions (CNAME and the other SDES items), and BYE. Other
// packet types (APP, RTPFB/PSFB feedback, XR...) are kept as their type and raw body, so a
// compound packet that carries them still parses.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "media/ntp_time.hpp"
#include "media/result.hpp"

namespace dialtone::media {

enum RtcpType : std::uint8_t {
    kRtcpSenderReport = 200,
    kRtcpReceiverReport = 201,
    kRtcpSourceDescription = 202,
    kRtcpGoodbye = 203,
    kRtcpApplication = 204,
};

// §6.4.1: what a receiver reports about one source.
struct ReportBlock {
    std::uint32_t ssrc = 0;
    std::uint8_t fraction_lost = 0;    // 1/256 units
    std::int32_t cumulative_lost = 0;  // 24-bit signed
    std::uint32_t extended_highest_sequence = 0;
    std::uint32_t jitter = 0;               // timestamp units
    std::uint32_t last_sr = 0;              // LSR: compact NTP of the last SR, 0 if none
    std::uint32_t delay_since_last_sr = 0;  // DLSR: 1/65536 s

    friend bool operator==(const ReportBlock&, const ReportBlock&) = default;
};

// §6.4.1 sender information.
struct SenderInfo {
    NtpTime ntp;
    std::uint32_t rtp_timestamp = 0;
    std::uint32_t packet_count = 0;
    std::uint32_t octet_count = 0;

    friend bool operator==(const SenderInfo&, const SenderInfo&) = default;
};

struct SenderReport {
    std::uint32_t ssrc = 0;
    SenderInfo sender;
    std::vector<ReportBlock> reports;  // at most 31
};

struct ReceiverReport {
    std::uint32_t ssrc = 0;
    std::vector<ReportBlock> reports;  // at most 31
};

// §6.5 item types.
enum SdesType : std::uint8_t {
    kSdesCname = 1,
    kSdesName = 2,
    kSdesEmail = 3,
    kSdesPhone = 4,
    kSdesLocation = 5,
    kSdesTool = 6,
    kSdesNote = 7,
    kSdesPrivate = 8,
};

struct SdesItem {
    std::uint8_t type = kSdesCname;
    std::string text;  // at most 255 octets
};

struct SdesChunk {
    std::uint32_t ssrc = 0;
    std::vector<SdesItem> items;

    // The CNAME item's text (§6.5.1), if the chunk has one.
    std::optional<std::string_view> cname() const;
};

struct SourceDescription {
    std::vector<SdesChunk> chunks;  // at most 31
};

// §6.6.
struct Goodbye {
    std::vector<std::uint32_t> sources;  // at most 31
    std::string reason;                  // optional, at most 255 octets
};

// Any other packet type, kept so it can be passed over.
struct OtherRtcp {
    std::uint8_t packet_type = 0;
    std::uint8_t count = 0;  // the header's 5-bit count/subtype field
    std::vector<std::uint8_t> body;
};

using RtcpPacket =
    std::variant<SenderReport, ReceiverReport, SourceDescription, Goodbye, OtherRtcp>;

// Parses a compound RTCP packet and validates it as RFC 3550 §A.2 does: every packet is
// version 2, the first is an SR or RR without padding, the length fields add up to the
// datagram's length exactly, and each packet's body holds what its count promises.
Result<std::vector<RtcpPacket>> parse_rtcp(std::span<const std::uint8_t> bytes);

// Appends one RTCP packet (never padded). Lists beyond 31 entries and texts beyond 255
// octets are cut to fit the format.
void write_rtcp(const RtcpPacket& packet, std::vector<std::uint8_t>& out);

// Appends the packets one after another: a compound packet when the first is an SR or RR
// (§6.1).
void write_rtcp_compound(std::span<const RtcpPacket> packets, std::vector<std::uint8_t>& out);

}  // namespace dialtone::media
