#pragma once
// Generic ";name=value" parameter lists as they appear in URIs and header values.
// Values are views into the message; quoted values keep their quotes.

#include <string_view>

namespace dialtone::message {

struct Param {
    std::string_view name;
    std::string_view value;  // empty when the parameter has no "=value"
    bool has_value = false;
};

// Iterates a parameter list "a=1;b;c=\"x;y\"" (no leading ';'). Whitespace around ';' and
// '=' (LWS, including folded line ends) is skipped, as header grammar allows.
class ParamCursor {
  public:
    explicit ParamCursor(std::string_view list) : rest_(list) {}
    // Fills `out` with the next parameter; false at the end.
    bool next(Param& out);

  private:
    std::string_view rest_;
};

// First parameter named `name` (case-insensitive). Returns whether it was found.
bool find_param(std::string_view list, std::string_view name, Param& out);

// Removes the surrounding quotes of a quoted-string, leaving backslash escapes in place.
std::string_view unquote(std::string_view v);

}  // namespace dialtone::message

namespace dialtone::message {

// Strict check of a header parameter list (RFC 3261 generic-param): every element is a
// token name with an optional token / host / quoted-string value, separated by single
// ';' with optional LWS. Stray or empty elements (";;") fail: RFC 4475 badinv01.
bool params_well_formed(std::string_view list);

}  // namespace dialtone::message
