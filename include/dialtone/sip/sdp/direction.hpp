#pragma once
// The direction attributes of RFC 4566 §6 (a=sendrecv / sendonly / recvonly / inactive),
// always from the point of view of the party whose SDP carries them.

#include <cstdint>
#include <optional>
#include <string_view>

namespace dialtone::sdp {

enum class Direction : std::uint8_t { SendRecv, SendOnly, RecvOnly, Inactive };

constexpr bool sends(Direction d) {
    return d == Direction::SendRecv || d == Direction::SendOnly;
}
constexpr bool receives(Direction d) {
    return d == Direction::SendRecv || d == Direction::RecvOnly;
}
constexpr Direction make_direction(bool send, bool receive) {
    if (send && receive) return Direction::SendRecv;
    if (send) return Direction::SendOnly;
    if (receive) return Direction::RecvOnly;
    return Direction::Inactive;
}
// The same stream seen from the other end: sendonly here is recvonly there.
constexpr Direction reverse(Direction d) {
    return make_direction(receives(d), sends(d));
}
// What both allow: sends only if both send, receives only if both receive.
constexpr Direction intersect(Direction a, Direction b) {
    return make_direction(sends(a) && sends(b), receives(a) && receives(b));
}
// RFC 3264 §8.4: a sendrecv stream is held by marking it sendonly, a recvonly one (the peer
// already holds us) by marking it inactive. Sendonly and inactive streams stay as they are.
constexpr Direction hold(Direction d) {
    return make_direction(sends(d), false);
}

// "sendrecv", "sendonly", "recvonly", "inactive".
std::string_view direction_name(Direction d);
// The Direction an attribute name stands for, ignoring case (RFC 4566 §6 spells them in
// lower case; a few phones do not).
std::optional<Direction> parse_direction(std::string_view attribute_name);

}  // namespace dialtone::sdp
