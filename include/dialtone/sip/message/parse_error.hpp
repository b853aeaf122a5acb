#pragma once
// Errors are values (DESIGN.md §2.4): every parse or validation failure carries the SIP
// status a server should answer with and a reason a person can read.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace dialtone::message {

struct ParseError {
    // The status a server answers with; 0 means "do not answer" (e.g. a broken response).
    std::uint16_t status = 400;
    // A static, human-readable description such as "missing Call-ID header".
    std::string_view what;
    // True when the bytes break the grammar or the RFC's mandatory rules; false when the
    // message is well-formed but a server still refuses it (416, 420, 483, 513, ...).
    bool malformed = true;
    // The header the defect is in ("From"), when the check that found it knows; static text.
    std::string_view where;

    // "From: unterminated quoted string", or just `what` when `where` is empty.
    std::string description() const;

    // "Bad Request (missing Call-ID header)": the reason phrase to put on the response.
    std::string reason_phrase() const;
};

// The standard reason phrase of a status code ("Bad Request" for 400).
std::string_view default_reason(int status);

template <class T>
class Result {
  public:
    Result(T value) : v_(std::move(value)) {}
    Result(ParseError error) : v_(error) {}
    // Builds the value in place, so a parser can fill it and return it without a copy.
    template <class... Args>
    explicit Result(std::in_place_t, Args&&... args)
        : v_(std::in_place_index<0>, std::forward<Args>(args)...) {}

    bool ok() const { return v_.index() == 0; }
    explicit operator bool() const { return ok(); }
    T& value() { return std::get<0>(v_); }
    const T& value() const { return std::get<0>(v_); }
    T& operator*() { return value(); }
    const T& operator*() const { return value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    const ParseError& error() const { return std::get<1>(v_); }

  private:
    std::variant<T, ParseError> v_;
};

}  // namespace dialtone::message
