#include "sip/transaction/matching_key.hpp"

#include <charconv>
#include <cstring>

#include "dialtone/sip/message/params.hpp"
#include "dialtone/sip/message/uri.hpp"
#include "sip/transaction/ascii.hpp"

namespace dialtone::transaction::detail {

using message::Message;
using message::Via;

namespace {

constexpr char kSep = '\n';  // no key field may hold a line end

// The param lists hold the same names with equal values, in any order (§20.42).
bool same_params(std::string_view a, std::string_view b) {
    std::size_t count_a = 0;
    message::Param pa;
    message::ParamCursor ca(a);
    while (ca.next(pa)) {
        ++count_a;
        message::Param pb;
        if (!message::find_param(b, pa.name, pb)) return false;
        if (pa.has_value != pb.has_value || !iequals(pa.value, pb.value)) return false;
    }
    std::size_t count_b = 0;
    message::Param pb;
    message::ParamCursor cb(b);
    while (cb.next(pb))
        ++count_b;
    return count_a == count_b;
}

// §20.42: sent-protocol and sent-by equal, the same parameters with equal values.
bool same_via(const Via& a, const Via& b) {
    return iequals(a.protocol_name, b.protocol_name) && a.protocol_version == b.protocol_version &&
           iequals(a.transport, b.transport) && iequals(a.host.text, b.host.text) &&
           a.has_port == b.has_port && a.port == b.port && same_params(a.params, b.params);
}

bool same_request_uri(const Message& a, const Message& b) {
    auto ua = a.request_uri();
    auto ub = b.request_uri();
    if (ua.ok() && ub.ok()) return message::uri_equal(*ua, *ub);
    return a.request_uri_text() == b.request_uri_text();
}

// Writes a key in one pass into a string sized up front: no reallocation, no per-append
// capacity checks (keys are built for every message, on the hot path).
class KeyWriter {
  public:
    KeyWriter(std::string& out, std::size_t most) : out_(out) {
        out_.resize(most);
        p_ = out_.data();
    }
    ~KeyWriter() { out_.resize(static_cast<std::size_t>(p_ - out_.data())); }
    KeyWriter(const KeyWriter&) = delete;
    KeyWriter& operator=(const KeyWriter&) = delete;

    void put(char c) { *p_++ = c; }
    void put(std::string_view s) {
        if (!s.empty()) std::memcpy(p_, s.data(), s.size());
        p_ += s.size();
    }
    void put_lower(std::string_view s) {
        for (char c : s)
            *p_++ = ascii_lower(c);
    }
    void put_number(std::uint32_t n) { p_ = std::to_chars(p_, p_ + 10, n).ptr; }

  private:
    std::string& out_;
    char* p_;
};

constexpr std::size_t kNumberWidth = 10;

}  // namespace

void client_key(std::string& out, std::string_view branch, std::string_view method) {
    KeyWriter w(out, 2 + branch.size() + method.size());
    w.put('C');
    w.put_lower(branch);
    w.put(kSep);
    w.put(method);
}

void rfc3261_server_key(std::string& out, const Via& top_via, std::string_view method) {
    KeyWriter w(
        out, 4 + top_via.branch.size() + top_via.host.text.size() + kNumberWidth + method.size());
    w.put('S');
    w.put_lower(top_via.branch);
    w.put(kSep);
    w.put_lower(top_via.host.text);
    w.put(kSep);
    if (top_via.has_port) w.put_number(top_via.port);
    w.put(kSep);
    w.put(method);
}

bool rfc2543_server_key(std::string& out, const Message& request, std::string_view method) {
    const std::string_view call_id = request.call_id();
    if (call_id.empty()) return false;
    auto cseq = request.cseq();
    if (!cseq.ok()) return false;
    auto from = request.from();
    if (!from.ok()) return false;
    KeyWriter w(out, 4 + call_id.size() + kNumberWidth + from->tag.size() + method.size());
    w.put('O');
    w.put(call_id);
    w.put(kSep);
    w.put_number(cseq->number);
    w.put(kSep);
    w.put_lower(from->tag);
    w.put(kSep);
    w.put(method);
    return true;
}

bool rfc2543_same_transaction(const Message& created, const Message& incoming,
                              std::string_view expected_to_tag) {
    auto to = incoming.to();
    if (!to.ok() || !iequals(to->tag, expected_to_tag)) return false;
    if (!same_request_uri(created, incoming)) return false;
    auto va = created.top_via();
    auto vb = incoming.top_via();
    return va.ok() && vb.ok() && same_via(*va, *vb);
}

std::string_view to_tag_of(const Message& m) {
    auto to = m.to();
    return to.ok() ? to->tag : std::string_view{};
}

}  // namespace dialtone::transaction::detail
