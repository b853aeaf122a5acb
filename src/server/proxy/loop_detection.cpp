#include "server/proxy/loop_detection.hpp"

#include <vector>

#include "server/proxy/own_address.hpp"

namespace dialtone::server::proxy {

using message::HeaderId;
using message::Message;

namespace {

void append_hex(std::string& out, std::uint64_t v) {
    static constexpr char kHex[] = "0123456789abcdef";
    for (int i = 15; i >= 0; --i)
        out += kHex[(v >> (4 * i)) & 0xf];
}

std::optional<std::uint64_t> parse_hex16(std::string_view s) {
    if (s.size() != 16) return std::nullopt;
    std::uint64_t v = 0;
    for (char c : s) {
        int d;
        if (c >= '0' && c <= '9')
            d = c - '0';
        else if (c >= 'a' && c <= 'f')
            d = c - 'a' + 10;
        else
            return std::nullopt;
        v = v << 4 | static_cast<std::uint64_t>(d);
    }
    return v;
}

// The Via of a hop reduced to what identifies it (branch and sent-by), so a proxy between
// us that re-spaces or re-orders its parameters does not hide a loop.
std::uint64_t mix_via(std::uint64_t h, std::string_view via_text) {
    auto via = message::parse_via(via_text);
    if (!via) return mix_field(h, via_text);
    h = mix_field(h, via->branch);
    h = mix_field(h, lower(via->host.text));
    return mix_field(h, via->has_port ? std::to_string(via->port) : std::string());
}

}  // namespace

std::uint64_t loop_hash(const Message& request, std::string_view previous_hop_via,
                        std::uint64_t secret) {
    std::uint64_t h = kFieldHashStart ^ finalize_hash(secret);
    h = mix_field(h, request.request_uri_text());
    auto from = request.from();
    h = mix_field(h, from ? from->tag : std::string_view());
    h = mix_field(h, request.call_id());
    auto cseq = request.cseq();
    h = mix_field(h, cseq ? std::to_string(cseq->number) : std::string());
    h = mix_via(h, previous_hop_via);
    std::string_view route;
    auto routes = request.values(HeaderId::Route);
    while (routes.next(route))
        h = mix_field(h, route);
    return finalize_hash(h ^ secret);
}

std::string make_branch(std::uint64_t unique, std::uint64_t loop) {
    std::string b = "z9hG4bK";
    b.reserve(7 + 16 + 1 + 16);
    append_hex(b, unique);
    b += '.';
    append_hex(b, loop);
    return b;
}

std::optional<std::uint64_t> branch_loop_part(std::string_view branch) {
    if (branch.size() != 7 + 16 + 1 + 16 || branch.substr(0, 7) != "z9hG4bK" || branch[23] != '.')
        return std::nullopt;
    if (!parse_hex16(branch.substr(7, 16))) return std::nullopt;
    return parse_hex16(branch.substr(24));
}

std::string retry_branch(std::string_view branch, unsigned attempt) {
    auto loop = branch_loop_part(branch);
    auto unique = branch.size() >= 23 ? parse_hex16(branch.substr(7, 16)) : std::nullopt;
    if (!loop || !unique) return std::string(branch) + "." + std::to_string(attempt);
    return make_branch(finalize_hash(*unique ^ (0x9e3779b97f4a7c15ULL * (attempt + 1))), *loop);
}

std::string_view top_via_text(const Message& request) {
    std::string_view v;
    auto cur = request.values(HeaderId::Via);
    if (!cur.next(v)) return {};
    return v;
}

LoopVerdict detect_loop(const Message& request, const ProxyConfig& config) {
    std::vector<std::string_view> vias;
    std::string_view v;
    auto cur = request.values(HeaderId::Via);
    while (cur.next(v))
        vias.push_back(v);
    LoopVerdict verdict = LoopVerdict::None;
    for (std::size_t i = 0; i < vias.size(); ++i) {
        auto via = message::parse_via(vias[i]);
        if (!via || !is_our_interface(config, via->host.text, via->has_port ? via->port : 0))
            continue;
        auto loop = branch_loop_part(via->branch);
        if (!loop) continue;  // a Via of ours from another software version: not comparable
        const std::string_view below = i + 1 < vias.size() ? vias[i + 1] : std::string_view();
        if (*loop == loop_hash(request, below, config.secret)) return LoopVerdict::Loop;
        verdict = LoopVerdict::Spiral;
    }
    return verdict;
}

}  // namespace dialtone::server::proxy
