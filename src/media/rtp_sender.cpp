#include "media/rtp_sender.hpp"

namespace dialtone::media {

RtpSender::RtpSender(std::uint32_t ssrc, std::uint16_t first_sequence,
                     std::uint32_t first_timestamp)
    : ssrc_(ssrc), sequence_(first_sequence), timestamp_(first_timestamp) {}

RtpSender RtpSender::random_start(const RandomSource& random) {
    const std::uint32_t ssrc = random();
    const auto sequence = static_cast<std::uint16_t>(random());
    const std::uint32_t timestamp = random();
    return RtpSender(ssrc, sequence, timestamp);
}

void RtpSender::write_frame(std::uint8_t payload_type, std::span<const std::uint8_t> payload,
                            std::uint32_t samples, bool talkspurt_start,
                            std::vector<std::uint8_t>& out) {
    write_packet(payload_type, timestamp_, talkspurt_start || first_, payload, out);
    first_ = false;
    timestamp_ += samples;
}

void RtpSender::write_packet(std::uint8_t payload_type, std::uint32_t timestamp, bool marker,
                             std::span<const std::uint8_t> payload,
                             std::vector<std::uint8_t>& out) {
    RtpPacket packet;
    packet.header.marker = marker;
    packet.header.payload_type = payload_type;
    packet.header.sequence = sequence_++;
    packet.header.timestamp = timestamp;
    packet.header.ssrc = ssrc_;
    packet.payload = payload;
    write_rtp(packet, out);
    ++packets_sent_;
    octets_sent_ += payload.size();
}

}  // namespace dialtone::media
