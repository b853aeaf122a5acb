#include "media/telephone_event_encoder.hpp"

#include <algorithm>

namespace dialtone::media {

namespace {

constexpr std::uint32_t kMaxDuration = 0xffff;

}  // namespace

TelephoneEventEncoder::TelephoneEventEncoder(std::uint32_t samples_per_packet)
    : samples_per_packet_(samples_per_packet == 0 ? kSamplesPerFrame : samples_per_packet) {}

void TelephoneEventEncoder::start(std::uint8_t event, std::uint32_t timestamp,
                                  std::uint32_t duration, std::uint8_t volume) {
    event_ = TelephoneEvent{event, false, static_cast<std::uint8_t>(volume & 0x3f), 0};
    timestamp_ = timestamp;
    total_ = std::clamp<std::uint32_t>(duration, 1, kMaxDuration);
    elapsed_ = 0;
    first_ = true;
    finals_sent_ = 0;
    state_ = State::Running;
}

void TelephoneEventEncoder::stop() {
    if (state_ == State::Running) {
        total_ = std::max<std::uint32_t>(elapsed_, 1);
        state_ = State::Ending;
    }
}

std::optional<TelephoneEventPacket> TelephoneEventEncoder::next() {
    if (state_ == State::Idle) return std::nullopt;
    if (state_ == State::Running) {
        elapsed_ = std::min(elapsed_ + samples_per_packet_, total_);
        if (elapsed_ >= total_) state_ = State::Ending;
    }
    TelephoneEventPacket packet;
    packet.timestamp = timestamp_;
    packet.marker = first_;
    first_ = false;
    event_.duration = static_cast<std::uint16_t>(state_ == State::Ending ? total_ : elapsed_);
    event_.end = state_ == State::Ending;
    packet.event = event_;
    packet.payload = write_telephone_event(event_);
    if (state_ == State::Ending && ++finals_sent_ == kFinalReports) state_ = State::Idle;
    return packet;
}

}  // namespace dialtone::media
