#pragma once
// Refer-To / r (RFC 3515 §2.1) and Referred-By / b (RFC 3892 §3): name-addr or addr-spec
// with header params, as From and To are; Referred-By may add cid="<content-id>" naming
// the body part that holds a signed Referred-By token.

#include <string_view>

#include "dialtone/sip/message/name_addr.hpp"
#include "dialtone/sip/message/parse_error.hpp"

namespace dialtone::message {

struct ReferredBy {
    NameAddr address;
    std::string_view cid;  // between the quotes; empty when has_cid is false
    bool has_cid = false;
};

// Errors in the address itself come from parse_name_addr unchanged.
Result<NameAddr> parse_refer_to(std::string_view value);
Result<ReferredBy> parse_referred_by(std::string_view value);

}  // namespace dialtone::message
