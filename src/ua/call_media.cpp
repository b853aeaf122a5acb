#include "ua/call_media.hpp"

#include <utility>

#include "ua/media_report.hpp"

namespace dialtone::ua {

sdp::MediaCapabilities g711_capabilities(const std::string& address, std::uint16_t port,
                                         const std::string& username) {
    sdp::MediaCapabilities caps;
    caps.address = address;
    caps.username = username.empty() ? "-" : username;
    caps.session_name = "dialtone";
    sdp::StreamCapabilities audio;
    audio.codecs.push_back(*sdp::static_codec(0));
    audio.codecs.push_back(*sdp::static_codec(8));
    audio.telephone_events.push_back(sdp::TelephoneEventFormat{});
    audio.ptime = 20;
    audio.port = port;
    caps.streams.push_back(std::move(audio));
    return caps;
}

media::Result<std::unique_ptr<CallMedia>, std::string> CallMedia::open(
    boost::asio::io_context& io, const PhoneSettings& settings, const std::string& address) {
    using R = media::Result<std::unique_ptr<CallMedia>, std::string>;
    MediaEndpointConfig config;
    config.local_address = settings.media_address.empty() ? address : settings.media_address;
    config.ports = settings.rtp_ports;
    config.symmetric_rtp = true;
    auto endpoint = MediaEndpoint::open(io, config);
    if (!endpoint) return R::failure(endpoint.error());
    if (!settings.play_file.empty()) {
        auto source = AudioSource::wav_file(settings.play_file, settings.loop_play);
        if (!source) return R::failure(source.error());
        (*endpoint)->set_source(std::move(*source));
    } else if (settings.tone_hz) {
        (*endpoint)->set_source(AudioSource::tone(*settings.tone_hz));
    }
    if (!settings.record_file.empty()) {
        auto sink = AudioSink::wav_file(settings.record_file);
        if (!sink) return R::failure(sink.error());
        (*endpoint)->set_sink(std::move(*sink));
    }
    return std::make_unique<CallMedia>(std::move(*endpoint), config.local_address);
}

CallMedia::~CallMedia() {
    close();
}

sdp::MediaCapabilities CallMedia::capabilities() const {
    return g711_capabilities(address_, endpoint_->rtp_port(), "dialtone");
}

bool CallMedia::apply(const sdp::NegotiatedSession& session, std::string& error) {
    const sdp::NegotiatedStream* audio = nullptr;
    for (const sdp::NegotiatedStream& s : session.streams)
        if (s.media == "audio") {
            audio = &s;
            break;
        }
    if (audio == nullptr) {
        error = "the session has no audio stream";
        return false;
    }
    auto applied = endpoint_->apply(*audio);
    if (!applied) {
        error = applied.error();
        return false;
    }
    return true;
}

void CallMedia::send_digits(const std::string& digits, std::string& error) {
    auto sent = endpoint_->send_digits(digits);
    if (!sent) error = sent.error();
}

std::string CallMedia::statistics() const {
    auto s = endpoint_->statistics();
    return s ? format_media_statistics(*s) : std::string();
}

void CallMedia::close() {
    if (closed_) return;
    closed_ = true;
    endpoint_->close();
}

}  // namespace dialtone::ua
