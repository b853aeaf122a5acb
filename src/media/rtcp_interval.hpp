#pragma once
// The RTCP transmission interval (RFC 3550 §6.3.1, the algorithm of §A.7): RTCP gets a
// fixed share of the session bandwidth, a quarter of it for senders when they are few,
// with a minimum interval of 5 s (halved before the first report), randomized over
// [0.5, 1.5] times the deterministic value and divided by e - 3/2 to compensate for
// timer reconsideration.

#include <cstddef>

#include "media/random_source.hpp"

namespace dialtone::media {

struct RtcpIntervalInput {
    std::size_t members = 2;        // participants, us included
    std::size_t senders = 1;        // participants that sent RTP recently, us included
    double rtcp_bandwidth = 500.0;  // octets per second for all RTCP (§6.2: 5% of the session)
    bool we_sent = false;           // we sent RTP since the report before last
    double avg_rtcp_size = 100.0;   // octets, lower-layer headers included (§6.3.3)
    bool initial = false;           // no RTCP sent yet
};

inline constexpr double kRtcpMinInterval = 5.0;   // seconds (§6.2)
inline constexpr double kRtcpSenderShare = 0.25;  // §6.3.1
inline constexpr double kRtcpCompensation = 2.71828 - 1.5;

// The interval before randomization: T_d of §6.3.1, in seconds.
double rtcp_deterministic_interval(const RtcpIntervalInput& in);

// The interval to wait, in seconds: T_d scaled by a uniform draw in [0.5, 1.5) and divided
// by e - 3/2.
double rtcp_interval(const RtcpIntervalInput& in, const RandomSource& random);

// §6.3.3: the running average of compound RTCP packet sizes, after one more packet of
// `packet_size` octets (lower-layer headers included) was sent or received.
inline double next_avg_rtcp_size(double avg, double packet_size) {
    return packet_size / 16.0 + avg * 15.0 / 16.0;
}

}  // namespace dialtone::media
