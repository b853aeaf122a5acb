#pragma once
#include <boost/asio/ip/address.hpp>
#include <string>

namespace dialtone::runtime {

// The textual form the sans-I/O layers take: no brackets, and an IPv4-mapped IPv6
// address written as the IPv4 address it is.
inline std::string peer_ip(const boost::asio::ip::address& address) {
    if (address.is_v6() && address.to_v6().is_v4_mapped()) {
        return boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, address.to_v6())
            .to_string();
    }
    return address.to_string();
}

}  // namespace dialtone::runtime
