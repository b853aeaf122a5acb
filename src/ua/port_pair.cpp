#include "ua/port_pair.hpp"

#include <boost/asio/ip/address.hpp>
#include <random>
#include <vector>

namespace dialtone::ua {

namespace asio = boost::asio;
using asio::ip::udp;

media::Result<PortPair, std::string> bind_port_pair(asio::io_context& io,
                                                    const std::string& local_address,
                                                    PortRange range) {
    using R = media::Result<PortPair, std::string>;
    const std::string where =
        local_address + " ports " + std::to_string(range.first) + "-" + std::to_string(range.last);
    boost::system::error_code ec;
    const auto address = asio::ip::make_address(local_address, ec);
    if (ec) return R::failure("media address " + local_address + " is not an IP address");

    // Even RTP ports p with p + 1 also in the range.
    const std::uint32_t low = range.first + (range.first & 1u);
    const std::uint32_t high = range.last;
    if (low + 1 > high) return R::failure(where + ": the range holds no even/odd port pair");
    const std::uint32_t pairs = (high - low - 1) / 2 + 1;
    std::random_device seed;
    const std::uint32_t start = std::uniform_int_distribution<std::uint32_t>(0, pairs - 1)(seed);

    for (std::uint32_t i = 0; i < pairs; ++i) {
        const auto port = static_cast<std::uint16_t>(low + 2 * ((start + i) % pairs));
        udp::socket rtp(io);
        udp::socket rtcp(io);
        rtp.open(address.is_v6() ? udp::v6() : udp::v4(), ec);
        if (ec) return R::failure(where + ": " + ec.message());
        rtp.bind({address, port}, ec);
        if (ec) continue;
        rtcp.open(address.is_v6() ? udp::v6() : udp::v4(), ec);
        if (ec) return R::failure(where + ": " + ec.message());
        rtcp.bind({address, static_cast<std::uint16_t>(port + 1)}, ec);
        if (ec) continue;
        return PortPair{std::move(rtp), std::move(rtcp)};
    }
    return R::failure(where + ": every RTP/RTCP port pair is in use");
}

}  // namespace dialtone::ua
