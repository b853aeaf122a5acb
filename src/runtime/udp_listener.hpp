#pragma once
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/ip/v6_only.hpp>
#include <memory>
#include <vector>

#include "server/responder.hpp"

namespace dialtone::runtime {

// One UDP socket: each datagram is one message (RFC 3261 §18.3); the answer goes back to
// the datagram's source address and port (§18.2.2 at this stage; RFC 3581 rport gives
// the same destination).
class UdpListener {
  public:
    // Binds; throws boost::system::system_error when the address cannot be bound.
    UdpListener(boost::asio::io_context& io, const boost::asio::ip::udp::endpoint& endpoint,
                const server::Responder& responder);

    void start();
    void close();
    boost::asio::ip::udp::endpoint local_endpoint() const { return local_; }

  private:
    void receive();
    void on_datagram(std::size_t size);

    boost::asio::ip::udp::socket socket_;
    boost::asio::ip::udp::endpoint local_;
    boost::asio::ip::udp::endpoint sender_;
    const server::Responder& responder_;
    // A UDP payload is at most 65507 octets over IPv4 and 65527 over IPv6, so one buffer
    // of 64 KiB holds any datagram whole; max_message_size is applied by the parser.
    std::vector<char> buffer_;
};

}  // namespace dialtone::runtime
