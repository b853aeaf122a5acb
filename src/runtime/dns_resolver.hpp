#pragma once
// Asynchronous RFC 3263 resolution on an Asio io_context: c-ares asks the DNS questions,
// the sans-I/O transport::ServerLocator decides which ones and orders the answers, and a
// TTL cache (transport::DnsCache) answers repeated questions without the network.
//
// c-ares is driven through its socket-state callback: each socket it opens is watched
// with an asio::posix::stream_descriptor (never owning the fd), and its retransmission
// timeouts with one steady_timer. Use a DnsResolver from the io_context's thread only.

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "dialtone/sip/transport/dns_cache.hpp"
#include "dialtone/sip/transport/locate_request.hpp"
#include "dialtone/sip/transport/server_locator.hpp"
#include "dialtone/sip/transport/target_list.hpp"

namespace dialtone::runtime {

struct DnsResolverConfig {
    // "127.0.0.1:5353", "[::1]:53,192.0.2.53": c-ares' ares_set_servers_ports_csv syntax.
    // Empty: the system's servers (/etc/resolv.conf).
    std::string servers;
    std::chrono::milliseconds timeout{2000};  // per try, per server
    int tries = 2;
    transport::LocatorOptions locator;
    transport::DnsCacheLimits cache;
};

struct ResolveResult {
    transport::TargetList targets;  // ordered; empty when nothing resolved
    std::vector<transport::LookupStep> steps;
    std::vector<std::string> problems;
};

class DnsResolver {
  public:
    using Completion = std::function<void(ResolveResult)>;

    // Returns null and sets `error` when c-ares cannot start or the server list is bad.
    static std::unique_ptr<DnsResolver> create(boost::asio::io_context& io,
                                               const DnsResolverConfig& config, std::string& error);
    // Queries still in flight are abandoned; their completions never run.
    ~DnsResolver();
    DnsResolver(const DnsResolver&) = delete;
    DnsResolver& operator=(const DnsResolver&) = delete;

    // Locates `request` (RFC 3263 §4). `done` is posted to the io_context, never called
    // from inside resolve(), so it may start another resolution.
    void resolve(const transport::LocateRequest& request, Completion done);

    // Answers currently cached (for tests and metrics).
    std::size_t cached_answers() const;

  private:
    struct Impl;
    explicit DnsResolver(std::shared_ptr<Impl> impl);
    std::shared_ptr<Impl> impl_;
};

}  // namespace dialtone::runtime
