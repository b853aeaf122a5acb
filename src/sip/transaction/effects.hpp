#pragma once
// What a machine may do while it handles one event: send, arm and cancel timers, and tell the
// TU. Everything becomes an Action in the caller's vector. A machine ends its transaction by
// setting its state to Terminated; the layer then cancels its timers, reports Terminated
// and destroys it.

#include <vector>

#include "dialtone/sip/message/message.hpp"
#include "dialtone/sip/transaction/action.hpp"
#include "dialtone/sip/transaction/layer_config.hpp"
#include "dialtone/sip/transaction/layer_stats.hpp"
#include "sip/transaction/transaction.hpp"

namespace dialtone::transaction::detail {

class Effects {
  public:
    Effects(std::vector<Action>& out, Instant now, const LayerConfig& config, LayerStats& stats)
        : out_(out), now_(now), config_(config), stats_(stats) {}

    Instant now() const { return now_; }
    const LayerConfig& config() const { return config_; }
    const TimerConfig& timers() const { return config_.timers; }
    LayerStats& stats() { return stats_; }

    void send(const Transaction& t, const Bytes& bytes, bool retransmission);
    // (Re)starts timer `name`; a previous run of it becomes stale.
    void start(Transaction& t, TimerName name, Duration d);
    void cancel(Transaction& t, TimerName name);
    void cancel_all(Transaction& t);
    void deliver_response(const Transaction& t, message::Message&& response);
    void deliver_request(const Transaction& t, RequestPtr request,
                         const transport::Endpoint& source, ServerHandle cancels = {});
    void timeout(const Transaction& t, TimerName timer);
    void transport_failure(const Transaction& t);
    void terminated(const Transaction& t);
    void stray(message::Message&& message, const transport::Endpoint& source, StrayReason reason);

    void absorbed() { ++stats_.absorbed; }

  private:
    std::vector<Action>& out_;
    Instant now_;
    const LayerConfig& config_;
    LayerStats& stats_;
};

// Serializes a message once; every send and retransmission shares the bytes.
Bytes serialize(const message::Message& m);

}  // namespace dialtone::transaction::detail
