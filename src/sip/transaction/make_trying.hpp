#pragma once
#include "dialtone/sip/message/message.hpp"

namespace dialtone::transaction::detail {

// The 100 (Trying) an INVITE server transaction sends by itself (§17.2.1): built as §8.2.6
// says (every Via, From, To, Call-ID, CSeq copied; Timestamp echoed, §8.2.6.1), except that
// no To tag is added (§17.2.1 downgrades that to SHOULD NOT).
message::Message make_trying(const message::Message& request);

}  // namespace dialtone::transaction::detail
