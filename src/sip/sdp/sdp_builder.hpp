#pragma once
// Pieces shared by make_offer, make_reoffer and make_answer: the session lines, the media
// lines of a capability stream, a rejected copy of an m= line, o= version bookkeeping.

#include <cstdint>
#include <string>
#include <string_view>

#include "dialtone/sip/sdp/capabilities.hpp"
#include "dialtone/sip/sdp/session_description.hpp"

namespace dialtone::sdp::detail {

// "IP6" for an address with a ':', else "IP4" (names and IPv4 literals).
std::string_view addrtype_for(std::string_view address);
Connection connection_for(std::string_view address);

// v= o= s= c= t=0 0 of our own SDP.
SessionDescription session_lines(const MediaCapabilities& caps, Origin origin);
Origin new_origin(const MediaCapabilities& caps, std::uint64_t id, std::uint64_t version);

// Where a stream receives: its own address or the session's.
const std::string& stream_address(const MediaCapabilities& caps, const StreamCapabilities& s);
std::uint16_t rtcp_port_of(const StreamCapabilities& s);

// The m= section offering everything `s` has, in `direction`.
MediaDescription offered_stream(const MediaCapabilities& caps, const StreamCapabilities& s,
                                Direction direction);
// The m= section of a stream we do not take: port 0, the first format of `m` and its
// rtpmap when it had one (RFC 3264 §6 wants one format; RFC 4317 §2.2 writes it this way).
MediaDescription rejected_stream(const MediaDescription& m);
// A capability stream with port 0 (removed or unwanted) as an m= line.
MediaDescription disabled_stream(const StreamCapabilities& s);

// Media-level c= (when the stream's address is not the session's), then ptime, maxptime,
// rtcp, direction and the stream's extra attributes.
void add_connection(MediaDescription& m, const MediaCapabilities& caps,
                    const StreamCapabilities& s);
void add_stream_attributes(MediaDescription& m, const MediaCapabilities& caps,
                           const StreamCapabilities& s, Direction direction);
void add_rtpmap(MediaDescription& m, std::string_view fmt, const RtpMap& map);
void add_fmtp(MediaDescription& m, std::string_view fmt, std::string_view parameters);

// Digits plus one: "2890844526" -> "2890844527", "99" -> "100".
std::string increment_decimal(std::string_view digits);
// RFC 3264 §8: `next` takes the o= of `previous`; its version goes up by one only when the
// two descriptions differ.
void settle_version(SessionDescription& next, const SessionDescription& previous);

}  // namespace dialtone::sdp::detail
