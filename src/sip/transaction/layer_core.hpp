#pragma once
// The inside of TransactionLayer: a slab of transaction records addressed by slot, a free
// list, and the KeyIndex that matches messages to slots.

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "dialtone/sip/transaction/transaction_layer.hpp"
#include "sip/transaction/effects.hpp"
#include "sip/transaction/key_index.hpp"
#include "sip/transaction/transaction.hpp"

namespace dialtone::transaction {

class TransactionLayer::Core {
  public:
    explicit Core(LayerConfig config);

    void on_message(message::Message&& message, const transport::Endpoint& source, Instant now,
                    std::vector<Action>& out);
    message::Result<ClientHandle> send_request(message::Message&& request,
                                               const transport::Endpoint& destination, Instant now,
                                               std::vector<Action>& out);
    ResponseResult send_response(ServerHandle txn, message::Message&& response, Instant now,
                                 std::vector<Action>& out);
    ResponseResult send_final_and_forget(ServerHandle txn, message::Message&& response, Instant now,
                                         std::vector<Action>& out);
    void on_timer(const TimerId& timer, Instant now, std::vector<Action>& out);
    void on_transport_error(const TransactionRef& txn, Instant now, std::vector<Action>& out);
    std::string new_branch();

    std::size_t size() const { return index_.size(); }
    const detail::Transaction* find(TransactionId id) const;
    detail::Transaction* find(TransactionId id);

    const LayerConfig& config() const { return config_; }
    LayerStats& stats() { return stats_; }
    const LayerStats& stats() const { return stats_; }

  private:
    void on_request(message::Message&& request, const transport::Endpoint& source,
                    detail::Effects& fx);
    void on_response(message::Message&& response, const transport::Endpoint& source,
                     detail::Effects& fx);
    void stray(message::Message&& message, const transport::Endpoint& source, StrayReason reason,
               detail::Effects& fx);

    // Looks up the key in scratch_ (hashed as `hash`): an RFC 2543 key also needs the rest
    // of its rule to hold against `incoming`. kNoSlot when nothing matches.
    std::uint32_t lookup(std::uint64_t hash, const message::Message* incoming_2543,
                         bool incoming_is_ack) const;

    detail::Transaction& allocate();
    // Runs after every event. A transaction a machine moved to Terminated is destroyed: its
    // timers cancelled, Terminated reported, its key dropped and its slot freed (a new
    // generation). One past its final response drops what it will not use again.
    void settle(detail::Transaction& t, detail::Effects& fx);

    LayerConfig config_;
    std::deque<detail::Transaction> slots_;  // a deque: growing never moves a record
    std::uint32_t free_head_ = kNoSlot;
    detail::KeyIndex index_;
    std::string scratch_;  // key text under construction; reused so lookups do not allocate
    LayerStats stats_;
    std::uint64_t branch_counter_ = 0;
};

}  // namespace dialtone::transaction
