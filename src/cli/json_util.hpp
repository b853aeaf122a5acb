#pragma once
// Small helpers shared by the JSON writers of `dialtone lint --json`.

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "dialtone/sip/message/parse_error.hpp"

namespace dialtone::cli {

inline std::string str(std::string_view s) {
    return std::string(s);
}

// `fn(value)` when the parse succeeded, else {"error": "<what went wrong>"}.
template <class T, class F>
nlohmann::json or_error(const message::Result<T>& r, F&& fn) {
    if (!r) return nlohmann::json{{"error", r.error().description()}};
    return fn(*r);
}

}  // namespace dialtone::cli
