#pragma once
// A simulated network on a SimClock, modelled on PJSIP's loop transport: LayerDrivers attach
// at their local endpoints, and every Send travels as bytes to the driver attached at its
// destination, parsed on arrival as the runtime would. Each direction between two endpoints
// can drop, delay (uniformly between a minimum and a maximum, so datagrams may overtake each
// other) and duplicate datagrams, drawn from one seeded generator: the same seed gives the
// same run. Sends to a destination marked as failing are reported back to the sender as a
// transport error instead.

#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <utility>

#include "dialtone/sip/transaction/instant.hpp"
#include "dialtone/sip/transport/endpoint.hpp"
#include "unit/support/layer_driver.hpp"
#include "unit/support/sim_clock.hpp"

namespace dialtone::test {

struct LinkConditions {
    double drop = 0.0;       // probability a datagram is lost
    double duplicate = 0.0;  // probability a delivered datagram arrives twice
    transaction::Duration min_delay{1};
    transaction::Duration max_delay{1};
};

struct NetworkStats {
    std::uint64_t sent = 0;
    std::uint64_t dropped = 0;
    std::uint64_t duplicated = 0;
    std::uint64_t delivered = 0;
    std::uint64_t unroutable = 0;  // nobody attached at the destination
    std::uint64_t unparsable = 0;
    std::uint64_t failed = 0;  // reported back as transport errors
};

class LoopNetwork {
  public:
    LoopNetwork(SimClock& clock, std::uint64_t seed) : clock_(clock), random_(seed) {}
    LoopNetwork(const LoopNetwork&) = delete;
    LoopNetwork& operator=(const LoopNetwork&) = delete;

    // `driver`'s sends go through this network; datagrams to its local endpoint reach it.
    void attach(LayerDriver& driver);

    // Conditions for datagrams from `from` to `to` (one direction), or for every direction
    // that has none of its own.
    void set_conditions(const transport::Endpoint& from, const transport::Endpoint& to,
                        const LinkConditions& conditions);
    void set_default_conditions(const LinkConditions& conditions) { default_ = conditions; }

    // While set, every send to `destination` fails: the sender gets on_transport_error for
    // the transaction that sent it, after the link delay.
    void set_failing(const transport::Endpoint& destination, bool failing);

    const NetworkStats& stats() const { return stats_; }

  private:
    static std::string key(const transport::Endpoint& e);
    void transmit(LayerDriver& from, const SentMessage& message);
    const LinkConditions& conditions(const transport::Endpoint& from,
                                     const transport::Endpoint& to) const;
    transaction::Duration draw_delay(const LinkConditions& c);
    bool draw(double probability);

    SimClock& clock_;
    std::mt19937_64 random_;
    std::map<std::string, LayerDriver*> drivers_;
    std::map<std::pair<std::string, std::string>, LinkConditions> links_;
    std::map<std::string, bool> failing_;
    LinkConditions default_;
    NetworkStats stats_;
};

}  // namespace dialtone::test
