#pragma once
// The canonical text of the keys that match messages to transactions. Equal keys mean the
// same transaction; the KeyIndex stores their hashes. Case-insensitive fields (branch and
// tags are tokens, hosts are hosts: RFC 3261 §7.3.1) are folded to lower case; Call-ID and
// method names compare byte for byte (§8.1.1.4, §7.1). A prefix letter keeps the three
// kinds of key apart.

#include <string>
#include <string_view>

#include "dialtone/sip/message/message.hpp"
#include "dialtone/sip/message/via.hpp"

namespace dialtone::transaction::detail {

// §17.1.3: a response matches a client transaction by the branch of its top Via and its
// CSeq method; the transaction is keyed by its request's branch and method.
void client_key(std::string& out, std::string_view branch, std::string_view method);

// §17.2.3, RFC 3261 branch: branch and sent-by of the top Via, and the method, with ACK
// matching the INVITE (pass "INVITE" for an ACK).
void rfc3261_server_key(std::string& out, const message::Via& top_via, std::string_view method);

// §17.2.3, RFC 2543 fallback: the parts of the rule that are exact (Call-ID, CSeq number,
// From tag, method with ACK as INVITE). False when the request lacks Call-ID, a readable
// CSeq or a readable From. The rest of the rule is rfc2543_same_transaction.
bool rfc2543_server_key(std::string& out, const message::Message& request, std::string_view method);

// The rest of the RFC 2543 rule: Request-URI (§19.1.4 equality), top Via (§20.42 equality)
// and To tag equal to `expected_to_tag`: the To tag of the request that created the
// transaction, or for an ACK the To tag of the response the transaction sent.
bool rfc2543_same_transaction(const message::Message& created, const message::Message& incoming,
                              std::string_view expected_to_tag);

// The To tag of a message ("" when it has none or To does not parse).
std::string_view to_tag_of(const message::Message& m);

}  // namespace dialtone::transaction::detail
