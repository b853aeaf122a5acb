#pragma once
#include <string_view>

#include "dialtone/sip/message/message.hpp"

namespace dialtone::transaction::detail {

// The request shape ACK-for-non-2xx (§17.1.1.3) and CANCEL (§9.1) share: `method` to the
// original's Request-URI with its top Via only, its From, Call-ID, CSeq number and Route
// headers, the given To value, the original's Max-Forwards (70 without one, §8.1.1.6), and
// no body.
message::Message make_hop_request(const message::Message& original, std::string_view method,
                                  std::string_view to_value);

}  // namespace dialtone::transaction::detail
