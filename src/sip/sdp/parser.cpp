// SessionDescription::parse: one pass over the lines, each handed to the section it is in.
// The leniencies and the strict checks are listed in session_description.hpp.

#include <array>

#include "dialtone/sip/sdp/session_description.hpp"
#include "sip/sdp/line_order.hpp"
#include "sip/sdp/text.hpp"

namespace dialtone::sdp {

namespace {

constexpr std::string_view kKnownLetters = "vosiuepcbtrzkam";
// Lines RFC 4566 §5 only allows before the first m= line.
constexpr std::string_view kSessionOnly = "vosuetprz";

bool is_known(char t) {
    return kKnownLetters.find(t) != std::string_view::npos;
}

// Counts the known lines of one section, to anchor unknown lines to the one they follow.
struct SectionCounter {
    std::array<std::uint32_t, 26> counts{};
    char last_type = 'v';
    std::uint32_t last_ordinal = 1;

    void saw(char t) {
        last_type = t;
        last_ordinal = ++counts[static_cast<std::size_t>(t - 'a')];
    }
};

std::optional<Connection> parse_connection(std::string_view value) {
    const auto f = text::fields(value);
    if (f.size() != 3 || !text::is_token(f[0]) || !text::is_token(f[1]) ||
        !text::is_visible(f[2])) {
        return std::nullopt;
    }
    return Connection{std::string(f[0]), std::string(f[1]), std::string(f[2])};
}

std::optional<Bandwidth> parse_bandwidth(std::string_view value) {
    value = text::trim(value);
    const std::size_t colon = value.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    const std::string_view type = text::trim(value.substr(0, colon));
    const auto bw = text::parse_uint<std::uint64_t>(text::trim(value.substr(colon + 1)));
    if (!text::is_token(type) || !bw) return std::nullopt;
    return Bandwidth{std::string(type), *bw};
}

bool is_proto(std::string_view p) {
    if (p.empty()) return false;
    while (true) {
        const std::size_t slash = p.find('/');
        if (!text::is_token(p.substr(0, slash))) return false;
        if (slash == std::string_view::npos) return true;
        p.remove_prefix(slash + 1);
    }
}

class Parser {
  public:
    explicit Parser(std::string_view text) : text_(text) {}

    Result<SessionDescription> run() {
        std::size_t pos = 0;
        while (pos < text_.size()) {
            ++line_no_;
            const std::size_t nl = text_.find('\n', pos);
            std::string_view line =
                text_.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
            pos = nl == std::string_view::npos ? text_.size() : nl + 1;
            if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
            if (line.find('\r') != std::string_view::npos) return fail("CR inside a line");
            if (line.find('\0') != std::string_view::npos) return fail("NUL inside a line");
            if (text::trim(line).empty()) continue;
            if (line.size() < 2 || line[1] != '=' || line[0] < 'a' || line[0] > 'z')
                return fail("expected <type>=<value> with a lower-case type letter");
            if (auto err = handle(line[0], line.substr(2))) return std::move(*err);
        }
        if (!seen_v_) return Error{400, 0, 0, "empty body: no v= line"};
        if (!seen_o_) return Error{400, 0, 0, "missing o= line"};
        for (std::size_t i = 0; i < out_.media.size(); ++i) {
            const MediaDescription& m = out_.media[i];
            if (!m.rejected() && m.connections.empty() && !out_.connection) {
                return Error{400, 0, m_lines_[i],
                             "m= has no c= line and the session has none (RFC 4566 §5.7)"};
            }
        }
        // Unknown lines in the order they will be written back (see line_order.hpp).
        detail::sort_extra_lines(out_.extra_lines, detail::session_line_order(out_));
        for (MediaDescription& m : out_.media)
            detail::sort_extra_lines(m.extra_lines, detail::media_line_order(m));
        return std::move(out_);
    }

  private:
    Error fail(std::string reason) const { return Error{400, 0, line_no_, std::move(reason)}; }

    static std::string letter(char t, std::string_view rest) {
        return std::string(1, t) + "=" + std::string(rest);
    }

    std::optional<Error> handle(char t, std::string_view value) {
        if (!seen_v_ && t != 'v') return fail("an SDP must start with v=");
        const bool in_media = !out_.media.empty();
        if (in_media && kSessionOnly.find(t) != std::string_view::npos)
            return fail(letter(t, " is not allowed in a media section"));
        if (!is_known(t)) {
            SectionCounter& c = in_media ? media_ : session_;
            auto& extras = in_media ? out_.media.back().extra_lines : out_.extra_lines;
            extras.push_back(ExtraLine{t, std::string(value), c.last_type, c.last_ordinal});
            return std::nullopt;
        }
        std::optional<Error> err = in_media ? media_line(t, value) : session_line(t, value);
        if (!err) (out_.media.empty() ? session_ : media_).saw(t);
        return err;
    }

    std::optional<Error> session_line(char t, std::string_view value) {
        switch (t) {
            case 'v':
                if (seen_v_) return fail("more than one v= line");
                if (text::trim(value) != "0") return fail("v= must be 0");
                seen_v_ = true;
                return std::nullopt;
            case 'o':
                if (seen_o_) return fail("more than one o= line");
                seen_o_ = true;
                return origin(value);
            case 's':
                return once(out_.session_name, value, "more than one s= line");
            case 'i':
                return once(out_.information, value, "more than one i= line");
            case 'u':
                return once(out_.uri, value, "more than one u= line");
            case 'e':
                out_.emails.emplace_back(value);
                return std::nullopt;
            case 'p':
                out_.phones.emplace_back(value);
                return std::nullopt;
            case 'c': {
                if (out_.connection) return fail("more than one c= line at session level");
                auto c = parse_connection(value);
                if (!c) return fail("c= needs <nettype> <addrtype> <connection-address>");
                out_.connection = std::move(*c);
                return std::nullopt;
            }
            case 'b':
                return bandwidth(out_.bandwidths, value);
            case 't': {
                const auto f = text::fields(value);
                const auto start =
                    f.size() == 2 ? text::parse_uint<std::uint64_t>(f[0]) : std::nullopt;
                const auto stop =
                    f.size() == 2 ? text::parse_uint<std::uint64_t>(f[1]) : std::nullopt;
                if (!start || !stop) return fail("t= needs <start-time> <stop-time>");
                out_.timings.push_back(Timing{*start, *stop, {}});
                return std::nullopt;
            }
            case 'r':
                if (out_.timings.empty()) return fail("r= must follow a t= line");
                if (text::trim(value).empty()) return fail("r= is empty");
                out_.timings.back().repeats.emplace_back(value);
                return std::nullopt;
            case 'z':
                return once(out_.zone_adjustments, value, "more than one z= line");
            case 'k':
                return once(out_.key, value, "more than one k= line at session level");
            case 'a':
                return attribute(out_.attributes, value);
            case 'm':
                return media(value);
            default:
                return fail("unexpected line");
        }
    }

    std::optional<Error> media_line(char t, std::string_view value) {
        MediaDescription& m = out_.media.back();
        switch (t) {
            case 'i':
                return once(m.title, value, "more than one i= line in a media section");
            case 'c': {
                auto c = parse_connection(value);
                if (!c) return fail("c= needs <nettype> <addrtype> <connection-address>");
                m.connections.push_back(std::move(*c));
                return std::nullopt;
            }
            case 'b':
                return bandwidth(m.bandwidths, value);
            case 'k':
                return once(m.key, value, "more than one k= line in a media section");
            case 'a':
                return attribute(m.attributes, value);
            case 'm':
                return media(value);
            default:
                return fail("unexpected line");
        }
    }

    std::optional<Error> once(std::optional<std::string>& field, std::string_view value,
                              const char* duplicate) {
        if (field) return fail(duplicate);
        field = std::string(value);
        return std::nullopt;
    }

    std::optional<Error> origin(std::string_view value) {
        const auto f = text::fields(value);
        if (f.size() != 6 || !text::is_visible(f[0]) || !text::is_token(f[3]) ||
            !text::is_token(f[4]) || !text::is_visible(f[5])) {
            return fail(
                "o= needs <username> <sess-id> <sess-version> <nettype> <addrtype> <address>");
        }
        if (!text::is_decimal(f[1])) return fail("o= sess-id must be a number");
        if (!text::is_decimal(f[2])) return fail("o= sess-version must be a number");
        out_.origin = Origin{std::string(f[0]), std::string(f[1]), std::string(f[2]),
                             std::string(f[3]), std::string(f[4]), std::string(f[5])};
        return std::nullopt;
    }

    std::optional<Error> bandwidth(std::vector<Bandwidth>& to, std::string_view value) {
        auto b = parse_bandwidth(value);
        if (!b) return fail("b= needs <bwtype>:<bandwidth>");
        to.push_back(std::move(*b));
        return std::nullopt;
    }

    std::optional<Error> attribute(std::vector<Attribute>& to, std::string_view value) {
        Attribute a;
        const std::size_t colon = value.find(':');
        if (colon != std::string_view::npos) {
            a.name = std::string(value.substr(0, colon));
            a.value = std::string(value.substr(colon + 1));
            a.has_value = true;
        } else {
            std::string_view name = value;
            while (!name.empty() && text::is_space(name.back()))
                name.remove_suffix(1);
            a.name = std::string(name);
        }
        if (!text::is_token(a.name)) return fail("a= needs an attribute name that is a token");
        if (auto err = check_known_attribute(a)) return err;
        to.push_back(std::move(a));
        return std::nullopt;
    }

    std::optional<Error> check_known_attribute(const Attribute& a) {
        const std::string_view v = a.value;
        if (text::iequals(a.name, "rtpmap")) {
            if (!a.has_value || !parse_rtpmap(v))
                return fail("a=rtpmap needs <payload type> <encoding name>/<clock rate>");
        } else if (text::iequals(a.name, "fmtp")) {
            if (!a.has_value || !parse_fmtp(v)) return fail("a=fmtp needs <format> <parameters>");
        } else if (text::iequals(a.name, "ptime") || text::iequals(a.name, "maxptime")) {
            if (!a.has_value || !parse_packet_time(v))
                return fail("a=" + a.name + " needs a number of milliseconds");
        } else if (text::iequals(a.name, "rtcp")) {
            if (!a.has_value || !parse_rtcp(v))
                return fail("a=rtcp needs <port> [<nettype> <addrtype> <address>]");
        }
        return std::nullopt;
    }

    std::optional<Error> media(std::string_view value) {
        const auto f = text::fields(value);
        if (f.size() < 3) return fail("m= needs <media> <port> <proto> <fmt> ...");
        MediaDescription m;
        if (!text::is_token(f[0])) return fail("m= media must be a token");
        m.media = std::string(f[0]);
        const std::string_view port_text = f[1];
        const std::size_t slash = port_text.find('/');
        const auto port = text::parse_uint<std::uint16_t>(port_text.substr(0, slash));
        if (!port) return fail("m= needs a port 0-65535");
        m.port = *port;
        if (slash != std::string_view::npos) {
            const auto count = text::parse_uint<std::uint32_t>(port_text.substr(slash + 1));
            if (!count || *count == 0) return fail("m= number of ports must be 1 or more");
            m.port_count = *count;
        }
        if (!is_proto(f[2])) return fail("m= proto must be tokens separated by '/'");
        m.proto = std::string(f[2]);
        for (std::size_t i = 3; i < f.size(); ++i) {
            if (!text::is_token(f[i])) return fail("m= format must be a token");
            m.formats.emplace_back(f[i]);
        }
        if (!m.rejected() && m.formats.empty()) return fail("m= needs at least one format");
        if (m.is_rtp()) {
            for (const std::string& fmt : m.formats)
                if (!parse_payload_type(fmt)) return fail("m= RTP payload type must be 0-127");
        }
        out_.media.push_back(std::move(m));
        m_lines_.push_back(line_no_);
        media_ = SectionCounter{};
        return std::nullopt;
    }

    std::string_view text_;
    std::size_t line_no_ = 0;
    SessionDescription out_;
    SectionCounter session_;
    SectionCounter media_;
    std::vector<std::size_t> m_lines_;
    bool seen_v_ = false;
    bool seen_o_ = false;
};

}  // namespace

Result<SessionDescription> SessionDescription::parse(std::string_view text) {
    return Parser(text).run();
}

}  // namespace dialtone::sdp
