#pragma once
// The sources a proxy trusts by address (config `proxy.trusted_peers`): single IP addresses
// and CIDR prefixes, IPv4 and IPv6. An IPv4-mapped IPv6 source matches its IPv4 form.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dialtone::runtime {

class PeerTrust {
  public:
    PeerTrust() = default;
    // Entries are "192.0.2.7", "10.0.0.0/8" or "2001:db8::/32". Returns nullopt and sets
    // `error` to a sentence naming the bad entry.
    static std::optional<PeerTrust> parse(const std::vector<std::string>& entries,
                                          std::string& error);

    bool contains(std::string_view ip) const;
    bool empty() const { return prefixes_.empty(); }

  private:
    struct Prefix {
        std::array<std::uint8_t, 16> bytes{};
        bool v4 = false;
        unsigned bits = 0;
    };
    std::vector<Prefix> prefixes_;
};

}  // namespace dialtone::runtime
