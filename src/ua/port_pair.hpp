#pragma once
// The UDP port pair of an RTP session: RTP on an even port, RTCP on the next, odd one
// (RFC 3550 §11), both bound on the same local address, the pair taken from a configured
// range (firewalls open one range for media).

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <cstdint>
#include <string>

#include "media/result.hpp"

namespace dialtone::ua {

struct PortRange {
    std::uint16_t first = 16384;
    std::uint16_t last = 32767;
};

struct PortPair {
    boost::asio::ip::udp::socket rtp;
    boost::asio::ip::udp::socket rtcp;
};

// Binds the first free pair, starting the search at a random even port of the range so
// that calls (and parallel test runs) do not all contend for its bottom. Fails naming the
// address and range when the address is not an IP address, the range holds no pair, or
// every pair is taken.
media::Result<PortPair, std::string> bind_port_pair(boost::asio::io_context& io,
                                                    const std::string& local_address,
                                                    PortRange range);

}  // namespace dialtone::ua
