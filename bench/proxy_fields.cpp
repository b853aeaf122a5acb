#include "proxy_fields.hpp"

#include <string>

namespace dialtone::bench {
namespace {

class Fold {
  public:
    void add(std::uint64_t v) { h_ = (h_ ^ v) * 0x100000001b3ULL; }
    void add(std::string_view s) {
        add(s.size());
        if (!s.empty()) {
            add(static_cast<unsigned char>(s.front()));
            add(static_cast<unsigned char>(s.back()));
        }
    }
    void add(const UriFields& u) {
        add(u.user);
        add(u.host);
        add(u.port);
    }
    // The first octet of one text and the last of another (a Call-ID split in two parts).
    void add_ends(std::string_view first, std::string_view last) {
        if (!first.empty()) add(static_cast<unsigned char>(first.front()));
        if (!last.empty()) add(static_cast<unsigned char>(last.back()));
    }
    std::uint64_t value() const { return h_; }

  private:
    std::uint64_t h_ = 0xcbf29ce484222325ULL;
};

// Built by appending: GCC 12 warns falsely (-Wrestrict) about "'" + std::string(s).
std::string quoted(std::string_view s) {
    std::string out;
    out.reserve(s.size() + 2);
    out += '\'';
    out += s;
    out += '\'';
    return out;
}

class Diff {
  public:
    void text(const std::string& field, std::string_view want, std::string_view got) {
        if (out_.empty() && want != got)
            out_ = field + ": got " + quoted(got) + ", want " + quoted(want);
    }
    void number(const std::string& field, std::uint64_t want, std::uint64_t got) {
        if (out_.empty() && want != got) {
            out_ = field + ": got " + std::to_string(got) + ", want " + std::to_string(want);
        }
    }
    void uri(const std::string& field, const UriFields& want, const UriFields& got) {
        text(field + ".user", want.user, got.user);
        text(field + ".host", want.host, got.host);
        number(field + ".port", want.port, got.port);
    }
    std::string result() const { return out_; }

  private:
    std::string out_;
};

}  // namespace

std::string call_id_text(const ProxyFields& f) {
    std::string id(f.call_id);
    if (!f.call_id_host.empty()) {
        id += '@';
        id += f.call_id_host;
    }
    return id;
}

namespace {

// Sums x * (odd constant); the terms do not depend on each other, so they pipeline.
struct Shape {
    std::uint64_t sum = 0;
    std::uint64_t k = 0x9e3779b97f4a7c15ull;
    void add(std::uint64_t x) {
        sum += x * k;
        k += 0x632be59bd9b4e019ull;
    }
    void add(std::string_view s) { add(s.size()); }
    void add(const UriFields& u) {
        add(u.user);
        add(u.host);
        add(u.port);
    }
    void add_ends(std::string_view, std::string_view) {}
    std::uint64_t value() const { return sum; }
};

// Every field a proxy reads, folded into `h` in one fixed order.
template <class Folder>
std::uint64_t fold_fields(const ProxyFields& f, Folder h) {
    h.add(f.is_request ? 1 : 0);
    h.add(static_cast<std::uint64_t>(f.status));
    h.add(f.request_uri);
    h.add(f.via_count);
    for (std::size_t i = 0; i < f.via_count && i < kMaxVias; ++i) {
        const ViaFields& v = f.vias[i];
        h.add(v.host);
        h.add(v.port);
        h.add(v.branch);
        h.add(v.received);
        h.add(v.rport);
        h.add(v.has_rport ? 1 : 0);
    }
    h.add(f.from);
    h.add(f.from_tag);
    h.add(f.to);
    h.add(f.to_tag);
    // The Call-ID as one text however the parser split it: total length, first and last octet.
    h.add(f.call_id.size() + (f.call_id_host.empty() ? 0 : f.call_id_host.size() + 1));
    h.add_ends(f.call_id, f.call_id_host.empty() ? f.call_id : f.call_id_host);
    h.add(f.cseq_number);
    h.add(f.cseq_method);
    h.add(f.has_max_forwards ? 1 : 0);
    h.add(f.max_forwards);
    h.add(f.route_count);
    for (std::size_t i = 0; i < f.route_count && i < kMaxRoutes; ++i)
        h.add(f.routes[i]);
    h.add(f.record_route_count);
    for (std::size_t i = 0; i < f.record_route_count && i < kMaxRoutes; ++i)
        h.add(f.record_routes[i]);
    h.add(f.has_contact ? 1 : 0);
    h.add(f.contact);
    h.add(f.content_length);
    return h.value();
}

}  // namespace

std::uint64_t shape_fingerprint(const ProxyFields& f) {
    return fold_fields(f, Shape{});
}

std::uint64_t checksum(const ProxyFields& f) {
    return fold_fields(f, Fold{});
}

std::string describe_mismatch(const ProxyFields& want, const ProxyFields& got) {
    Diff d;
    d.number("is_request", want.is_request, got.is_request);
    d.number("status", static_cast<std::uint64_t>(want.status),
             static_cast<std::uint64_t>(got.status));
    d.uri("request_uri", want.request_uri, got.request_uri);
    d.number("via_count", want.via_count, got.via_count);
    for (std::size_t i = 0; i < want.via_count && i < got.via_count && i < kMaxVias; ++i) {
        const std::string n = "via[" + std::to_string(i) + "]";
        d.text(n + ".host", want.vias[i].host, got.vias[i].host);
        d.number(n + ".port", want.vias[i].port, got.vias[i].port);
        d.text(n + ".branch", want.vias[i].branch, got.vias[i].branch);
        d.text(n + ".received", want.vias[i].received, got.vias[i].received);
        d.number(n + ".has_rport", want.vias[i].has_rport, got.vias[i].has_rport);
        d.text(n + ".rport", want.vias[i].rport, got.vias[i].rport);
    }
    d.uri("from", want.from, got.from);
    d.text("from_tag", want.from_tag, got.from_tag);
    d.uri("to", want.to, got.to);
    d.text("to_tag", want.to_tag, got.to_tag);
    d.text("call_id", call_id_text(want), call_id_text(got));
    d.number("cseq_number", want.cseq_number, got.cseq_number);
    d.text("cseq_method", want.cseq_method, got.cseq_method);
    d.number("has_max_forwards", want.has_max_forwards, got.has_max_forwards);
    d.number("max_forwards", want.max_forwards, got.max_forwards);
    d.number("route_count", want.route_count, got.route_count);
    for (std::size_t i = 0; i < want.route_count && i < got.route_count && i < kMaxRoutes; ++i) {
        d.uri("route[" + std::to_string(i) + "]", want.routes[i], got.routes[i]);
    }
    d.number("record_route_count", want.record_route_count, got.record_route_count);
    for (std::size_t i = 0;
         i < want.record_route_count && i < got.record_route_count && i < kMaxRoutes; ++i) {
        d.uri("record_route[" + std::to_string(i) + "]", want.record_routes[i],
              got.record_routes[i]);
    }
    d.number("has_contact", want.has_contact, got.has_contact);
    d.uri("contact", want.contact, got.contact);
    d.number("content_length", want.content_length, got.content_length);
    return d.result();
}

}  // namespace dialtone::bench
