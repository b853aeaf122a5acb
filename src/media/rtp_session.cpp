#include "media/rtp_session.hpp"

#include <algorithm>
#include <cmath>

#include "media/rtcp_interval.hpp"
#include "media/rtcp_packet.hpp"

namespace dialtone::media {

namespace {

// IPv4 + UDP headers, counted in the average RTCP size (§6.3.3).
constexpr double kLowerLayerOctets = 28;
constexpr double kRtcpShare = 0.05;  // of the session bandwidth (§6.2)

double to_ms(Duration d) {
    return static_cast<double>(d.count()) / 1000.0;
}

}  // namespace

RtpSession::RtpSession(RtpSessionConfig config, RandomSource random, Instant now)
    : config_(std::move(config)),
      random_(std::move(random)),
      sender_(RtpSender::random_start(random_)) {
    if (config_.clock_rate == 0) config_.clock_rate = kNarrowbandRate;
    if (config_.max_remote_sources == 0) config_.max_remote_sources = 1;
    // §6.3.2: start from the probable size of our first report: RR, and SDES with CNAME.
    avg_rtcp_size_ =
        8 + 24 + 8 + 2 + static_cast<double>(config_.cname.size()) + 4 + kLowerLayerOctets;
    schedule_next(now, true);
}

NtpTime RtpSession::ntp_at(Instant t) const {
    return ntp_add(config_.ntp_at_epoch, t.time_since_epoch());
}

void RtpSession::send_audio(Instant now, std::uint8_t payload_type,
                            std::span<const std::uint8_t> payload, std::uint32_t samples,
                            bool talkspurt_start, std::vector<std::uint8_t>& out) {
    anchored_ = true;
    anchor_timestamp_ = sender_.timestamp();
    anchor_at_ = now;
    sender_.write_frame(payload_type, payload, samples, talkspurt_start, out);
    sent_since_report_ = true;
}

void RtpSession::skip_audio(Instant now, std::uint32_t samples) {
    anchored_ = true;
    anchor_timestamp_ = sender_.timestamp();
    anchor_at_ = now;
    sender_.skip(samples);
}

void RtpSession::send_event(std::uint8_t payload_type, const TelephoneEventPacket& event,
                            std::vector<std::uint8_t>& out) {
    sender_.write_packet(payload_type, event.timestamp, event.marker, event.payload, out);
    sent_since_report_ = true;
}

RtpSession::Remote* RtpSession::find_remote(std::uint32_t ssrc) {
    for (Remote& r : remotes_) {
        if (r.ssrc == ssrc) return &r;
    }
    return nullptr;
}

RtpSession::Remote& RtpSession::remote_for(std::uint32_t ssrc, Instant now) {
    if (Remote* r = find_remote(ssrc)) return *r;
    if (remotes_.size() >= config_.max_remote_sources) {
        // Make room by forgetting the source heard from least recently.
        auto oldest = std::min_element(
            remotes_.begin(), remotes_.end(),
            [](const Remote& a, const Remote& b) { return a.last_rtp < b.last_rtp; });
        remotes_.erase(oldest);
    }
    Remote r;
    r.ssrc = ssrc;
    r.last_rtp = now;
    remotes_.push_back(std::move(r));
    return remotes_.back();
}

RtpArrival RtpSession::on_rtp(Instant arrival, std::span<const std::uint8_t> datagram) {
    RtpArrival result;
    auto parsed = parse_rtp(datagram);
    if (!parsed) {
        ++rtp_invalid_;
        result.reason = parsed.error();
        return result;
    }
    result.packet = *parsed;
    const RtpHeader& h = result.packet.header;
    if (h.ssrc == sender_.ssrc()) {
        ++rtp_invalid_;
        result.kind = RtpArrivalKind::Rejected;
        result.reason = "RTP packet carries our own SSRC (collision or loop)";
        return result;
    }

    Remote& remote = remote_for(h.ssrc, arrival);
    if (!remote.source) remote.source.emplace(h.sequence);
    switch (remote.source->update_sequence(h.sequence)) {
        case SequenceVerdict::Probation:
            result.kind = RtpArrivalKind::Probation;
            result.reason = "RTP source on probation";
            return result;
        case SequenceVerdict::Rejected:
            ++rtp_invalid_;
            result.kind = RtpArrivalKind::Rejected;
            result.reason = "RTP sequence number jumped";
            return result;
        case SequenceVerdict::Valid:
            break;
    }
    remote.last_rtp = arrival;
    remote.octets += result.packet.payload.size();
    if (h.payload_type != config_.telephone_event_payload_type) {
        remote.source->update_jitter(
            h.timestamp, static_cast<std::uint32_t>(to_rtp_units(arrival, config_.clock_rate)));
    }
    result.kind = RtpArrivalKind::Media;
    return result;
}

void RtpSession::take_report_block(const ReportBlock& block, Instant arrival) {
    if (block.ssrc != sender_.ssrc()) return;
    PeerReport report;
    report.fraction_lost_percent = block.fraction_lost * 100.0 / 256.0;
    report.cumulative_lost = block.cumulative_lost;
    report.extended_highest_sequence = block.extended_highest_sequence;
    report.jitter_ms = to_ms(from_rtp_units(block.jitter, config_.clock_rate));
    report.received_at = arrival;
    peer_report_ = report;
    // §6.4.1: RTT = A - LSR - DLSR, all in compact NTP, A being when this report arrived.
    if (auto rtt =
            round_trip_time(ntp_at(arrival).compact(), block.last_sr, block.delay_since_last_sr)) {
        round_trip_ms_ = to_ms(*rtt);
    }
}

Result<Done> RtpSession::on_rtcp(Instant arrival, std::span<const std::uint8_t> datagram) {
    auto parsed = parse_rtcp(datagram);
    if (!parsed) {
        ++rtcp_invalid_;
        return Result<Done>::failure(parsed.error());
    }
    ++rtcp_received_;
    avg_rtcp_size_ = next_avg_rtcp_size(avg_rtcp_size_,
                                        static_cast<double>(datagram.size()) + kLowerLayerOctets);
    for (const RtcpPacket& packet : *parsed) {
        if (const auto* sr = std::get_if<SenderReport>(&packet)) {
            if (sr->ssrc == sender_.ssrc()) continue;
            Remote& remote = remote_for(sr->ssrc, arrival);
            remote.have_sr = true;
            remote.last_sr = sr->sender.ntp.compact();
            remote.last_sr_at = arrival;
            remote.sender_report = {sr->sender.packet_count, sr->sender.octet_count, arrival};
            for (const ReportBlock& b : sr->reports)
                take_report_block(b, arrival);
        } else if (const auto* rr = std::get_if<ReceiverReport>(&packet)) {
            for (const ReportBlock& b : rr->reports)
                take_report_block(b, arrival);
        } else if (const auto* sdes = std::get_if<SourceDescription>(&packet)) {
            for (const SdesChunk& chunk : sdes->chunks) {
                if (Remote* remote = find_remote(chunk.ssrc)) {
                    if (auto cname = chunk.cname()) remote->cname = std::string(*cname);
                }
            }
        } else if (const auto* bye = std::get_if<Goodbye>(&packet)) {
            for (std::uint32_t ssrc : bye->sources) {
                if (find_remote(ssrc)) {
                    peer_said_bye_ = true;
                    bye_reason_ = bye->reason;
                }
            }
        }
    }
    return Done{};
}

void RtpSession::schedule_next(Instant now, bool initial) {
    RtcpIntervalInput in;
    in.members = 1 + remotes_.size();
    const bool we_sent = sent_since_report_ || sent_in_previous_interval_;
    in.senders = we_sent ? 1 : 0;
    for (const Remote& r : remotes_) {
        if (r.source && now - r.last_rtp < 2 * last_interval_) ++in.senders;
    }
    in.rtcp_bandwidth = config_.session_bandwidth / 8.0 * kRtcpShare;
    in.we_sent = we_sent;
    in.avg_rtcp_size = avg_rtcp_size_;
    in.initial = initial;
    const double seconds = rtcp_interval(in, random_);
    last_interval_ = Duration(static_cast<std::int64_t>(std::llround(seconds * 1e6)));
    next_rtcp_at_ = now + last_interval_;
}

void RtpSession::build_report(Instant now, std::vector<std::uint8_t>& out,
                              const std::string_view* bye_reason) {
    std::vector<ReportBlock> blocks;
    for (Remote& r : remotes_) {
        if (!r.source || !r.source->valid()) continue;
        const ReceptionFigures f = r.source->take_report();
        ReportBlock b;
        b.ssrc = r.ssrc;
        b.fraction_lost = f.fraction_lost;
        b.cumulative_lost = f.cumulative_lost;
        b.extended_highest_sequence = f.extended_highest_sequence;
        b.jitter = f.jitter;
        if (r.have_sr) {
            b.last_sr = r.last_sr;
            b.delay_since_last_sr = compact_from_duration(now - r.last_sr_at);
        }
        blocks.push_back(b);
    }

    std::vector<RtcpPacket> packets;
    const bool we_sent = sent_since_report_ || sent_in_previous_interval_;
    if (we_sent) {
        SenderReport sr;
        sr.ssrc = sender_.ssrc();
        sr.sender.ntp = ntp_at(now);
        // The RTP timestamp of this same instant, extrapolated on the audio clock (§6.4.1).
        sr.sender.rtp_timestamp =
            anchored_ ? anchor_timestamp_ +
                            static_cast<std::uint32_t>(to_rtp_units(now, config_.clock_rate) -
                                                       to_rtp_units(anchor_at_, config_.clock_rate))
                      : sender_.timestamp();
        sr.sender.packet_count = static_cast<std::uint32_t>(sender_.packets_sent());
        sr.sender.octet_count = static_cast<std::uint32_t>(sender_.octets_sent());
        sr.reports = std::move(blocks);
        packets.emplace_back(std::move(sr));
    } else {
        packets.emplace_back(ReceiverReport{sender_.ssrc(), std::move(blocks)});
    }
    SourceDescription sdes;
    sdes.chunks.push_back(SdesChunk{sender_.ssrc(), {SdesItem{kSdesCname, config_.cname}}});
    packets.emplace_back(std::move(sdes));
    if (bye_reason) packets.emplace_back(Goodbye{{sender_.ssrc()}, std::string(*bye_reason)});

    const std::size_t start = out.size();
    write_rtcp_compound(packets, out);
    ++rtcp_sent_;
    avg_rtcp_size_ = next_avg_rtcp_size(
        avg_rtcp_size_, static_cast<double>(out.size() - start) + kLowerLayerOctets);
    sent_in_previous_interval_ = sent_since_report_;
    sent_since_report_ = false;
}

void RtpSession::write_report(Instant now, std::vector<std::uint8_t>& out) {
    build_report(now, out, nullptr);
    schedule_next(now, false);
}

void RtpSession::write_bye(Instant now, std::string_view reason, std::vector<std::uint8_t>& out) {
    build_report(now, out, &reason);
}

RtpStatistics RtpSession::statistics() const {
    RtpStatistics s;
    s.ssrc = sender_.ssrc();
    s.packets_sent = sender_.packets_sent();
    s.octets_sent = sender_.octets_sent();
    const Remote* current = nullptr;
    for (const Remote& r : remotes_) {
        if (r.source && r.source->valid() && (!current || r.last_rtp > current->last_rtp))
            current = &r;
    }
    if (current) {
        s.remote_ssrc = current->ssrc;
        s.remote_cname = current->cname;
        s.packets_received = current->source->received();
        s.octets_received = current->octets;
        s.packets_expected = current->source->expected();
        s.packets_lost = current->source->cumulative_lost();
        if (s.packets_expected > 0) {
            s.loss_percent = 100.0 *
                             static_cast<double>(std::max<std::int64_t>(s.packets_lost, 0)) /
                             static_cast<double>(s.packets_expected);
        }
        s.jitter_ms = to_ms(from_rtp_units(current->source->jitter(), config_.clock_rate));
        if (current->have_sr) s.peer_sender_report = current->sender_report;
    }
    s.peer_report = peer_report_;
    s.round_trip_ms = round_trip_ms_;
    s.rtcp_sent = rtcp_sent_;
    s.rtcp_received = rtcp_received_;
    s.rtp_invalid = rtp_invalid_;
    s.rtcp_invalid = rtcp_invalid_;
    s.peer_said_bye = peer_said_bye_;
    s.bye_reason = bye_reason_;
    return s;
}

}  // namespace dialtone::media
