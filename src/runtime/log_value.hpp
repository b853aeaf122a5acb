#pragma once
#include <string>
#include <string_view>

namespace dialtone::runtime {

// A value for a key=value log line: as is when it is a plain word, otherwise in double
// quotes with '"', '\\' and control characters escaped, so text from the network can
// never break a line or forge a field.
std::string log_value(std::string_view value);

}  // namespace dialtone::runtime
