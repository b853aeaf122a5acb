#pragma once
// One RTP session as a softphone uses it (RFC 3550): our sending stream, the remote sources
// we receive, and the RTCP that ties them together — sender/receiver reports with report
// blocks, SDES CNAME, BYE, the report schedule of §6.3 and the round-trip time of §6.4.1.
// Sans-I/O: the caller owns the sockets and the clock, hands in datagrams with their arrival
// instant, asks for RTCP when next_rtcp_at() has passed, and sends what comes back.
//
// Not covered: SSRC collision resolution (§8.2: a packet claiming our SSRC is refused and
// counted, our SSRC is not changed), member timeouts (§6.3.5) and reverse reconsideration
// (§6.3.4), which matter for large sessions, not for a two-party call.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "media/g711.hpp"
#include "media/media_clock.hpp"
#include "media/ntp_time.hpp"
#include "media/random_source.hpp"
#include "media/result.hpp"
#include "media/rtcp_packet.hpp"
#include "media/rtp_packet.hpp"
#include "media/rtp_sender.hpp"
#include "media/rtp_source.hpp"
#include "media/rtp_statistics.hpp"
#include "media/telephone_event_encoder.hpp"

namespace dialtone::media {

struct RtpSessionConfig {
    std::uint32_t clock_rate = kNarrowbandRate;
    std::string cname;  // SDES CNAME (§6.5.1), e.g. "alice@192.0.2.10"
    // Wall-clock time at the media clock's epoch, so SRs carry real NTP timestamps.
    NtpTime ntp_at_epoch;
    // Session bandwidth in bits/s (RTP with headers, SDP "b=AS"); RTCP gets 5% (§6.2).
    double session_bandwidth = 80'000;
    // Packets of this payload type (RFC 4733 events) repeat timestamps and are left out of
    // the jitter estimate.
    std::optional<std::uint8_t> telephone_event_payload_type;
    std::size_t max_remote_sources = 4;
};

enum class RtpArrivalKind : std::uint8_t {
    Media,      // valid: play it
    Probation,  // from a source not yet validated (§A.1); do not play
    Rejected,   // refused by §A.1 sequence checks or SSRC collision; do not play
    Invalid,    // not a valid RTP packet; `reason` says why
};

struct RtpArrival {
    RtpArrivalKind kind = RtpArrivalKind::Invalid;
    RtpPacket packet;  // views into the caller's datagram
    std::string_view reason;
};

class RtpSession {
  public:
    RtpSession(RtpSessionConfig config, RandomSource random, Instant now);

    std::uint32_t ssrc() const { return sender_.ssrc(); }
    const RtpSender& sender() const { return sender_; }

    // Appends an RTP packet for one audio frame of `samples` samples (see RtpSender).
    void send_audio(Instant now, std::uint8_t payload_type, std::span<const std::uint8_t> payload,
                    std::uint32_t samples, bool talkspurt_start, std::vector<std::uint8_t>& out);
    // Moves the audio clock over `samples` samples not sent (silence, or time covered by
    // telephone-events).
    void skip_audio(Instant now, std::uint32_t samples);
    // Appends an RFC 4733 event packet made by a TelephoneEventEncoder.
    void send_event(std::uint8_t payload_type, const TelephoneEventPacket& event,
                    std::vector<std::uint8_t>& out);

    // A datagram arrived on the RTP port.
    RtpArrival on_rtp(Instant arrival, std::span<const std::uint8_t> datagram);
    // A datagram arrived on the RTCP port.
    Result<Done> on_rtcp(Instant arrival, std::span<const std::uint8_t> datagram);

    // When the next report is due.
    Instant next_rtcp_at() const { return next_rtcp_at_; }
    // Appends a compound report (SR if we sent lately, else RR; then SDES CNAME) and
    // schedules the next one.
    void write_report(Instant now, std::vector<std::uint8_t>& out);
    // Appends a report ending in BYE (§6.6), for the end of the call.
    void write_bye(Instant now, std::string_view reason, std::vector<std::uint8_t>& out);

    RtpStatistics statistics() const;

  private:
    struct Remote {
        std::uint32_t ssrc = 0;
        std::optional<RtpSource> source;  // once RTP came
        std::uint64_t octets = 0;
        Instant last_rtp;
        bool have_sr = false;
        std::uint32_t last_sr = 0;  // compact NTP
        Instant last_sr_at;
        PeerSenderReport sender_report;
        std::string cname;
    };

    Remote* find_remote(std::uint32_t ssrc);
    Remote& remote_for(std::uint32_t ssrc, Instant now);
    NtpTime ntp_at(Instant t) const;
    void take_report_block(const ReportBlock& block, Instant arrival);
    void build_report(Instant now, std::vector<std::uint8_t>& out,
                      const std::string_view* bye_reason);
    void schedule_next(Instant now, bool initial);

    RtpSessionConfig config_;
    RandomSource random_;
    RtpSender sender_;
    std::vector<Remote> remotes_;

    // The media clock: the audio timestamp that corresponds to `anchor_at_`.
    bool anchored_ = false;
    std::uint32_t anchor_timestamp_ = 0;
    Instant anchor_at_;

    bool sent_since_report_ = false;
    bool sent_in_previous_interval_ = false;
    double avg_rtcp_size_;
    Duration last_interval_{0};
    Instant next_rtcp_at_;

    std::optional<PeerReport> peer_report_;
    std::optional<double> round_trip_ms_;
    std::uint64_t rtcp_sent_ = 0;
    std::uint64_t rtcp_received_ = 0;
    std::uint64_t rtp_invalid_ = 0;
    std::uint64_t rtcp_invalid_ = 0;
    bool peer_said_bye_ = false;
    std::string bye_reason_;
};

}  // namespace dialtone::media
