#pragma once
#include <boost/asio/ip/address.hpp>
#include <string>

namespace dialtone::runtime {

// Dotted-quad text of an IPv4 address. Every datagram's source is written this way, and
// asio's to_string goes through inet_ntop and sprintf, which was 3% of a registrar's CPU.
inline std::string ipv4_text(const boost::asio::ip::address_v4& address) {
    std::string text;
    text.reserve(15);
    for (const unsigned char octet : address.to_bytes()) {
        if (!text.empty()) text += '.';
        if (octet >= 100) text += static_cast<char>('0' + octet / 100);
        if (octet >= 10) text += static_cast<char>('0' + octet / 10 % 10);
        text += static_cast<char>('0' + octet % 10);
    }
    return text;
}

// The textual form the sans-I/O layers take: no brackets, and an IPv4-mapped IPv6
// address written as the IPv4 address it is.
inline std::string peer_ip(const boost::asio::ip::address& address) {
    if (address.is_v4()) return ipv4_text(address.to_v4());
    if (address.to_v6().is_v4_mapped()) {
        return ipv4_text(
            boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, address.to_v6()));
    }
    return address.to_string();
}

}  // namespace dialtone::runtime
