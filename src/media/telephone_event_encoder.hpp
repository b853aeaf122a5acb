#pragma once
// Sends one RFC 4733 event at a time (§2.5.1): every packet of the event carries the
// timestamp of its start; the first has the RTP marker bit; each update reports
// the duration so far, growing by one packet interval (§2.5.1.2); the final report has the
// E bit and is sent three times in all (§2.5.1.4). The caller sends each packet with
// RtpSender::write_packet, one per packet interval, and meanwhile advances the audio clock
// with RtpSender::skip instead of sending audio.
//
// Events longer than 0xFFFF timestamp units (8.19 s at 8 kHz) would need the long-event
// segments of §2.5.1.3; durations are capped there instead, which no key press reaches.

#include <array>
#include <cstdint>
#include <optional>

#include "media/g711.hpp"
#include "media/telephone_event.hpp"

namespace dialtone::media {

struct TelephoneEventPacket {
    std::array<std::uint8_t, kTelephoneEventSize> payload{};
    std::uint32_t timestamp = 0;
    bool marker = false;
    TelephoneEvent event;  // what `payload` says
};

class TelephoneEventEncoder {
  public:
    static constexpr int kFinalReports = 3;

    explicit TelephoneEventEncoder(std::uint32_t samples_per_packet = kSamplesPerFrame);

    // Begins `event` at media timestamp `timestamp`, to last `duration` timestamp units.
    // An event still in progress is dropped (its end is not sent).
    void start(std::uint8_t event, std::uint32_t timestamp, std::uint32_t duration,
               std::uint8_t volume = 10);
    // Ends the event early: the next packets are the final reports, with the duration so far.
    void stop();

    bool active() const { return state_ != State::Idle; }

    // The packet for this packet interval; nothing when no event is in progress.
    std::optional<TelephoneEventPacket> next();

  private:
    enum class State : std::uint8_t { Idle, Running, Ending };

    std::uint32_t samples_per_packet_;
    State state_ = State::Idle;
    TelephoneEvent event_;
    std::uint32_t timestamp_ = 0;
    std::uint32_t total_ = 0;
    std::uint32_t elapsed_ = 0;
    bool first_ = false;
    int finals_sent_ = 0;
};

}  // namespace dialtone::media
