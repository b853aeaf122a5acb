#pragma once
// The properties the fuzz targets check, shared with the regression replay test
// (tests/unit/message/fuzz_regressions_test.cpp) so a saved crash input runs through the
// very same code. Each check returns nullptr when every invariant holds, or the one that
// broke; the fuzz targets print it and __builtin_trap(), the gtest fails with it. Memory
// errors are left to the sanitizers.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "dialtone/sip/message/message.hpp"
#include "dialtone/sip/message/name_addr.hpp"
#include "dialtone/sip/message/stream_framer.hpp"
#include "dialtone/sip/message/uri.hpp"
#include "dialtone/sip/message/via.hpp"
#if __has_include("dialtone/sip/message/validate.hpp")
#include "dialtone/sip/message/validate.hpp"
#define DIALTONE_FUZZ_HAS_VALIDATE 1
#endif

namespace dialtone::fuzz {

namespace msg = dialtone::message;

// nullptr: all good; otherwise the invariant that broke.
using Broken = const char*;

// Reads every octet of a view, so a view that points outside live memory is caught by
// ASan, and keeps the optimizer from dropping the accessor calls.
inline void touch(std::string_view v) {
    static volatile std::uint32_t sink = 0;
    std::uint32_t h = static_cast<std::uint32_t>(v.size());
    for (char c : v)
        h = h * 31 + static_cast<unsigned char>(c);
    sink = sink + h;
}

inline void touch(const msg::Host& h) {
    touch(h.text);
    touch(h.address());
}

inline void touch(const msg::Uri& u) {
    touch(u.text);
    touch(u.scheme_text);
    touch(u.user);
    touch(u.password);
    touch(u.params);
    touch(u.headers);
    touch(u.opaque);
    touch(u.host);
    touch(u.param("transport"));
    touch(u.param("user"));
    touch(u.param("maddr"));
    touch(u.has_param("lr") ? "lr" : "");
    touch(msg::unescape(u.user));
}

inline void touch(const msg::NameAddr& n) {
    touch(n.display_name);
    touch(n.display_name_text());
    touch(n.uri);
    touch(n.params);
    touch(n.tag);
    touch(n.param("expires"));
    touch(n.param("q"));
}

inline void touch(const msg::Via& v) {
    touch(v.protocol_name);
    touch(v.protocol_version);
    touch(v.transport);
    touch(v.host);
    touch(v.params);
    touch(v.branch);
    touch(v.received);
    touch(v.rport);
    touch(v.maddr);
    touch(v.ttl);
    touch(v.has_rfc3261_branch() ? "b" : "");
}

template <class T>
void touch_result(const msg::Result<T>& r) {
    if (r.ok()) {
        if constexpr (std::is_same_v<T, std::uint32_t>) {
            touch(std::string_view(reinterpret_cast<const char*>(&*r), sizeof(T)));
        } else if constexpr (std::is_same_v<T, msg::CSeq>) {
            touch(r->method_text);
        } else {
            touch(*r);
        }
    } else {
        touch(r.error().what);
        touch(r.error().reason_phrase());
    }
}

inline void touch_name_addr_list(const msg::Message& m, msg::HeaderId id) {
    auto cur = m.values(id);
    std::string_view e;
    while (cur.next(e))
        touch_result(msg::parse_name_addr(e, id == msg::HeaderId::Contact));
}

// Live (not removed) header lines.
inline std::size_t live_headers(const msg::Message& m) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < m.slot_count(); ++i)
        n += m.slot(i).removed ? 0 : 1;
    return n;
}

inline bool same_start_line(const msg::Message& a, const msg::Message& b) {
    if (a.kind() != b.kind()) return false;
    if (a.is_request()) {
        return a.method() == b.method() && a.method_text() == b.method_text() &&
               a.request_uri_text() == b.request_uri_text();
    }
    return a.status() == b.status() && a.reason() == b.reason();
}

// Every typed accessor of a parsed message, validation, and the serialize/parse round
// trip: what a message that survived parse() went through must parse again the same.
inline Broken check_parsed_message(const msg::Message& m, bool datagram) {
    if (m.is_request()) touch_result(m.request_uri());
    touch(m.method_text());
    touch(m.request_uri_text());
    touch(m.reason());
    for (std::size_t i = 0; i < m.slot_count(); ++i) {
        touch(m.name_of(m.slot(i)));
        touch(m.value_of(m.slot(i)));
    }
    auto vias = m.values(msg::HeaderId::Via);
    std::string_view via;
    while (vias.next(via))
        touch_result(msg::parse_via(via));
    touch_result(m.top_via());
    touch_result(m.from());
    touch_result(m.to());
    touch_result(m.cseq());
    touch_result(m.max_forwards());
    touch_result(m.contact());
    touch_name_addr_list(m, msg::HeaderId::Contact);
    touch_name_addr_list(m, msg::HeaderId::Route);
    touch_name_addr_list(m, msg::HeaderId::RecordRoute);
    touch(m.call_id());
    touch(m.body());
    touch(m.header("X-Unknown"));
#ifdef DIALTONE_FUZZ_HAS_VALIDATE
    for (msg::Role role : {msg::Role::Uas, msg::Role::Proxy, msg::Role::Registrar}) {
        const msg::ValidationPolicy policy{.role = role};
        const auto verdict =
            m.is_request() ? msg::validate_request(m, policy) : msg::validate_response(m, policy);
        if (verdict) touch(verdict->reason_phrase());
        for (std::string_view tag : msg::unsupported_extensions(m, policy))
            touch(tag);
    }
#endif

    // Serializing adds CRLFs where the input had bare LFs, so lift the size limit.
    const msg::ParseOptions again_options{.max_size = std::numeric_limits<std::uint32_t>::max(),
                                          .datagram = datagram};
    const std::string out = m.to_string();
    const auto again = msg::Message::parse(out, again_options);
    if (!again.ok()) return "serialized message does not parse again";
    if (!same_start_line(m, *again)) return "serialized message has another start line";
    if (live_headers(m) != live_headers(*again))
        return "serialized message has another number of headers";
    if (m.body() != again->body()) return "serialized message has another body";

    // A proxy's edits of a request (RFC 3261 §16.6): the result must still parse, with
    // our Via on top.
    if (!m.is_request()) return nullptr;
    msg::Message edited = m;
    edited.push_via("SIP/2.0/TCP fuzz.invalid;branch=z9hG4bKfuzz");
    (void)edited.decrement_max_forwards();
    const auto reparsed = msg::Message::parse(edited.to_string(), again_options);
    if (!reparsed.ok()) return "request with a pushed Via does not parse again";
    const auto top = reparsed->top_via();
    if (!top.ok() || top->branch != "z9hG4bKfuzz")
        return "pushed Via is not the top Via after serializing";
    if (!edited.pop_via()) return "pop_via failed after push_via";
    return nullptr;
}

// fuzz_message: Message::parse in datagram mode, then everything above when it parsed.
inline Broken check_message(std::string_view data) {
    const auto parsed = msg::Message::parse(data, {.datagram = true});
    if (!parsed.ok()) {
        touch(parsed.error().what);
        touch(parsed.error().reason_phrase());
        return nullptr;
    }
    return check_parsed_message(*parsed, true);
}

// fuzz_uri: parse_uri both ways; a parsed URI equals itself (RFC 3261 §19.1.4), and
// escaping any octets then unescaping gives them back.
inline Broken check_uri(std::string_view data) {
    for (bool allow_headers : {true, false}) {
        const auto u = msg::parse_uri(data, allow_headers);
        touch_result(u);
        if (u.ok() && !msg::uri_equal(*u, *u)) return "uri_equal(u, u) is false";
        if (u.ok()) {
            const std::string user = msg::unescape(u->user);
            if (msg::unescape(msg::escape(user, msg::UriComponent::User)) != user)
                return "unescape(escape(user)) != user";
        }
    }
    for (auto component : {msg::UriComponent::User, msg::UriComponent::Password,
                           msg::UriComponent::Param, msg::UriComponent::Header}) {
        const std::string escaped = msg::escape(data, component);
        if (msg::unescape(escaped) != data) return "unescape(escape(input)) != input";
    }
    return nullptr;
}

// fuzz_framer: the first octets choose the size limit and the read sizes, the rest is the
// stream. Frames must tile the stream in order, respect the limit, and not depend on how
// the stream was cut.
struct FramedRun {
    std::vector<std::string> messages;
    std::vector<std::size_t> header_sizes;
    std::size_t pings = 0;
    bool error = false;
    std::uint16_t status = 0;
    std::size_t consumed = 0;
};

inline Broken frame_stream(std::string_view stream, const std::vector<std::size_t>& chunks,
                           const msg::StreamFramerOptions& options, FramedRun& run) {
    msg::StreamFramer framer(options);
    std::size_t put = 0;
    std::size_t chunk_index = 0;
    while (!run.error) {
        if (put < stream.size()) {
            const std::size_t n =
                std::min(chunks[chunk_index++ % chunks.size()], stream.size() - put);
            framer.put(stream.substr(put, n));
            put += n;
        }
        for (int guard = 0;; ++guard) {
            if (guard > 1 << 20) return "framer next() does not settle";  // next() must settle
            const msg::Frame fr = framer.next();
            if (fr.kind == msg::FrameKind::NeedMore) break;
            if (fr.kind == msg::FrameKind::Error) {
                if (fr.error.status != 400 && fr.error.status != 513)
                    return "framer error status is neither 400 nor 513";
                if (!framer.failed() || framer.next().kind != msg::FrameKind::Error)
                    return "framer error is not sticky";
                run.error = true;
                run.status = fr.error.status;
                break;
            }
            // Each frame starts where the previous one ended.
            if (run.consumed + fr.bytes.size() > put) return "frame extends past the bytes put";
            if (fr.bytes != stream.substr(run.consumed, fr.bytes.size()))
                return "frame does not start where the previous one ended";
            run.consumed += fr.bytes.size();
            if (fr.kind == msg::FrameKind::Message) {
                if (fr.bytes.size() > options.max_size) return "message frame larger than max_size";
                if (fr.header_size == 0 || fr.header_size > fr.bytes.size())
                    return "header_size outside the message";
                // The header section ends with an empty line.
                const std::string_view head = fr.bytes.substr(0, fr.header_size);
                if (head.size() < 2 || head.back() != '\n')
                    return "header section does not end with LF";
                if (!head.ends_with("\n\n") && !head.ends_with("\n\r\n"))
                    return "header section does not end with an empty line";
                run.messages.emplace_back(fr.bytes);
                run.header_sizes.push_back(fr.header_size);
            } else {
                if (fr.bytes.empty() || fr.bytes.find_first_not_of("\r\n") != fr.bytes.npos)
                    return "keep-alive frame holds more than CR/LF";
                if (fr.kind == msg::FrameKind::Ping) ++run.pings;
            }
        }
        if (!run.error && put - run.consumed != framer.buffered())
            return "buffered() disagrees with bytes put minus bytes framed";
        if (put == stream.size() && !run.error) break;
    }
    return run.consumed <= stream.size() ? nullptr : "framed more than the input";
}

inline Broken check_framer(std::string_view data) {
    // Octet 0: the size limit (small ones reach the 513 paths). Octets 1-8: read sizes.
    if (data.size() < 9) return nullptr;
    msg::StreamFramerOptions options;
    const auto limit = static_cast<unsigned char>(data[0]);
    if (limit < 200) options.max_size = 16 + static_cast<std::size_t>(limit) * 8;
    std::vector<std::size_t> chunks;
    for (std::size_t i = 1; i < 9; ++i)
        chunks.push_back(1 + static_cast<unsigned char>(data[i]));
    const std::string_view stream = data.substr(9);

    FramedRun cut;
    if (Broken b = frame_stream(stream, chunks, options, cut)) return b;
    FramedRun whole;
    if (Broken b = frame_stream(stream, {stream.size() + 1}, options, whole)) return b;
    if (cut.messages != whole.messages || cut.header_sizes != whole.header_sizes ||
        cut.pings != whole.pings || cut.error != whole.error || cut.status != whole.status) {
        return "framing depends on where the stream was cut";
    }
    // The framer and the parser must agree on where the body starts (RFC 3261 §18.3):
    // when a framed message parses, its body is exactly the octets after the header section.
    for (std::size_t i = 0; i < whole.messages.size(); ++i) {
        const auto m = msg::Message::parse(whole.messages[i],
                                           {.max_size = options.max_size, .datagram = false});
        if (m.ok() &&
            m->body() != std::string_view(whole.messages[i]).substr(whole.header_sizes[i]))
            return "framer and parser disagree on where the body starts";
    }
    return nullptr;
}

}  // namespace dialtone::fuzz
