#pragma once
// The events a telephone-event receiver accepts (RFC 4733 §2.4.1): the fmtp list "0-15",
// "0-16", "0-15,66,70". Event codes are 0-255.

#include <bitset>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dialtone::sdp {

class EventSet {
  public:
    EventSet() = default;
    // first..last inclusive.
    static EventSet range(std::uint8_t first, std::uint8_t last);
    // The set a receiver is assumed to accept when its SDP has no fmtp for telephone-event:
    // the DTMF events 0-15 (RFC 4733 §2.4.1, RFC 2833 §3.9).
    static EventSet dtmf() { return range(0, 15); }
    // "0-15,66,70"; spaces around items are tolerated. Nothing for a malformed list, an
    // event above 255 or a range that runs backwards.
    static std::optional<EventSet> parse(std::string_view list);

    bool contains(std::uint8_t event) const { return bits_.test(event); }
    void add(std::uint8_t event) { bits_.set(event); }
    bool empty() const { return bits_.none(); }
    bool covers(const EventSet& other) const { return (other.bits_ & ~bits_).none(); }
    EventSet intersect(const EventSet& other) const;
    // Ranges in ascending order, "0-16" or "0-15,66,70"; "" when empty.
    std::string to_string() const;
    bool operator==(const EventSet&) const = default;

  private:
    std::bitset<256> bits_;
};

}  // namespace dialtone::sdp
