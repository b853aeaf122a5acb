#include "media/audio_stream.hpp"

#include <algorithm>

#include "media/telephone_event.hpp"

namespace dialtone::media {

AudioStream::AudioStream(AudioStreamConfig config, RandomSource random, Instant now)
    : config_(std::move(config)),
      session_(config_.rtp, std::move(random), now),
      playout_(config_.receive_codecs.empty() ? G711Law::Ulaw : config_.receive_codecs[0].law,
               config_.jitter),
      playout_law_(config_.receive_codecs.empty() ? G711Law::Ulaw : config_.receive_codecs[0].law),
      encoder_(kSamplesPerFrame),
      first_sequence_(session_.sender().next_sequence()) {}

TickOutput AudioStream::tick(Instant now, const AudioFrame& source) {
    TickOutput out;
    out.rtp = next_rtp(now, source);
    if (config_.receive) out.playout = playout_.get(now);
    return out;
}

std::optional<std::vector<std::uint8_t>> AudioStream::next_rtp(Instant now,
                                                               const AudioFrame& source) {
    if (!config_.send) {
        // §5.1: the timestamp keeps pace with real time while nothing is sent, so the
        // peer's playout stays in step when sending resumes.
        session_.skip_audio(now, kSamplesPerFrame);
        talkspurt_start_ = true;
        return std::nullopt;
    }
    if (!encoder_.active() && gap_left_ == 0 && !digits_.empty() &&
        config_.send_event_payload_type) {
        // RFC 4733 §2.5.1.1: the event's timestamp is where the audio it replaces begins.
        encoder_.start(digits_.front(), session_.sender().timestamp(), config_.digit_duration,
                       config_.digit_volume);
        digits_.pop_front();
        ++digits_sent_;
    }
    std::vector<std::uint8_t> bytes;
    if (encoder_.active()) {
        const auto packet = encoder_.next();
        session_.skip_audio(now, kSamplesPerFrame);
        session_.send_event(*config_.send_event_payload_type, *packet, bytes);
        ++event_packets_sent_;
        if (!encoder_.active()) gap_left_ = config_.digit_gap;
        return bytes;
    }
    gap_left_ -= std::min<std::uint32_t>(gap_left_, kSamplesPerFrame);
    std::array<std::uint8_t, kSamplesPerFrame> coded{};
    g711_encode(config_.send_law, source, coded);
    session_.send_audio(now, config_.send_payload_type, coded, kSamplesPerFrame, talkspurt_start_,
                        bytes);
    talkspurt_start_ = false;
    ++audio_packets_sent_;
    return bytes;
}

const ReceiveCodec* AudioStream::receive_codec(std::uint8_t payload_type) const {
    for (const ReceiveCodec& c : config_.receive_codecs) {
        if (c.payload_type == payload_type) return &c;
    }
    return nullptr;
}

std::optional<ReceivedEvent> AudioStream::on_rtp(Instant arrival,
                                                 std::span<const std::uint8_t> datagram) {
    const RtpArrival r = session_.on_rtp(arrival, datagram);
    if (r.kind != RtpArrivalKind::Media) return std::nullopt;
    const RtpHeader& h = r.packet.header;
    if (!config_.receive) {
        ++packets_ignored_;
        return std::nullopt;
    }
    if (config_.receive_event_payload_type &&
        h.payload_type == *config_.receive_event_payload_type) {
        auto event = decoder_.on_packet(h.timestamp, r.packet.payload);
        if (event) ++digits_received_;
        return event;
    }
    const ReceiveCodec* codec = receive_codec(h.payload_type);
    if (!codec) {
        ++packets_ignored_;
        return std::nullopt;
    }
    if (codec->law != playout_law_) {
        playout_ = G711Playout(codec->law, config_.jitter);
        playout_law_ = codec->law;
    } else if (playout_ssrc_ && *playout_ssrc_ != h.ssrc) {
        // A new source (the peer restarted its stream): its timeline is unrelated.
        playout_.reset();
    }
    playout_ssrc_ = h.ssrc;
    playout_.put(h.sequence, h.timestamp, h.marker, arrival, r.packet.payload);
    return std::nullopt;
}

Result<Done> AudioStream::on_rtcp(Instant arrival, std::span<const std::uint8_t> datagram) {
    return session_.on_rtcp(arrival, datagram);
}

std::vector<std::uint8_t> AudioStream::write_rtcp(Instant now) {
    std::vector<std::uint8_t> out;
    session_.write_report(now, out);
    return out;
}

std::vector<std::uint8_t> AudioStream::write_bye(Instant now, std::string_view reason) {
    std::vector<std::uint8_t> out;
    session_.write_bye(now, reason, out);
    return out;
}

Result<Done> AudioStream::queue_digits(std::string_view digits) {
    if (!config_.send_event_payload_type) {
        return Result<Done>::failure("the peer did not accept telephone-event (RFC 4733)");
    }
    if (!config_.send) return Result<Done>::failure("the stream is on hold (not sending)");
    std::vector<std::uint8_t> events;
    for (char c : digits) {
        const auto code = dtmf_event_code(c);
        if (!code) return Result<Done>::failure("not a DTMF digit (0-9, *, #, A-D)");
        events.push_back(*code);
    }
    digits_.insert(digits_.end(), events.begin(), events.end());
    return Done{};
}

void AudioStream::set_direction(bool send, bool receive) {
    if (config_.send && !send) {
        // Digits cannot be heard while held; an event cut short is not finished later.
        encoder_ = TelephoneEventEncoder(kSamplesPerFrame);
        digits_.clear();
        gap_left_ = 0;
    }
    if (!config_.receive && receive) {
        playout_.reset();
        playout_ssrc_.reset();
    }
    config_.send = send;
    config_.receive = receive;
}

AudioStreamStatistics AudioStream::statistics() const {
    AudioStreamStatistics s;
    s.rtp = session_.statistics();
    s.playout = playout_.buffer().stats();
    if (s.rtp.peer_report) {
        // The peer extends sequence numbers from the first it accepted, so its cycle count
        // starts at our first sequence number's cycle (§A.1).
        std::int64_t expected =
            static_cast<std::int64_t>(s.rtp.peer_report->extended_highest_sequence) -
            first_sequence_ + 1;
        if (expected < 0) expected += 1 << 16;  // our first number was just below a wrap
        s.peer_received = expected - s.rtp.peer_report->cumulative_lost;
    }
    s.audio_packets_sent = audio_packets_sent_;
    s.event_packets_sent = event_packets_sent_;
    s.digits_sent = digits_sent_;
    s.digits_received = digits_received_;
    s.packets_ignored = packets_ignored_;
    return s;
}

}  // namespace dialtone::media
