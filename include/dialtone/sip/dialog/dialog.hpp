#pragma once
// The dialog state of RFC 3261 §12: identity, local and remote sequence numbers, local and
// remote URIs, remote target, route set and secure flag, and the rules that read and write
// it. A plain value with no I/O and no clock; the UserAgent keeps one per dialog.
//
//   UAC: Dialog::from_response(request we sent, 1xx-with-To-tag or 2xx)   §12.1.2
//   UAS: Dialog::from_request(request received, the To tag we answer with)  §12.1.1
//   in-dialog requests we send:     make_request()                         §12.2.1.1
//   in-dialog requests we receive:  check_remote_request()                 §12.2.2

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dialtone/sip/dialog/dialog_id.hpp"
#include "dialtone/sip/message/message.hpp"
#include "dialtone/sip/message/parse_error.hpp"

namespace dialtone::dialog {

enum class DialogState : std::uint8_t { Early, Confirmed };

// A request built in a dialog: the message (Via first, then Max-Forwards, Route, From, To,
// Call-ID, CSeq; the caller appends the rest) and the URI of the next hop (§8.1.2: the
// first Route when there is one, else the Request-URI), which the runtime resolves.
struct DialogRequest {
    message::Message request;
    std::string next_hop;
};

class Dialog {
  public:
    // §12.1.2: the dialog a 1xx (with a To tag: early) or 2xx (confirmed) response creates
    // for the request we sent. The route set is the response's Record-Route in reverse
    // order; the remote target its Contact; local sequence number the request's CSeq;
    // remote sequence number empty. `secure`: the request went over TLS with a sips
    // Request-URI. Fails when the response has no To tag or the messages lack From/To/CSeq.
    static message::Result<Dialog> from_response(const message::Message& request,
                                                 const message::Message& response, bool secure);
    // §12.1.1: the dialog our response to `request` creates; `local_tag` is the To tag we put
    // on it. Route set: Record-Route in the order received; remote target: Contact; remote
    // sequence number: the request's CSeq; local sequence number empty. `early` for a 1xx.
    static message::Result<Dialog> from_request(const message::Message& request,
                                                std::string_view local_tag, bool secure,
                                                bool early);

    const DialogId& id() const { return id_; }
    DialogState state() const { return state_; }
    bool early() const { return state_ == DialogState::Early; }
    bool secure() const { return secure_; }
    // Route set, each element as written in Record-Route (a name-addr), first hop first.
    const std::vector<std::string>& route_set() const { return route_set_; }
    const std::string& remote_target() const { return remote_target_; }
    // From/To header values (with tags) for requests we send.
    const std::string& local_uri() const { return local_uri_; }
    const std::string& remote_uri() const { return remote_uri_; }
    std::optional<std::uint32_t> local_seq() const { return local_seq_; }
    std::optional<std::uint32_t> remote_seq() const { return remote_seq_; }

    // §13.2.2.4 / §12.1.2: a 2xx for the request that created this early dialog confirms
    // it; the route set is recomputed from the 2xx (UAC) and the target refreshed.
    void confirm_from_response(const message::Message& response);
    // UAS side: our 2xx was sent.
    void confirm() { state_ = DialogState::Confirmed; }

    // §12.2 target refresh: the Contact of a target refresh request we received or of a 2xx
    // to one we sent replaces the remote target. Messages without Contact change nothing.
    void refresh_target(const message::Message& message);

    // §12.2.2: checks the CSeq of a request received in this dialog and records it. Returns
    // 0 when it is in order, or 500 when it is lower than the remote sequence number (the
    // request is out of order and MUST be rejected with 500). ACK and CANCEL carry the
    // INVITE's number and are not checked.
    int check_remote_request(const message::Message& request);

    // §12.2.1.1: a new request in this dialog. Takes the next local CSeq (empty local
    // sequence: 1) unless `cseq` is given (an ACK or CANCEL carries its INVITE's number).
    // Request-URI and Route follow the loose or strict routing of the first route (lr).
    // `via` is the full value of the top Via (with its branch).
    DialogRequest make_request(std::string_view method, std::string_view via,
                               std::optional<std::uint32_t> cseq = std::nullopt);

    // The sequence number the next request would take, without taking it.
    std::uint32_t next_local_seq() const { return local_seq_ ? *local_seq_ + 1 : 1; }
    // Takes it: for a request re-sent with credentials (§22.2: CSeq + 1).
    std::uint32_t take_local_seq() {
        local_seq_ = next_local_seq();
        return *local_seq_;
    }

  private:
    Dialog() = default;

    DialogId id_;
    DialogState state_ = DialogState::Early;
    bool secure_ = false;
    std::vector<std::string> route_set_;
    std::string remote_target_;
    std::string local_uri_;
    std::string remote_uri_;
    std::optional<std::uint32_t> local_seq_;
    std::optional<std::uint32_t> remote_seq_;
};

// The Record-Route elements of a message in order, each one name-addr.
std::vector<std::string> record_route_elements(const message::Message& message);

// The URI inside a name-addr value ("<sip:p1;lr>" -> "sip:p1;lr"); the value itself when it
// does not parse.
std::string uri_of(std::string_view name_addr);

}  // namespace dialtone::dialog
