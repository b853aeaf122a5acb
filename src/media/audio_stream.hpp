#pragma once
// The media of one call's audio stream, sans-I/O (DESIGN.md §2.1): what a softphone does
// every 20 ms and with every datagram, with the sockets, the timer and the audio devices
// left to the caller (src/ua/media_endpoint.hpp runs it on Boost.Asio).
//
// Every tick the caller hands in the next 20 ms from its audio source and gets back the
// RTP packet to send (G.711 audio, or an RFC 4733 event packet while a queued digit plays),
// and the 20 ms to play out of the jitter buffer. Datagrams from the RTP and RTCP ports go
// to on_rtp/on_rtcp; received digits come back from on_rtp. RTCP reports are due at the
// RFC 3550 §6.3 interval (rtcp_due/write_rtcp) and a BYE ends the stream.
//
// Direction (RFC 3264 §5.1, §8.4): a stream that does not send keeps its media clock
// running but sends no RTP (RTCP goes on); one that does not receive drops received audio
// and events (they are still counted for RTCP). Audio is sent with one G.711 law and
// payload type; any of the negotiated G.711 payload types is played when received (a peer
// that switches law mid-call restarts the jitter buffer and its playout counters).

#include <array>
#include <cstdint>
#include <deque>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "media/g711.hpp"
#include "media/g711_playout.hpp"
#include "media/jitter_buffer.hpp"
#include "media/media_clock.hpp"
#include "media/random_source.hpp"
#include "media/result.hpp"
#include "media/rtp_session.hpp"
#include "media/rtp_statistics.hpp"
#include "media/telephone_event_decoder.hpp"
#include "media/telephone_event_encoder.hpp"

namespace dialtone::media {

using AudioFrame = std::array<std::int16_t, kSamplesPerFrame>;

// A G.711 payload type we accept, and its law.
struct ReceiveCodec {
    std::uint8_t payload_type = kPayloadTypePcmu;
    G711Law law = G711Law::Ulaw;
};

struct AudioStreamConfig {
    G711Law send_law = G711Law::Ulaw;
    std::uint8_t send_payload_type = kPayloadTypePcmu;  // the peer's number for it
    std::vector<ReceiveCodec> receive_codecs{{kPayloadTypePcmu, G711Law::Ulaw}};
    // RFC 4733 telephone-event payload types, when negotiated.
    std::optional<std::uint8_t> send_event_payload_type;
    std::optional<std::uint8_t> receive_event_payload_type;
    bool send = true;
    bool receive = true;
    // How long each queued digit lasts and the pause after it, in samples (100 ms and
    // 60 ms: within what Q.24 receivers accept, quick enough for "123#").
    std::uint32_t digit_duration = 800;
    std::uint32_t digit_gap = 480;
    std::uint8_t digit_volume = 10;  // -dBm0
    RtpSessionConfig rtp;
    JitterBufferConfig jitter;
};

struct AudioStreamStatistics {
    RtpStatistics rtp;
    JitterBufferStats playout;
    // What the peer's last report said reached it of our stream: its expected count
    // (from our first sequence number to the highest it saw) minus what it lost.
    std::optional<std::int64_t> peer_received;
    std::uint64_t audio_packets_sent = 0;
    std::uint64_t event_packets_sent = 0;
    std::uint64_t digits_sent = 0;
    std::uint64_t digits_received = 0;
    std::uint64_t packets_ignored = 0;  // payload type not negotiated, or not receiving
};

struct TickOutput {
    std::optional<std::vector<std::uint8_t>> rtp;  // a datagram for the peer's RTP port
    AudioFrame playout{};                          // the next 20 ms to play
};

class AudioStream {
  public:
    AudioStream(AudioStreamConfig config, RandomSource random, Instant now);

    // One 20 ms tick: `source` is the next 20 ms of our audio.
    TickOutput tick(Instant now, const AudioFrame& source);

    // A datagram arrived on our RTP port; a digit when it began a telephone-event.
    std::optional<ReceivedEvent> on_rtp(Instant arrival, std::span<const std::uint8_t> datagram);
    // A datagram arrived on our RTCP port.
    Result<Done> on_rtcp(Instant arrival, std::span<const std::uint8_t> datagram);

    bool rtcp_due(Instant now) const { return now >= session_.next_rtcp_at(); }
    Instant next_rtcp_at() const { return session_.next_rtcp_at(); }
    std::vector<std::uint8_t> write_rtcp(Instant now);
    std::vector<std::uint8_t> write_bye(Instant now, std::string_view reason);

    // Queues DTMF digits (0-9, *, #, A-D) to send as RFC 4733 events. Refused, queueing
    // nothing, when telephone-event was not negotiated, the stream does not send, or a
    // character is not a digit.
    Result<Done> queue_digits(std::string_view digits);
    // Digits queued or playing.
    std::size_t digits_pending() const { return digits_.size() + (encoder_.active() ? 1 : 0); }

    // Hold and resume: a new direction from a re-negotiation.
    void set_direction(bool send, bool receive);
    bool sending() const { return config_.send; }
    bool receiving() const { return config_.receive; }

    std::uint32_t ssrc() const { return session_.ssrc(); }
    AudioStreamStatistics statistics() const;

  private:
    std::optional<std::vector<std::uint8_t>> next_rtp(Instant now, const AudioFrame& source);
    const ReceiveCodec* receive_codec(std::uint8_t payload_type) const;

    AudioStreamConfig config_;
    RtpSession session_;
    G711Playout playout_;
    G711Law playout_law_;
    std::optional<std::uint32_t> playout_ssrc_;
    TelephoneEventEncoder encoder_;
    TelephoneEventDecoder decoder_;
    std::deque<std::uint8_t> digits_;  // event codes
    std::uint32_t gap_left_ = 0;       // samples of pause still due after a digit
    bool talkspurt_start_ = false;     // the next audio packet follows a pause in sending
    std::uint16_t first_sequence_;
    std::uint64_t audio_packets_sent_ = 0;
    std::uint64_t event_packets_sent_ = 0;
    std::uint64_t digits_sent_ = 0;
    std::uint64_t digits_received_ = 0;
    std::uint64_t packets_ignored_ = 0;
};

}  // namespace dialtone::media
