#include "ua/media_report.hpp"

#include <cstdio>

namespace dialtone::ua {

namespace {

std::string fixed(double v, int decimals) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, v);
    return buffer;
}

std::string hex(std::uint32_t v) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%08x", v);
    return buffer;
}

}  // namespace

std::string format_media_statistics(const MediaEndpointStatistics& s) {
    const media::RtpStatistics& r = s.stream.rtp;
    std::string out;
    const auto line = [&out](const std::string& key, const std::string& value) {
        out += key + ": " + value + "\n";
    };
    line("rtp sent", std::to_string(r.packets_sent) + " packets, " + std::to_string(r.octets_sent) +
                         " octets (ssrc " + hex(r.ssrc) + ", to " +
                         (s.remote_rtp.empty() ? "-" : s.remote_rtp) +
                         (s.latched ? ", latched" : "") + ")");
    std::string received = std::to_string(r.packets_received) + " packets, " +
                           std::to_string(r.octets_received) + " octets";
    if (r.remote_ssrc) received += " (ssrc " + hex(*r.remote_ssrc) + ")";
    line("rtp received", received);
    line("loss", std::to_string(r.packets_lost) + " of " + std::to_string(r.packets_expected) +
                     " (" + fixed(r.loss_percent, 2) + "%)");
    line("jitter", fixed(r.jitter_ms, 2) + " ms");
    line("playout", std::to_string(s.stream.playout.played) + " played, " +
                        std::to_string(s.stream.playout.concealed) + " concealed, " +
                        std::to_string(s.stream.playout.late) + " late, delay " +
                        fixed(s.stream.playout.current_delay.count() / 1000.0, 0) + " ms");
    line("dtmf", std::to_string(s.stream.digits_sent) + " sent, " +
                     std::to_string(s.stream.digits_received) + " received");
    if (r.peer_sender_report) {
        line("peer sr", "sent " + std::to_string(r.peer_sender_report->packets) + " packets, " +
                            std::to_string(r.peer_sender_report->octets) + " octets");
    }
    if (r.peer_report) {
        std::string peer = "lost " + std::to_string(r.peer_report->cumulative_lost) + " (" +
                           fixed(r.peer_report->fraction_lost_percent, 1) + "% lately), jitter " +
                           fixed(r.peer_report->jitter_ms, 2) + " ms";
        if (s.stream.peer_received) {
            peer = "received " + std::to_string(*s.stream.peer_received) + " packets, " + peer;
        }
        line("peer report", peer);
    }
    if (r.round_trip_ms) line("round trip", fixed(*r.round_trip_ms, 1) + " ms");
    line("rtcp", std::to_string(r.rtcp_sent) + " sent, " + std::to_string(r.rtcp_received) +
                     " received" + (r.peer_said_bye ? ", peer said bye" : ""));
    if (r.rtp_invalid || r.rtcp_invalid || s.send_errors || s.late_ticks) {
        line("problems", std::to_string(r.rtp_invalid) + " bad rtp, " +
                             std::to_string(r.rtcp_invalid) + " bad rtcp, " +
                             std::to_string(s.send_errors) + " send errors, " +
                             std::to_string(s.late_ticks) + " late ticks");
    }
    if (s.sink_error) line("recording error", *s.sink_error);
    return out;
}

}  // namespace dialtone::ua
