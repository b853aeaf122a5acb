#pragma once
// Errors are values (DESIGN.md §2.4). An SDP that cannot be used carries the SIP status a
// UA answers the request that brought it with, and a reason that names the line.
//
// The status, decided once for the whole layer:
//   400 Bad Request: the body is not an SDP (a broken line, a missing o=, an m= without a
//       port...). RFC 3261 §21.4.1 gives 400 for "malformed syntax", and the body is part
//       of the request; answering 488 instead would tell the peer to try other codecs when
//       what it must fix is its SDP.
//   488 Not Acceptable Here: a well-formed offer that offers nothing we can take (no common
//       codec, media types we lack, an unknown transport), as RFC 3261 §21.4.26 describes,
//       with the Warning code of §20.43 that says why (304, 305, ...). An answer that breaks
//       RFC 3264 is also reported with 488: the offerer cannot reject a 2xx, it ACKs and
//       then ends or re-negotiates the session, and 488 is what it would send in a PRACK
//       or UPDATE answer.
// A body of another Content-Type is the caller's business (415, RFC 3261 §21.4.13).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace dialtone::sdp {

struct Error {
    std::uint16_t status = 400;
    // RFC 3261 §20.43 warn-code for a 488 (301-307, 399); 0: none.
    std::uint16_t warning = 0;
    // 1-based line the defect is on; 0 when it belongs to no single line.
    std::size_t line = 0;
    // "m= needs a port"; never names the line itself.
    std::string reason;

    // "line 5: m= needs a port", or just the reason when line is 0.
    std::string description() const;
    // The Reason-Phrase to answer with: "Bad Request (SDP line 5: m= needs a port)".
    std::string reason_phrase() const;
    // The warn-text of RFC 3261 §20.43 for `warning` ("Incompatible media format").
    std::string_view warning_text() const;
};

// A value or the Error that prevented it; the API mirrors message::Result.
template <class T>
class Result {
  public:
    Result(T value) : v_(std::move(value)) {}
    Result(Error error) : v_(std::move(error)) {}

    bool ok() const { return v_.index() == 0; }
    explicit operator bool() const { return ok(); }
    T& value() { return std::get<0>(v_); }
    const T& value() const { return std::get<0>(v_); }
    T& operator*() { return value(); }
    const T& operator*() const { return value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    const Error& error() const { return std::get<1>(v_); }

  private:
    std::variant<T, Error> v_;
};

}  // namespace dialtone::sdp
