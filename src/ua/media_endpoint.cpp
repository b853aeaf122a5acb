#include "ua/media_endpoint.hpp"

#include <boost/asio/buffer.hpp>
#include <boost/asio/ip/address.hpp>
#include <random>

#include "media/ntp_time.hpp"
#include "media/rtp_packet.hpp"
#include "ua/stream_config.hpp"

namespace dialtone::ua {

namespace asio = boost::asio;
using asio::ip::udp;

namespace {

constexpr auto kFrame = std::chrono::milliseconds(20);
// After a stall the loop sends at most this many overdue frames at once (200 ms of audio);
// beyond that it skips ahead rather than flood the peer's jitter buffer.
constexpr int kMaxCatchUp = 10;

media::RandomSource system_random() {
    auto device = std::make_shared<std::random_device>();
    return [device] { return static_cast<std::uint32_t>((*device)()); };
}

std::string endpoint_text(const udp::endpoint& e) {
    const std::string host =
        e.address().is_v6() ? "[" + e.address().to_string() + "]" : e.address().to_string();
    return host + ":" + std::to_string(e.port());
}

// The SDP's connection address and port as a UDP endpoint; nothing for the "do not send"
// address 0.0.0.0 (RFC 3264 §8.4's old hold) or port 0.
media::Result<std::optional<udp::endpoint>, std::string> resolve(
    const sdp::TransportAddress& address, std::string_view what) {
    using R = media::Result<std::optional<udp::endpoint>, std::string>;
    boost::system::error_code ec;
    const auto ip = asio::ip::make_address(address.address, ec);
    if (ec) {
        return R::failure(std::string(what) + " address \"" + address.address +
                          "\" is not an IP address");
    }
    if (ip.is_unspecified() || address.port == 0) return std::optional<udp::endpoint>();
    return std::optional<udp::endpoint>(udp::endpoint(ip, address.port));
}

bool same_codecs(const media::AudioStreamConfig& a, const media::AudioStreamConfig& b) {
    if (a.send_law != b.send_law || a.send_payload_type != b.send_payload_type ||
        a.send_event_payload_type != b.send_event_payload_type ||
        a.receive_event_payload_type != b.receive_event_payload_type ||
        a.receive_codecs.size() != b.receive_codecs.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.receive_codecs.size(); ++i) {
        if (a.receive_codecs[i].payload_type != b.receive_codecs[i].payload_type ||
            a.receive_codecs[i].law != b.receive_codecs[i].law) {
            return false;
        }
    }
    return true;
}

}  // namespace

media::Result<std::shared_ptr<MediaEndpoint>, std::string> MediaEndpoint::open(
    asio::io_context& io, MediaEndpointConfig config) {
    using R = media::Result<std::shared_ptr<MediaEndpoint>, std::string>;
    auto ports = bind_port_pair(io, config.local_address, config.ports);
    if (!ports) return R::failure(ports.error());
    if (config.cname.empty()) config.cname = "dialtone@" + config.local_address;
    auto endpoint = std::make_shared<MediaEndpoint>(io, std::move(config), std::move(*ports));
    endpoint->receive_rtp();
    endpoint->receive_rtcp();
    return endpoint;
}

MediaEndpoint::MediaEndpoint(asio::io_context& io, MediaEndpointConfig config, PortPair ports)
    : config_(std::move(config)),
      rtp_(std::move(ports.rtp)),
      rtcp_(std::move(ports.rtcp)),
      timer_(io),
      epoch_(Clock::now()) {
    rtp_port_ = rtp_.local_endpoint().port();
    rtcp_port_ = rtcp_.local_endpoint().port();
    // A full socket buffer must cost a packet, never stall the 20 ms loop.
    rtp_.non_blocking(true);
    rtcp_.non_blocking(true);
}

media::Instant MediaEndpoint::now() const {
    return media::Instant(std::chrono::duration_cast<media::Duration>(Clock::now() - epoch_));
}

void MediaEndpoint::set_sink(AudioSink sink) {
    sink_.close();
    sink_ = std::move(sink);
}

media::Result<media::Done, std::string> MediaEndpoint::apply(const sdp::NegotiatedStream& stream) {
    using R = media::Result<media::Done, std::string>;
    if (stopped_) return R::failure("the media stream has ended");
    if (!stream.active) {
        if (stream_) stop("stream rejected");
        return media::Done{};
    }

    media::AudioStreamConfig base;
    if (stream_config_) {
        base = *stream_config_;
    } else {
        base.rtp.cname = config_.cname;
        base.rtp.ntp_at_epoch = media::ntp_from_unix(
            std::chrono::duration_cast<media::Duration>(
                std::chrono::system_clock::now().time_since_epoch()) -
            std::chrono::duration_cast<media::Duration>(Clock::now() - epoch_));
        base.jitter = config_.jitter;
        base.digit_duration = config_.digit_duration_ms * media::kNarrowbandRate / 1000;
        base.digit_gap = config_.digit_gap_ms * media::kNarrowbandRate / 1000;
    }
    auto audio = audio_config_for(stream, std::move(base));
    if (!audio) return R::failure(audio.error());
    auto rtp_target = resolve(stream.remote_rtp, "remote RTP");
    if (!rtp_target) return R::failure(rtp_target.error());
    auto rtcp_target = resolve(stream.remote_rtcp, "remote RTCP");
    if (!rtcp_target) return R::failure(rtcp_target.error());

    // A latched target survives a re-negotiation that keeps the SDP address.
    if (!latched_rtp_ || *rtp_target != sdp_rtp_) {
        remote_rtp_ = *rtp_target;
        latched_rtp_ = false;
    }
    if (!latched_rtcp_ || *rtcp_target != sdp_rtcp_) {
        remote_rtcp_ = *rtcp_target;
        latched_rtcp_ = false;
    }
    sdp_rtp_ = *rtp_target;
    sdp_rtcp_ = *rtcp_target;

    if (stream_ && same_codecs(*stream_config_, *audio)) {
        stream_->set_direction(audio->send, audio->receive);
    } else {
        if (stream_) {
            // RFC 3550 §6.6: the old SSRC leaves before the new stream starts.
            const auto bye = stream_->write_bye(now(), "codec change");
            if (remote_rtcp_) send(rtcp_, *remote_rtcp_, bye);
        }
        stream_.emplace(*audio, system_random(), now());
    }
    stream_config_ = std::move(*audio);
    if (!running_) {
        running_ = true;
        next_tick_ = Clock::now();
        schedule_tick();
    }
    return media::Done{};
}

media::Result<media::Done, std::string> MediaEndpoint::send_digits(std::string_view digits) {
    using R = media::Result<media::Done, std::string>;
    if (!stream_ || !running_) return R::failure("no media stream is running");
    auto queued = stream_->queue_digits(digits);
    if (!queued) return R::failure(std::string(queued.error()));
    return media::Done{};
}

void MediaEndpoint::schedule_tick() {
    timer_.expires_at(next_tick_);
    timer_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
        if (!ec) self->on_tick();
    });
}

void MediaEndpoint::on_tick() {
    if (!running_ || !stream_) return;
    const auto t = Clock::now();
    int ticks = 0;
    while (next_tick_ <= t) {
        if (ticks == kMaxCatchUp) {
            const auto behind = (t - next_tick_) / kFrame + 1;
            late_ticks_ += static_cast<std::uint64_t>(behind);
            next_tick_ += behind * kFrame;
            break;
        }
        // The frame's nominal instant, not when the timer happened to fire: playout and
        // the SR's timestamp mapping stay on a regular 20 ms grid.
        const media::Instant at(std::chrono::duration_cast<media::Duration>(next_tick_ - epoch_));
        const media::TickOutput out = stream_->tick(at, source_.next_frame());
        if (out.rtp && remote_rtp_) send(rtp_, *remote_rtp_, *out.rtp);
        sink_.write(out.playout);
        next_tick_ += kFrame;
        ++ticks;
    }
    const media::Instant at = now();
    if (stream_->rtcp_due(at)) {
        const auto report = stream_->write_rtcp(at);
        if (remote_rtcp_) send(rtcp_, *remote_rtcp_, report);
    }
    schedule_tick();
}

void MediaEndpoint::receive_rtp() {
    rtp_.async_receive_from(
        asio::buffer(rtp_buffer_), rtp_from_,
        [self = shared_from_this()](const boost::system::error_code& ec, std::size_t size) {
            if (ec == asio::error::operation_aborted || self->closed_) return;
            if (!ec) self->handle_rtp(size);
            self->receive_rtp();
        });
}

void MediaEndpoint::receive_rtcp() {
    rtcp_.async_receive_from(
        asio::buffer(rtcp_buffer_), rtcp_from_,
        [self = shared_from_this()](const boost::system::error_code& ec, std::size_t size) {
            if (ec == asio::error::operation_aborted || self->closed_) return;
            if (!ec) self->handle_rtcp(size);
            self->receive_rtcp();
        });
}

void MediaEndpoint::handle_rtp(std::size_t size) {
    if (!stream_) return;
    const std::span<const std::uint8_t> bytes(rtp_buffer_.data(), size);
    if (config_.symmetric_rtp && !latched_rtp_ && running_) {
        // Latch only onto a packet of a negotiated payload type, not any datagram that
        // happens to reach the port.
        if (auto packet = media::parse_rtp(bytes)) {
            const std::uint8_t pt = packet->header.payload_type;
            bool negotiated = pt == stream_config_->receive_event_payload_type;
            for (const auto& c : stream_config_->receive_codecs)
                negotiated = negotiated || c.payload_type == pt;
            if (negotiated) {
                remote_rtp_ = rtp_from_;
                latched_rtp_ = true;
            }
        }
    }
    const auto event = stream_->on_rtp(now(), bytes);
    if (event && event->digit && on_digit_ && running_) on_digit_(*event->digit);
}

void MediaEndpoint::handle_rtcp(std::size_t size) {
    if (!stream_) return;
    const auto taken = stream_->on_rtcp(now(), {rtcp_buffer_.data(), size});
    if (taken && config_.symmetric_rtp && !latched_rtcp_ && running_) {
        remote_rtcp_ = rtcp_from_;
        latched_rtcp_ = true;
    }
}

void MediaEndpoint::send(udp::socket& socket, const udp::endpoint& to,
                         std::span<const std::uint8_t> bytes) {
    boost::system::error_code ec;
    socket.send_to(asio::buffer(bytes.data(), bytes.size()), to, 0, ec);
    if (ec) ++send_errors_;
}

std::optional<MediaEndpointStatistics> MediaEndpoint::statistics() const {
    if (!stream_) return std::nullopt;
    MediaEndpointStatistics s;
    s.stream = stream_->statistics();
    s.send_errors = send_errors_;
    s.late_ticks = late_ticks_;
    if (remote_rtp_) s.remote_rtp = endpoint_text(*remote_rtp_);
    s.latched = latched_rtp_;
    s.sink_error = sink_.error();
    return s;
}

void MediaEndpoint::stop(std::string_view reason) {
    if (stopped_) return;
    stopped_ = true;
    if (running_) {
        running_ = false;
        timer_.cancel();
        // Late packets still count in the statistics, but nothing more is played.
        stream_->set_direction(false, false);
        const auto bye = stream_->write_bye(now(), reason);
        if (remote_rtcp_) send(rtcp_, *remote_rtcp_, bye);
    }
    sink_.close();
}

void MediaEndpoint::close() {
    if (closed_) return;
    stop();
    closed_ = true;
    boost::system::error_code ec;
    timer_.cancel();
    rtp_.close(ec);
    rtcp_.close(ec);
}

}  // namespace dialtone::ua
