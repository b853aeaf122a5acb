#pragma once
// RFC 3263 §4 "Client usage" as a sans-I/O state machine: from a LocateRequest it asks DNS
// questions (take_queries), is told the answers (on_answer), and ends with the ordered
// list of targets to try. It never touches a socket or a clock; the runtime's resolver (or
// a test) answers the questions, from the network or from a DnsCache.
//
// The plan (RFC 3263 §4.1, §4.2):
//   numeric target        -> no lookups; port from the URI or 5060/5061
//   explicit port         -> A/AAAA of the target with that port
//   explicit transport    -> SRV for that transport, then A/AAAA of each SRV target;
//                            no SRV records: A/AAAA of the target with the default port
//   otherwise             -> NAPTR; supported "s" records (SIP+D2U, SIP+D2T, SIPS+D2T; a
//                            sips URI only SIPS+D2T) by order then preference, SRV on each
//                            replacement; no usable NAPTR: SRV for each supported transport
//                            (_sip._udp, _sip._tcp; _sips._tcp for sips); no SRV records:
//                            A/AAAA of the target with the default port
// Questions of one step are asked together; the next step starts when all are answered.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dialtone/sip/transport/dns_answer.hpp"
#include "dialtone/sip/transport/locate_request.hpp"
#include "dialtone/sip/transport/resolved_target.hpp"
#include "dialtone/sip/transport/srv_order.hpp"

namespace dialtone::transport {

struct LocatorOptions {
    // Transports this client can send on; the others' NAPTR/SRV records are skipped.
    bool udp = true;
    bool tcp = true;
    bool tls = true;
    // Address families to look up, and which family's addresses go first for one host.
    bool ipv4 = true;
    bool ipv6 = true;
    bool ipv6_first = false;
    // Bounds on the fan-out a hostile or broken zone can cause.
    std::size_t max_srv_names = 8;  // SRV names taken from NAPTR records
    std::size_t max_hosts = 16;     // distinct SRV targets whose addresses are looked up

    bool supports(Transport t) const {
        return (t == Transport::Udp && udp) || (t == Transport::Tcp && tcp) ||
               (t == Transport::Tls && tls);
    }
};

// One answered question, in the order the answers came: what `dialtone resolve --verbose`
// prints and what a log line can carry.
struct LookupStep {
    DnsQuery query;
    DnsStatus status = DnsStatus::NoRecords;
    std::size_t records = 0;
    std::string error;
};

class ServerLocator {
  public:
    ServerLocator(LocateRequest request, LocatorOptions options, RandomSource random);

    // The questions to ask now; each is returned once. Empty when waiting or done.
    std::vector<DnsQuery> take_queries();
    // The answer to a question take_queries() returned. Returns false (and changes nothing)
    // for a question that was not asked or was already answered.
    bool on_answer(const DnsAnswer& answer);

    bool done() const { return phase_ == Phase::Done; }
    // When done(): the targets in the order to try them (RFC 3263 §4.3); may be empty.
    const std::vector<ResolvedTarget>& targets() const { return targets_; }
    const std::vector<LookupStep>& steps() const { return steps_; }
    // Why some lookups gave nothing usable ("SRV _sip._udp.example.test: timeout", "NAPTR
    // records for example.test name no supported service"), for the error a user sees.
    const std::vector<std::string>& problems() const { return problems_; }
    const LocateRequest& request() const { return request_; }

  private:
    enum class Phase : std::uint8_t { Naptr, Srv, Address, Done };

    struct SrvPlan {
        std::string name;
        Transport transport;
        std::optional<NaptrStep> naptr;
    };
    struct HostPlan {
        std::string host;
        std::uint16_t port;
        Transport transport;
        std::optional<NaptrStep> naptr;
        std::optional<SrvStep> srv;
    };

    void start();
    void ask(DnsQuery query);
    const DnsAnswer* answer_to(const DnsQuery& query) const;
    void advance();
    void after_naptr();
    void after_srv();
    void after_address();
    void plan_srv_fallback();
    void plan_host_fallback();
    void ask_addresses();
    Transport fallback_transport() const;

    LocateRequest request_;
    LocatorOptions options_;
    RandomSource random_;
    Phase phase_ = Phase::Naptr;
    std::vector<DnsQuery> to_ask_;
    std::size_t unanswered_ = 0;
    std::vector<DnsQuery> asked_;
    std::vector<DnsAnswer> answers_;
    std::vector<SrvPlan> srv_plan_;
    std::vector<HostPlan> host_plan_;
    std::vector<ResolvedTarget> targets_;
    std::vector<LookupStep> steps_;
    std::vector<std::string> problems_;
};

}  // namespace dialtone::transport
