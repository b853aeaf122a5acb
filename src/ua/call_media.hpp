#pragma once
// The audio of the softphone's one call: the MediaEndpoint opened before the offer or
// answer is made (its port goes into the SDP), the source and recording the command asked
// for, and the first audio stream of each negotiated session applied to it.

#include <boost/asio/io_context.hpp>
#include <memory>
#include <string>

#include "dialtone/sip/sdp/capabilities.hpp"
#include "dialtone/sip/sdp/negotiated.hpp"
#include "media/result.hpp"
#include "ua/media_endpoint.hpp"
#include "ua/phone_settings.hpp"

namespace dialtone::ua {

// PCMU, PCMA and telephone-event 0-16 on `port` at `address` (the only codecs the media
// layer speaks).
sdp::MediaCapabilities g711_capabilities(const std::string& address, std::uint16_t port,
                                         const std::string& username);

class CallMedia {
  public:
    // Binds the RTP/RTCP ports and prepares the source and the recording; errors name the
    // file or address.
    static media::Result<std::unique_ptr<CallMedia>, std::string> open(
        boost::asio::io_context& io, const PhoneSettings& settings, const std::string& address);

    sdp::MediaCapabilities capabilities() const;
    // Starts or follows the session; false (with `error`) when it has no usable audio.
    bool apply(const sdp::NegotiatedSession& session, std::string& error);
    void send_digits(const std::string& digits, std::string& error);
    void on_digit(MediaEndpoint::DigitHandler handler) { endpoint_->on_digit(std::move(handler)); }
    bool started() const { return endpoint_->running(); }
    // The statistics lines (format_media_statistics), empty before the stream started.
    std::string statistics() const;
    // Stops sending and playing (RTCP BYE, recording finished) but keeps counting what
    // still arrives: on our own hangup, before the BYE leaves, so what we report sent is
    // what the peer could receive before it closed.
    void stop() { endpoint_->stop("hangup"); }
    // Sends the RTCP BYE, finishes the recording, closes the sockets.
    void close();

    explicit CallMedia(std::shared_ptr<MediaEndpoint> endpoint, std::string address)
        : endpoint_(std::move(endpoint)), address_(std::move(address)) {}
    ~CallMedia();
    CallMedia(const CallMedia&) = delete;
    CallMedia& operator=(const CallMedia&) = delete;

  private:
    std::shared_ptr<MediaEndpoint> endpoint_;
    std::string address_;
    bool closed_ = false;
};

}  // namespace dialtone::ua
