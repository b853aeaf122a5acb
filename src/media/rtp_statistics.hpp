#pragma once
// What a softphone prints about a call's media (RFC 3550 §6.4): our own counts, what we
// measure of the stream we receive, and what the peer's reports say about the stream we send.

#include <cstdint>
#include <optional>
#include <string>

#include "media/media_clock.hpp"

namespace dialtone::media {

// The peer's last report block about our stream (§6.4.1).
struct PeerReport {
    double fraction_lost_percent = 0;  // in its last reporting interval
    std::int32_t cumulative_lost = 0;
    std::uint32_t extended_highest_sequence = 0;
    double jitter_ms = 0;
    Instant received_at;
};

// What the peer's last SR said about the stream we receive from it (§6.4.1 sender info).
struct PeerSenderReport {
    std::uint32_t packets = 0;  // the SR's sender's packet count
    std::uint32_t octets = 0;   // its sender's octet count (payload)
    Instant received_at;
};

struct RtpStatistics {
    std::uint32_t ssrc = 0;
    std::uint64_t packets_sent = 0;
    std::uint64_t octets_sent = 0;  // payload octets

    // The remote stream we play (the most recently active remote source).
    std::optional<std::uint32_t> remote_ssrc;
    std::string remote_cname;
    std::uint64_t packets_received = 0;  // valid packets (§A.1), duplicates included
    std::uint64_t octets_received = 0;   // their payload octets
    std::int64_t packets_expected = 0;   // §A.3
    std::int64_t packets_lost = 0;       // §A.3 cumulative: expected - received
    double loss_percent = 0;             // packets_lost / packets_expected
    double jitter_ms = 0;                // §A.8 interarrival jitter

    std::optional<PeerSenderReport> peer_sender_report;  // about the remote stream above
    std::optional<PeerReport> peer_report;
    std::optional<double> round_trip_ms;  // §6.4.1 from LSR/DLSR of the peer's last report

    std::uint64_t rtcp_sent = 0;
    std::uint64_t rtcp_received = 0;
    std::uint64_t rtp_invalid = 0;  // malformed, or refused by §A.1 validation
    std::uint64_t rtcp_invalid = 0;
    bool peer_said_bye = false;
    std::string bye_reason;
};

}  // namespace dialtone::media
