#include "sip/transaction/layer_core.hpp"

#include <memory>
#include <type_traits>
#include <utility>

#include "dialtone/sip/transaction/response_destination.hpp"
#include "sip/transaction/key_hash.hpp"
#include "sip/transaction/machines.hpp"
#include "sip/transaction/matching_key.hpp"

namespace dialtone::transaction {

using detail::Effects;
using detail::Transaction;
using message::Message;
using message::Method;
using message::ParseError;

namespace {

void dispatch_response(Transaction& t, Message&& response, Effects& fx) {
    if (t.kind == Kind::InviteClient) {
        detail::invite_client_response(t, std::move(response), fx);
    } else {
        detail::non_invite_client_response(t, std::move(response), fx);
    }
}

void dispatch_timer(Transaction& t, TimerName timer, Effects& fx) {
    switch (t.kind) {
        case Kind::InviteClient:
            return detail::invite_client_timer(t, timer, fx);
        case Kind::NonInviteClient:
            return detail::non_invite_client_timer(t, timer, fx);
        case Kind::InviteServer:
            return detail::invite_server_timer(t, timer, fx);
        case Kind::NonInviteServer:
            return detail::non_invite_server_timer(t, timer, fx);
    }
}

void dispatch_transport_error(Transaction& t, Effects& fx) {
    switch (t.kind) {
        case Kind::InviteClient:
            return detail::invite_client_transport_error(t, fx);
        case Kind::NonInviteClient:
            return detail::non_invite_client_transport_error(t, fx);
        case Kind::InviteServer:
            return detail::invite_server_transport_error(t, fx);
        case Kind::NonInviteServer:
            return detail::non_invite_server_transport_error(t, fx);
    }
}

// Past the final response a transaction only waits out its Timer D, I, J, K, L or M, and
// most of the time that is all it does: a server one re-sends `last_response` to a
// retransmitted request found by its key, a client one retransmits nothing. At thousands of
// transactions a second, the request each keeps for those 5-32 s is most of the memory, so
// it goes here. Kept: a server transaction matched by the RFC 2543 rule compares requests
// with it.
void shed_after_final(Transaction& t) {
    if (t.state != State::Completed && t.state != State::Confirmed && t.state != State::Accepted) {
        return;
    }
    t.request_bytes.reset();
    if (t.rule != detail::MatchRule::Rfc2543) t.request.reset();
}

}  // namespace

TransactionLayer::Core::Core(LayerConfig config) : config_(config) {
    scratch_.reserve(256);
}

const Transaction* TransactionLayer::Core::find(TransactionId id) const {
    if (id.slot >= slots_.size()) return nullptr;
    const Transaction& t = slots_[id.slot];
    return t.live && t.generation == id.generation ? &t : nullptr;
}

Transaction* TransactionLayer::Core::find(TransactionId id) {
    return const_cast<Transaction*>(std::as_const(*this).find(id));
}

Transaction& TransactionLayer::Core::allocate() {
    Transaction* t;
    if (free_head_ != kNoSlot) {
        t = &slots_[free_head_];
        free_head_ = t->next_free;
        t->next_free = kNoSlot;
    } else {
        t = &slots_.emplace_back();
        t->slot = static_cast<std::uint32_t>(slots_.size() - 1);
    }
    t->live = true;
    t->responded = false;
    t->interval = Duration{0};
    ++stats_.live;
    return *t;
}

void TransactionLayer::Core::settle(Transaction& t, Effects& fx) {
    if (t.state != State::Terminated) return shed_after_final(t);
    fx.cancel_all(t);
    fx.terminated(t);
    index_.erase(t.key_hash, t.slot);
    ++stats_.terminated;
    --stats_.live;
    // Free what the transaction held, but keep the strings' capacity for the slot's next
    // tenant. A new generation makes every handle and timer of this one stale.
    t.live = false;
    if (++t.generation == 0) t.generation = 1;
    t.request.reset();
    t.request_bytes.reset();
    t.ack_bytes.reset();
    t.last_response.reset();
    t.response_to_tag.clear();
    t.key.clear();
    t.timer_counter = 0;
    t.next_free = free_head_;
    free_head_ = t.slot;
}

std::uint32_t TransactionLayer::Core::lookup(std::uint64_t hash, const Message* incoming_2543,
                                             bool incoming_is_ack) const {
    return index_.find(hash, [&](std::uint32_t slot) {
        const Transaction& t = slots_[slot];
        if (t.key != scratch_) return false;
        if (incoming_2543 == nullptr) return true;
        const std::string_view expected_to_tag =
            incoming_is_ack ? std::string_view(t.response_to_tag) : detail::to_tag_of(*t.request);
        return detail::rfc2543_same_transaction(*t.request, *incoming_2543, expected_to_tag);
    });
}

void TransactionLayer::Core::stray(Message&& message, const transport::Endpoint& source,
                                   StrayReason reason, Effects& fx) {
    fx.stray(std::move(message), source, reason);
}

void TransactionLayer::Core::on_message(Message&& message, const transport::Endpoint& source,
                                        Instant now, std::vector<Action>& out) {
    Effects fx(out, now, config_, stats_);
    if (message.is_request()) {
        on_request(std::move(message), source, fx);
    } else {
        on_response(std::move(message), source, fx);
    }
}

// §17.1.3: the top Via branch and the CSeq method select the client transaction.
void TransactionLayer::Core::on_response(Message&& response, const transport::Endpoint& source,
                                         Effects& fx) {
    const int status = response.status();
    auto via = response.top_via();
    auto cseq = response.cseq();
    if (!via.ok() || via->branch.empty() || !cseq.ok() || status < 100 || status > 699) {
        return stray(std::move(response), source, StrayReason::Unmatchable, fx);
    }
    detail::client_key(scratch_, via->branch, cseq->method_text);
    const std::uint32_t slot = lookup(detail::hash_key(scratch_, config_.seed), nullptr, false);
    if (slot == kNoSlot) return stray(std::move(response), source, StrayReason::NoTransaction, fx);
    Transaction& t = slots_[slot];
    dispatch_response(t, std::move(response), fx);
    settle(t, fx);
}

// §17.2.3: a z9hG4bK branch matches by branch, sent-by and method (ACK as INVITE); other
// requests by the RFC 2543 rule. CANCEL is a transaction of its own (§9.2) that names the
// INVITE server transaction it matches.
void TransactionLayer::Core::on_request(Message&& request, const transport::Endpoint& source,
                                        Effects& fx) {
    auto via = request.top_via();
    if (!via.ok() || via->host.empty()) {
        return stray(std::move(request), source, StrayReason::Unmatchable, fx);
    }
    const Method method = request.method();
    const bool is_ack = method == Method::Ack;
    const std::string_view key_method = is_ack ? std::string_view("INVITE") : request.method_text();
    const bool rfc3261 = via->has_rfc3261_branch();
    if (rfc3261) {
        detail::rfc3261_server_key(scratch_, *via, key_method);
    } else if (!detail::rfc2543_server_key(scratch_, request, key_method)) {
        return stray(std::move(request), source, StrayReason::Unmatchable, fx);
    }
    const std::uint64_t hash = detail::hash_key(scratch_, config_.seed);
    const std::uint32_t slot = lookup(hash, rfc3261 ? nullptr : &request, is_ack);

    if (slot != kNoSlot) {
        Transaction& t = slots_[slot];
        if (is_ack) {
            if (detail::invite_server_ack(t, fx)) {
                fx.deliver_request(t, std::make_shared<const Message>(std::move(request)), source);
            }
        } else if (t.kind == Kind::InviteServer) {
            detail::invite_server_retransmission(t, fx);
        } else {
            detail::non_invite_server_retransmission(t, fx);
        }
        settle(t, fx);
        return;
    }
    if (is_ack) {
        return stray(std::move(request), source, StrayReason::AckWithoutTransaction, fx);
    }

    Transaction& t = allocate();
    t.kind = method == Method::Invite ? Kind::InviteServer : Kind::NonInviteServer;
    t.rule = rfc3261 ? detail::MatchRule::Rfc3261 : detail::MatchRule::Rfc2543;
    t.reliable = transport::is_reliable(source.transport);
    t.key.assign(scratch_);
    t.key_hash = hash;
    t.peer = response_destination(*via, source);
    index_.insert(hash, t.slot);
    ++stats_.server_created;

    ServerHandle cancels;
    if (method == Method::Cancel) {
        bool keyed = true;
        if (rfc3261) {
            detail::rfc3261_server_key(scratch_, *via, "INVITE");
        } else {
            keyed = detail::rfc2543_server_key(scratch_, request, "INVITE");
        }
        const std::uint32_t target = keyed ? lookup(detail::hash_key(scratch_, config_.seed),
                                                    rfc3261 ? nullptr : &request, false)
                                           : kNoSlot;
        if (target != kNoSlot) cancels = ServerHandle{slots_[target].id()};
    }

    // `via` views the request's bytes: everything that needs it is done.
    t.request = std::make_shared<const Message>(std::move(request));
    if (t.kind == Kind::InviteServer) {
        detail::invite_server_start(t, fx);
    } else {
        detail::non_invite_server_start(t, fx);
    }
    fx.deliver_request(t, t.request, source, cancels);
}

message::Result<ClientHandle> TransactionLayer::Core::send_request(
    Message&& request, const transport::Endpoint& destination, Instant now,
    std::vector<Action>& out) {
    if (!request.is_request()) return ParseError{0, "send_request needs a request"};
    if (request.method() == Method::Ack) {
        return ParseError{0,
                          "ACK starts no client transaction: the INVITE transaction sends the ACK "
                          "for 300-699, send_stateless the ACK for 2xx (RFC 3261 17.1.1.3)"};
    }
    auto via = request.top_via();
    if (!via.ok()) return ParseError{0, "request has no readable top Via"};
    if (!via->has_rfc3261_branch()) {
        return ParseError{0, "top Via branch must start with z9hG4bK (RFC 3261 8.1.1.7)"};
    }
    auto cseq = request.cseq();
    if (!cseq.ok() || cseq->method_text != request.method_text()) {
        return ParseError{0, "CSeq must carry the request's method (RFC 3261 8.1.1.5)"};
    }
    detail::client_key(scratch_, via->branch, request.method_text());
    const std::uint64_t hash = detail::hash_key(scratch_, config_.seed);
    if (lookup(hash, nullptr, false) != kNoSlot) {
        return ParseError{0, "a client transaction with this branch and method exists"};
    }

    Transaction& t = allocate();
    t.kind = request.method() == Method::Invite ? Kind::InviteClient : Kind::NonInviteClient;
    t.rule = detail::MatchRule::Client;
    t.reliable = transport::is_reliable(destination.transport);
    t.key.assign(scratch_);
    t.key_hash = hash;
    t.peer = destination;
    t.request_bytes = detail::serialize(request);
    t.request = std::make_shared<const Message>(std::move(request));
    index_.insert(hash, t.slot);
    ++stats_.client_created;

    Effects fx(out, now, config_, stats_);
    if (t.kind == Kind::InviteClient) {
        detail::invite_client_start(t, fx);
    } else {
        detail::non_invite_client_start(t, fx);
    }
    return ClientHandle{t.id()};
}

ResponseResult TransactionLayer::Core::send_response(ServerHandle txn, Message&& response,
                                                     Instant now, std::vector<Action>& out) {
    Transaction* t = find(txn.id);
    if (t == nullptr || t->is_client()) {
        ++stats_.stale_events;
        return ResponseResult::StaleHandle;
    }
    if (!response.is_response() || response.status() < 100 || response.status() > 699) {
        return ResponseResult::NotAResponse;
    }
    Effects fx(out, now, config_, stats_);
    const ResponseResult result =
        t->kind == Kind::InviteServer
            ? detail::invite_server_respond(*t, std::move(response), fx)
            : detail::non_invite_server_respond(*t, std::move(response), fx);
    settle(*t, fx);
    return result;
}

ResponseResult TransactionLayer::Core::send_final_and_forget(ServerHandle txn, Message&& response,
                                                             Instant now,
                                                             std::vector<Action>& out) {
    Transaction* t = find(txn.id);
    if (t == nullptr || t->is_client()) {
        ++stats_.stale_events;
        return ResponseResult::StaleHandle;
    }
    const int status = response.is_response() ? response.status() : 0;
    const bool invite = t->kind == Kind::InviteServer;
    if (status < (invite ? 300 : 200) || status > 699) return ResponseResult::NotAResponse;
    // Once a final response is out, later ones are discarded as send_response does.
    if (t->state != State::Trying && t->state != State::Proceeding) {
        return ResponseResult::Discarded;
    }
    Effects fx(out, now, config_, stats_);
    t->last_response = detail::serialize(response);
    fx.send(*t, t->last_response, false);
    t->state = State::Terminated;
    settle(*t, fx);
    return ResponseResult::Sent;
}

void TransactionLayer::Core::on_timer(const TimerId& timer, Instant now, std::vector<Action>& out) {
    Transaction* t = find(timer.txn);
    const auto index = static_cast<std::size_t>(timer.name);
    if (t == nullptr || index >= kTimerNameCount || timer.seq == 0 ||
        t->timer_seq[index] != timer.seq) {
        ++stats_.stale_events;
        return;
    }
    t->timer_seq[index] = 0;
    Effects fx(out, now, config_, stats_);
    dispatch_timer(*t, timer.name, fx);
    settle(*t, fx);
}

void TransactionLayer::Core::on_transport_error(const TransactionRef& txn, Instant now,
                                                std::vector<Action>& out) {
    Transaction* t = nullptr;
    if (const auto* c = std::get_if<ClientHandle>(&txn)) {
        t = find(c->id);
        if (t != nullptr && !t->is_client()) t = nullptr;
    } else if (const auto* s = std::get_if<ServerHandle>(&txn)) {
        t = find(s->id);
        if (t != nullptr && t->is_client()) t = nullptr;
    } else {
        return;  // a stateless send: nobody to tell
    }
    if (t == nullptr) {
        ++stats_.stale_events;
        return;
    }
    Effects fx(out, now, config_, stats_);
    dispatch_transport_error(*t, fx);
    settle(*t, fx);
}

std::string TransactionLayer::Core::new_branch() {
    // mix64 is a bijection, so distinct counters give distinct branches.
    const std::uint64_t v = detail::mix64(config_.seed + ++branch_counter_);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string branch = "z9hG4bK";
    for (int shift = 60; shift >= 0; shift -= 4)
        branch.push_back(kHex[(v >> shift) & 0xf]);
    return branch;
}

}  // namespace dialtone::transaction
