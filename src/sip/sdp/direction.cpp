#include "dialtone/sip/sdp/direction.hpp"

#include "sip/sdp/text.hpp"

namespace dialtone::sdp {

std::string_view direction_name(Direction d) {
    switch (d) {
        case Direction::SendRecv:
            return "sendrecv";
        case Direction::SendOnly:
            return "sendonly";
        case Direction::RecvOnly:
            return "recvonly";
        case Direction::Inactive:
            return "inactive";
    }
    return "sendrecv";
}

std::optional<Direction> parse_direction(std::string_view attribute_name) {
    for (Direction d :
         {Direction::SendRecv, Direction::SendOnly, Direction::RecvOnly, Direction::Inactive}) {
        if (text::iequals(attribute_name, direction_name(d))) return d;
    }
    return std::nullopt;
}

}  // namespace dialtone::sdp
