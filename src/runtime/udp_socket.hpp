#pragma once
// One worker's UDP socket for one listen address. Each datagram is one message (RFC 3261
// §18.3). With several workers every worker binds the same address and port with
// SO_REUSEPORT, so the kernel spreads datagrams over them; the socket that listens is also
// the one that sends, so requests and responses leave from the listening port (§18.1.1).

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace dialtone::runtime {

class UdpSocket {
  public:
    using OnDatagram =
        std::function<void(std::string_view bytes, const boost::asio::ip::udp::endpoint& from)>;

    // Binds; throws boost::system::system_error when the address cannot be bound.
    // `shared`: set SO_REUSEPORT so the other workers can bind the same address.
    UdpSocket(boost::asio::io_context& io, const boost::asio::ip::udp::endpoint& endpoint,
              bool shared, OnDatagram on_datagram);

    void start();
    void close();
    bool is_open() const { return socket_.is_open(); }
    boost::asio::ip::udp::endpoint local_endpoint() const { return local_; }
    // Sends at once when the socket buffer has room (no allocation), else queues the bytes.
    // False when the send failed outright; `error` says why.
    bool send_to(std::string bytes, const boost::asio::ip::udp::endpoint& to, std::string& error);

  private:
    // Datagrams read in a row before the worker's other work gets a turn.
    static constexpr std::size_t kBurst = 64;

    void receive();
    void drain();

    boost::asio::ip::udp::socket socket_;
    boost::asio::ip::udp::endpoint local_;
    boost::asio::ip::udp::endpoint sender_;
    OnDatagram on_datagram_;
    // A UDP payload is at most 65507 octets over IPv4 and 65527 over IPv6, so one buffer
    // of 64 KiB holds any datagram whole; max_message_size is applied by the parser.
    std::vector<char> buffer_;
};

}  // namespace dialtone::runtime
