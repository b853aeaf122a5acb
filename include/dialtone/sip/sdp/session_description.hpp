#pragma once
// An SDP session description (RFC 4566) as a value that owns its text: parse it from a
// body, read or change its fields, write it back.
//
// Round trip: parse then to_string gives back the same bytes for a valid SDP, unknown
// lines and attributes included, each where it was. The writer uses CRLF and the field
// order of RFC 4566 §5; numbers are written without leading zeros and the fields of
// structured lines (o=, c=, m=, b=, t=) with one space between them. Free text (s=, i=,
// u=, e=, p=, k=, r=, z=, attribute values, unknown lines) is kept byte for byte.
//
// Leniencies, each because real phones do it (everything else is refused with 400):
//   - bare LF line ends (RFC 4566 §5 asks parsers to accept them); a last line without
//     one; a CR right before the end of the body;
//   - empty or blank lines, which are skipped (many bodies end with one);
//   - spaces or tabs at the end of structured lines, and runs of them between fields;
//     a trailing space after a property attribute name ("a=sendrecv ");
//   - lines of a section in any order (b= after a=, c= after b=, o= after s= ...): they
//     are written back in RFC 4566 order. Only v= must come first, and m= opens a section;
//   - a missing s= (RFC 4566 requires one) or an empty one; a missing t=;
//   - an m= line with port 0 and no format, or without any c= (RFC 3264 §6 asks for one
//     format; a rejected stream needs no address);
//   - type letters RFC 4566 does not define ("y=", "f="): RFC 4566 §5 says to ignore the
//     whole description, RFC 8866 §5 to ignore or reject it; we keep them as ExtraLines and
//     negotiation ignores them. has_unknown_lines() lets a strict caller refuse instead;
//   - a= names compared ignoring case by the typed readers; ptime with a fraction.
// Strict where it matters: v=0 first, exactly one o= with numeric session id and version,
// at most one of s=, i=, u=, z=, k= (per section) and session c=, r= only after a t=, no
// session-only line inside a media section, numbers in range, RTP payload types 0-127,
// every active m= line with a c= (its own or the session's, §5.7), well-formed rtpmap,
// fmtp, ptime, maxptime and rtcp values, attribute names that are tokens, no NUL and no CR
// inside a line.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dialtone/sip/sdp/direction.hpp"
#include "dialtone/sip/sdp/error.hpp"
#include "dialtone/sip/sdp/fields.hpp"
#include "dialtone/sip/sdp/media_description.hpp"

namespace dialtone::sdp {

struct SessionDescription {
    // v=0 is implied: it is the only version there is.
    Origin origin;
    std::optional<std::string> session_name;      // s=
    std::optional<std::string> information;       // i=
    std::optional<std::string> uri;               // u=
    std::vector<std::string> emails;              // e=
    std::vector<std::string> phones;              // p=
    std::optional<Connection> connection;         // c=
    std::vector<Bandwidth> bandwidths;            // b=
    std::vector<Timing> timings;                  // t= (with their r=)
    std::optional<std::string> zone_adjustments;  // z=
    std::optional<std::string> key;               // k=
    std::vector<Attribute> attributes;            // session-level a=
    std::vector<ExtraLine> extra_lines;
    std::vector<MediaDescription> media;

    static Result<SessionDescription> parse(std::string_view text);
    std::string to_string() const;

    // The session-level direction attribute, if any.
    std::optional<Direction> direction() const;
    // The direction in force for media section `i`: its own attribute, else the session's,
    // else sendrecv (RFC 4566 §6, RFC 3264 §5.1).
    Direction media_direction(std::size_t i) const;
    // The c= that applies to media section `i`: its first own, else the session's.
    const Connection* media_connection(std::size_t i) const;
    // Whether any line had a type letter RFC 4566 does not define.
    bool has_unknown_lines() const;

    bool operator==(const SessionDescription&) const = default;
};

}  // namespace dialtone::sdp
