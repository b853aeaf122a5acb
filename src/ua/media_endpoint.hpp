#pragma once
// The audio of one call on Boost.Asio: the I/O shell around media::AudioStream. It binds an
// RTP/RTCP port pair, ticks every 20 ms on a steady timer (taking 20 ms from the source,
// sending the RTP packet the stream gives, writing what it plays out to the sink), feeds
// received datagrams to the stream, sends RTCP when the stream says a report is due, and
// reports received digits through a callback.
//
// Symmetric RTP (RFC 4961; the NAT traversal phones do): with `symmetric_rtp` the endpoint
// sends RTP (and RTCP) to where the peer's first accepted packets came from rather than to
// the SDP address, once per negotiation.
//
// Everything runs on the io_context's thread: call the methods from handlers running there
// (or before run()), as the softphone's call logic does. Handlers hold a shared_ptr to the
// endpoint, so it stays alive until close() has cancelled them.

#include <array>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "dialtone/sip/sdp/negotiated.hpp"
#include "media/audio_stream.hpp"
#include "media/result.hpp"
#include "ua/audio_sink.hpp"
#include "ua/audio_source.hpp"
#include "ua/port_pair.hpp"

namespace dialtone::ua {

struct MediaEndpointConfig {
    std::string local_address = "0.0.0.0";
    PortRange ports;
    std::string cname;  // SDES CNAME; "dialtone@<local_address>" when empty
    bool symmetric_rtp = false;
    media::JitterBufferConfig jitter;
    std::uint32_t digit_duration_ms = 100;
    std::uint32_t digit_gap_ms = 60;
};

struct MediaEndpointStatistics {
    media::AudioStreamStatistics stream;
    std::uint64_t send_errors = 0;  // datagrams the socket refused
    std::uint64_t late_ticks = 0;   // 20 ms ticks skipped because the loop stalled
    std::string remote_rtp;         // where RTP goes now ("" when nowhere)
    bool latched = false;           // symmetric RTP moved the target
    std::optional<std::string> sink_error;
};

class MediaEndpoint : public std::enable_shared_from_this<MediaEndpoint> {
  public:
    using DigitHandler = std::function<void(char digit)>;

    static media::Result<std::shared_ptr<MediaEndpoint>, std::string> open(
        boost::asio::io_context& io, MediaEndpointConfig config);

    const std::string& local_address() const { return config_.local_address; }
    std::uint16_t rtp_port() const { return rtp_port_; }
    std::uint16_t rtcp_port() const { return rtcp_port_; }

    void set_source(AudioSource source) { source_ = std::move(source); }
    // The previous sink is closed.
    void set_sink(AudioSink sink);
    void on_digit(DigitHandler handler) { on_digit_ = std::move(handler); }

    // Starts the stream on the first call, then follows re-negotiations: a new direction
    // (hold, resume), a new remote address, or new codecs. A change of codec or payload
    // types starts a new RTP stream (new SSRC); a rejected stream (port 0) stops, for
    // good: a stream offered again after that needs a new endpoint (new ports anyway).
    media::Result<media::Done, std::string> apply(const sdp::NegotiatedStream& stream);

    // Queues DTMF digits to send as RFC 4733 events.
    media::Result<media::Done, std::string> send_digits(std::string_view digits);

    bool running() const { return running_; }
    // Nothing before the first apply().
    std::optional<MediaEndpointStatistics> statistics() const;

    // Ends the stream: no more RTP sent or played, an RTCP BYE (with a last report) to the
    // peer, the sink closed. Until close(), late RTP still counts in the statistics and
    // the RTCP port still takes the peer's last reports, so they show what it counted.
    void stop(std::string_view reason = "call ended");
    // stop(), then closes the sockets and cancels everything pending.
    void close();

    // Use open(); public for std::make_shared.
    MediaEndpoint(boost::asio::io_context& io, MediaEndpointConfig config, PortPair ports);

  private:
    using Clock = std::chrono::steady_clock;

    media::Instant now() const;
    void schedule_tick();
    void on_tick();
    void receive_rtp();
    void receive_rtcp();
    void handle_rtp(std::size_t size);
    void handle_rtcp(std::size_t size);
    void send(boost::asio::ip::udp::socket& socket, const boost::asio::ip::udp::endpoint& to,
              std::span<const std::uint8_t> bytes);

    MediaEndpointConfig config_;
    boost::asio::ip::udp::socket rtp_;
    boost::asio::ip::udp::socket rtcp_;
    std::uint16_t rtp_port_ = 0;
    std::uint16_t rtcp_port_ = 0;
    boost::asio::steady_timer timer_;
    Clock::time_point epoch_;
    Clock::time_point next_tick_;

    std::optional<media::AudioStream> stream_;
    std::optional<media::AudioStreamConfig> stream_config_;
    AudioSource source_ = AudioSource::silence();
    AudioSink sink_ = AudioSink::discard();
    DigitHandler on_digit_;

    std::optional<boost::asio::ip::udp::endpoint> remote_rtp_;
    std::optional<boost::asio::ip::udp::endpoint> remote_rtcp_;
    std::optional<boost::asio::ip::udp::endpoint> sdp_rtp_;  // what the SDP said
    std::optional<boost::asio::ip::udp::endpoint> sdp_rtcp_;
    bool latched_rtp_ = false;
    bool latched_rtcp_ = false;
    bool running_ = false;
    bool stopped_ = false;
    bool closed_ = false;

    std::array<std::uint8_t, 2048> rtp_buffer_{};
    std::array<std::uint8_t, 2048> rtcp_buffer_{};
    boost::asio::ip::udp::endpoint rtp_from_;
    boost::asio::ip::udp::endpoint rtcp_from_;

    std::uint64_t send_errors_ = 0;
    std::uint64_t late_ticks_ = 0;
};

}  // namespace dialtone::ua
