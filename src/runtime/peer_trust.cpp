#include "runtime/peer_trust.hpp"

#include <boost/asio/ip/address.hpp>
#include <charconv>

namespace dialtone::runtime {

namespace {

// The address as 16 bytes (IPv4 in the first four), with its family; mapped IPv6 becomes v4.
std::optional<std::pair<std::array<std::uint8_t, 16>, bool>> address_bytes(std::string_view text) {
    boost::system::error_code ec;
    auto address = boost::asio::ip::make_address(std::string(text), ec);
    if (ec) return std::nullopt;
    if (address.is_v6() && address.to_v6().is_v4_mapped()) {
        address = boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, address.to_v6());
    }
    std::array<std::uint8_t, 16> out{};
    if (address.is_v4()) {
        const auto b = address.to_v4().to_bytes();
        std::copy(b.begin(), b.end(), out.begin());
        return std::pair{out, true};
    }
    const auto b = address.to_v6().to_bytes();
    std::copy(b.begin(), b.end(), out.begin());
    return std::pair{out, false};
}

}  // namespace

std::optional<PeerTrust> PeerTrust::parse(const std::vector<std::string>& entries,
                                          std::string& error) {
    PeerTrust trust;
    for (const std::string& entry : entries) {
        const std::string_view text = entry;
        const std::size_t slash = text.find('/');
        auto address = address_bytes(text.substr(0, slash));
        if (!address) {
            error = "\"" + entry + "\" is not an IP address or CIDR prefix";
            return std::nullopt;
        }
        Prefix p;
        p.bytes = address->first;
        p.v4 = address->second;
        const unsigned most = p.v4 ? 32 : 128;
        p.bits = most;
        if (slash != std::string_view::npos) {
            const std::string_view bits = text.substr(slash + 1);
            const auto [end, ec] = std::from_chars(bits.data(), bits.data() + bits.size(), p.bits);
            if (ec != std::errc{} || end != bits.data() + bits.size() || bits.empty() ||
                p.bits > most) {
                error = "\"" + entry + "\": prefix length must be 0.." + std::to_string(most);
                return std::nullopt;
            }
        }
        trust.prefixes_.push_back(p);
    }
    return trust;
}

bool PeerTrust::contains(std::string_view ip) const {
    if (prefixes_.empty()) return false;
    auto address = address_bytes(ip);
    if (!address) return false;
    for (const Prefix& p : prefixes_) {
        if (p.v4 != address->second) continue;
        const unsigned whole = p.bits / 8;
        const unsigned rest = p.bits % 8;
        bool match = std::equal(p.bytes.begin(), p.bytes.begin() + whole, address->first.begin());
        if (match && rest != 0) {
            const auto mask = static_cast<std::uint8_t>(0xff00u >> rest);
            match = (p.bytes[whole] & mask) == (address->first[whole] & mask);
        }
        if (match) return true;
    }
    return false;
}

}  // namespace dialtone::runtime
