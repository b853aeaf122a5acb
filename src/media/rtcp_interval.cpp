#include "media/rtcp_interval.hpp"

namespace dialtone::media {

double rtcp_deterministic_interval(const RtcpIntervalInput& in) {
    const double min_time = in.initial ? kRtcpMinInterval / 2 : kRtcpMinInterval;
    double bandwidth = in.rtcp_bandwidth;
    double n = static_cast<double>(in.members);
    // With few senders, senders share a quarter of the RTCP bandwidth and receivers the
    // rest, so a new receiver learns the senders' CNAMEs quickly.
    if (static_cast<double>(in.senders) <= static_cast<double>(in.members) * kRtcpSenderShare) {
        if (in.we_sent) {
            bandwidth *= kRtcpSenderShare;
            n = static_cast<double>(in.senders);
        } else {
            bandwidth *= 1.0 - kRtcpSenderShare;
            n -= static_cast<double>(in.senders);
        }
    }
    double t = bandwidth > 0 ? in.avg_rtcp_size * n / bandwidth : min_time;
    if (t < min_time) t = min_time;
    return t;
}

double rtcp_interval(const RtcpIntervalInput& in, const RandomSource& random) {
    const double t = rtcp_deterministic_interval(in) * (uniform_unit(random) + 0.5);
    return t / kRtcpCompensation;
}

}  // namespace dialtone::media
