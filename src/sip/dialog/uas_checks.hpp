#pragma once
// The checks a UAS makes before it processes a request (RFC 3261 §8.2.1-§8.2.3), in the
// order the RFC gives them. Each failure comes back as the response to send.

#include <optional>
#include <string_view>

#include "dialtone/sip/message/message.hpp"

namespace dialtone::dialog {

inline constexpr std::string_view kAllow = "INVITE, ACK, CANCEL, BYE, OPTIONS, UPDATE, PRACK, INFO";
inline constexpr std::string_view kAcceptSdp = "application/sdp";
inline constexpr std::string_view kAcceptInfo = "application/dtmf-relay, application/dtmf";

// §8.2.1: 405 with Allow for a method we do not handle. §8.2.2.3: 420 with Unsupported
// listing every Require option-tag not in `supported` (never for ACK and CANCEL). §8.2.3:
// 415 with Accept for a body type the method cannot take. nullopt: go on.
std::optional<message::Message> uas_precheck(const message::Message& request,
                                             std::string_view supported);

}  // namespace dialtone::dialog
