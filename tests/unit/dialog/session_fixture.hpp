#pragma once
// Shared pieces of the UserAgent tests: Alice (192.0.2.1) is the UserAgent under test, Bob
// (192.0.2.2) the scripted peer whose messages the tests write.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dialtone/sip/dialog/user_agent.hpp"
#include "dialtone/sip/message/message.hpp"
#include "unit/dialog/ua_harness.hpp"

namespace dialtone::test {

using Headers = std::vector<std::pair<std::string, std::string>>;

dialog::UaConfig alice_config();

// Bob's response to `request`: To tag `tag` (none when empty), Contact for 1xx/2xx with a
// tag, the extra headers, and an SDP body when `body` is not empty.
message::Message reply(const message::Message& request, int status, std::string_view tag = "b1",
                       std::string_view body = {}, const Headers& headers = {});

// Bob's SDP answer to the offer in `message`, or his offer (port 6000).
std::string bob_answer(const message::Message& offer_carrier, bool hold = false);
std::string bob_offer(std::uint64_t version = 1, std::string_view direction = {});

// An INVITE from Bob to Alice (Call-ID "bobcall", From tag "b9"), with `body` as SDP.
message::Message bob_invite(std::string_view body, const Headers& headers = {});

// A request Bob sends in the dialog Alice's call `call` has, with CSeq `cseq`.
message::Message bob_in_dialog(const dialog::UserAgent& ua, dialog::CallHandle call,
                               std::string_view method, std::uint32_t cseq,
                               std::string_view body = {}, const Headers& headers = {});

// A call Alice placed and Bob answered (200 with an answer, ACK sent); requests[0] is the
// INVITE.
dialog::CallHandle established_uac(UaProbe& alice);
// A call Bob placed and Alice answered and Bob ACKed.
dialog::CallHandle established_uas(UaProbe& alice);

// Direction of the first m= line of an SDP body.
sdp::Direction first_direction(std::string_view sdp_body);

}  // namespace dialtone::test
