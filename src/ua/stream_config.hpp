#pragma once
// From what offer/answer settled (sdp::NegotiatedStream) to how the audio stream runs:
// which G.711 law and payload type to send, which payload types to play, the RFC 4733
// payload types, and the direction. Payload types are the peer's when sending and ours
// when receiving (RFC 3264 §5.1).

#include <string>

#include "dialtone/sip/sdp/negotiated.hpp"
#include "media/audio_stream.hpp"
#include "media/result.hpp"

namespace dialtone::ua {

// Fills the codec, telephone-event and direction fields of `base` (the rest, CNAME,
// jitter buffer and DTMF timing, are kept). Fails when the stream was rejected (port 0) or
// has no 8 kHz PCMU/PCMA in common: a softphone that only speaks G.711 cannot use it.
media::Result<media::AudioStreamConfig, std::string> audio_config_for(
    const sdp::NegotiatedStream& stream, media::AudioStreamConfig base);

}  // namespace dialtone::ua
