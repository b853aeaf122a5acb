#pragma once
// Subscription-State (RFC 6665 §8.2.3, §8.4): substate-value *( ";" subexp-params ), where
// substate-value = "active" / "pending" / "terminated" / token and the params include
// reason=token, expires=delta-seconds and retry-after=delta-seconds.

#include <cstdint>
#include <string_view>

#include "dialtone/sip/message/parse_error.hpp"

namespace dialtone::message {

enum class SubState : std::uint8_t { Active, Pending, Terminated, Extension };

struct SubscriptionState {
    std::string_view state_text;  // as written
    SubState state = SubState::Extension;
    std::string_view reason;  // "deactivated", "timeout", ... ; empty when absent
    std::uint32_t expires = 0;
    bool has_expires = false;
    std::uint32_t retry_after = 0;
    bool has_retry_after = false;
    std::string_view params;  // after the first ';' (no leading ';')
};

Result<SubscriptionState> parse_subscription_state(std::string_view value);

}  // namespace dialtone::message
