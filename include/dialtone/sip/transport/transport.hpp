#pragma once
#include <cstdint>
#include <optional>
#include <string_view>

namespace dialtone::transport {

// The transports a SIP message can travel over (RFC 3261 §18, RFC 7118 for WebSocket).
enum class Transport : std::uint8_t { Udp, Tcp, Tls, Ws, Wss };

// Reliable transports carry no retransmission timers (RFC 3261 §17.1.1.2, §17.1.2.2).
constexpr bool is_reliable(Transport t) {
    return t != Transport::Udp;
}

// Stream transports frame by Content-Length (§18.3); UDP carries one message per datagram.
constexpr bool is_stream(Transport t) {
    return t != Transport::Udp;
}

// TLS and WSS are the transports a sips: target may use (§26.2.2).
constexpr bool is_secure(Transport t) {
    return t == Transport::Tls || t == Transport::Wss;
}

// The token used in a Via sent-protocol ("SIP/2.0/UDP"), upper case as §20.42 writes it.
constexpr std::string_view via_token(Transport t) {
    switch (t) {
        case Transport::Udp:
            return "UDP";
        case Transport::Tcp:
            return "TCP";
        case Transport::Tls:
            return "TLS";
        case Transport::Ws:
            return "WS";
        case Transport::Wss:
            return "WSS";
    }
    return "UDP";
}

// The value of a URI `transport=` parameter, lower case (§19.1.1).
constexpr std::string_view uri_token(Transport t) {
    switch (t) {
        case Transport::Udp:
            return "udp";
        case Transport::Tcp:
            return "tcp";
        case Transport::Tls:
            return "tls";
        case Transport::Ws:
            return "ws";
        case Transport::Wss:
            return "wss";
    }
    return "udp";
}

// Reads a Via or URI transport token, case-insensitively. Unknown tokens give nullopt.
constexpr std::optional<Transport> transport_from_token(std::string_view token) {
    auto lower_equals = [](std::string_view a, std::string_view lower) {
        if (a.size() != lower.size()) return false;
        for (std::size_t i = 0; i < a.size(); ++i) {
            char c = a[i];
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
            if (c != lower[i]) return false;
        }
        return true;
    };
    for (Transport t :
         {Transport::Udp, Transport::Tcp, Transport::Tls, Transport::Ws, Transport::Wss}) {
        if (lower_equals(token, uri_token(t))) return t;
    }
    return std::nullopt;
}

}  // namespace dialtone::transport
