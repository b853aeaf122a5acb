#pragma once
#include <cstdint>
#include <string_view>

namespace dialtone::message {

// The methods the stack knows by name; any other token is Method::Extension.
enum class Method : std::uint8_t {
    Extension,
    Invite,
    Ack,
    Bye,
    Cancel,
    Options,
    Register,
    Prack,
    Subscribe,
    Notify,
    Publish,
    Info,
    Refer,
    Message,
    Update,
};

// Case-sensitive, as RFC 3261 §7.1 says method names are.
Method method_from_name(std::string_view name);
std::string_view method_name(Method m);

}  // namespace dialtone::message
