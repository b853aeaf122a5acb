// Whole-message parser (picohttpparser style): one pass over the bytes records the start
// line, each header line and the body as offsets; nothing is copied but the input itself.

#include <cstring>

#include "dialtone/sip/message/message.hpp"
#include "sip/message/char_class.hpp"

namespace dialtone::message {

class MessageParser {
  public:
    static Result<Message> run(std::string_view bytes, const ParseOptions& opt);

  private:
    static const ParseError* parse_start_line(Message& m, std::string_view line, std::uint32_t off);
};

namespace {

constexpr ParseError kNoEmptyLine{400, "header section does not end with an empty line"};

using Span32 = std::uint32_t;

bool valid_version(std::string_view v) {
    // SIP-Version = "SIP" "/" 1*DIGIT "." 1*DIGIT
    if (v.size() < 7 || v.substr(0, 4) != "SIP/") return false;
    std::size_t i = 4, d = 0;
    while (i < v.size() && chars::is_digit(v[i]))
        ++i, ++d;
    if (d == 0 || i >= v.size() || v[i] != '.') return false;
    ++i;
    d = 0;
    while (i < v.size() && chars::is_digit(v[i]))
        ++i, ++d;
    return d > 0 && i == v.size();
}

// Line end at or after p: position of '\n' (the line's content ends before an optional '\r').
const char* find_lf(const char* p, const char* end) {
    return static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
}

}  // namespace

const ParseError* MessageParser::parse_start_line(Message& m, std::string_view line,
                                                  std::uint32_t off) {
    static constexpr ParseError kBadVersion{505, "SIP version not supported"};
    static constexpr ParseError kBadRequestLine{
        400, "Request-Line is not Method SP Request-URI SP SIP-Version"};
    static constexpr ParseError kBadStatusLine{0, "Status-Line is malformed"};
    static constexpr ParseError kBadStatus{0, "status code is not three digits"};
    m.start_line_ = {off, static_cast<std::uint32_t>(line.size())};
    if (line.size() > 4 && std::memcmp(line.data(), "SIP/", 4) == 0) {
        // Status-Line = SIP-Version SP Status-Code SP Reason-Phrase
        m.kind_ = Message::Kind::Response;
        const std::size_t sp1 = line.find(' ');
        if (sp1 == std::string_view::npos) return &kBadStatusLine;
        if (!valid_version(line.substr(0, sp1))) return &kBadStatusLine;
        if (line.substr(0, sp1) != "SIP/2.0") return &kBadVersion;
        if (line.size() < sp1 + 4) return &kBadStatus;
        const std::string_view code = line.substr(sp1 + 1, 3);
        for (char c : code)
            if (!chars::is_digit(c)) return &kBadStatus;
        if (line.size() > sp1 + 4 && line[sp1 + 4] != ' ') return &kBadStatus;
        m.status_ = static_cast<std::uint16_t>((code[0] - '0') * 100 + (code[1] - '0') * 10 +
                                               (code[2] - '0'));
        if (m.status_ < 100) return &kBadStatus;
        m.version_ = {off + static_cast<std::uint32_t>(0), static_cast<std::uint32_t>(sp1)};
        const std::size_t rs = std::min(line.size(), sp1 + 5);
        m.reason_ = {off + static_cast<std::uint32_t>(rs),
                     static_cast<std::uint32_t>(line.size() - rs)};
        return nullptr;
    }
    // Request-Line = Method SP Request-URI SP SIP-Version; exactly one SP each.
    m.kind_ = Message::Kind::Request;
    const std::size_t sp1 = line.find(' ');
    const std::size_t sp2 = line.rfind(' ');
    if (sp1 == std::string_view::npos || sp2 == sp1) return &kBadRequestLine;
    if (sp2 + 1 == line.size()) {
        static constexpr ParseError kTrailing{400, "Request-Line ends with whitespace"};
        return &kTrailing;
    }
    const std::string_view method = line.substr(0, sp1);
    const std::string_view uri = line.substr(sp1 + 1, sp2 - sp1 - 1);
    const std::string_view version = line.substr(sp2 + 1);
    if (!chars::is_token(method)) return &kBadRequestLine;
    if (uri.empty() || std::memchr(uri.data(), ' ', uri.size()) != nullptr) {
        static constexpr ParseError kUriSpace{400, "Request-URI contains whitespace"};
        return &kUriSpace;
    }
    if (!valid_version(version)) return &kBadRequestLine;
    if (version != "SIP/2.0") return &kBadVersion;
    // The Request-URI must parse (any scheme; unknown ones are for the server to refuse
    // with 416), and a SIP one may not carry URI headers (RFC 3261 §19.1.1).
    auto parsed_uri = parse_uri(uri, false);
    if (!parsed_uri) {
        static constexpr ParseError kBadUri{400, "Request-URI is malformed"};
        static constexpr ParseError kUriHeaders{400, "Request-URI must not carry URI headers"};
        return parsed_uri.error().what == kUriHeaders.what ? &kUriHeaders : &kBadUri;
    }
    m.ruri_parsed_ = *parsed_uri;
    m.ruri_base_ = m.buf_.data();
    m.method_ = method_from_name(method);
    m.method_text_ = {off, static_cast<std::uint32_t>(sp1)};
    m.ruri_ = {off + static_cast<std::uint32_t>(sp1 + 1), static_cast<std::uint32_t>(uri.size())};
    m.version_ = {off + static_cast<std::uint32_t>(sp2 + 1),
                  static_cast<std::uint32_t>(version.size())};
    return nullptr;
}

Result<Message> MessageParser::run(std::string_view bytes, const ParseOptions& opt) {
    if (bytes.size() > opt.max_size) return ParseError{513, "message too large", false};
    if (bytes.size() > 0xffff0000u) return ParseError{513, "message too large", false};
    Message m;
    m.buf_.reserve(bytes.size() + 128);  // room for a few edits without reallocating
    m.buf_.assign(bytes.data(), bytes.size());
    const char* const base = m.buf_.data();
    const char* const end = base + m.buf_.size();
    const char* p = base;
    // RFC 3261 §7.5: ignore CRLFs before the start line.
    while (p < end && (*p == '\r' || *p == '\n'))
        ++p;
    if (p == end) return ParseError{0, "empty message"};

    const char* lf = find_lf(p, end);
    if (lf == nullptr) return ParseError{400, "start line does not end"};
    const char* line_end = (lf > p && lf[-1] == '\r') ? lf - 1 : lf;
    if (const ParseError* e =
            parse_start_line(m, std::string_view(p, static_cast<std::size_t>(line_end - p)),
                             static_cast<std::uint32_t>(p - base)))
        return *e;
    p = lf + 1;

    m.slots_.reserve(24);
    std::uint16_t last[kHeaderIdCount];  // last slot seen per id, to chain next_same
    bool ended = false;
    while (p < end) {
        if (*p == '\n' || (*p == '\r' && p + 1 < end && p[1] == '\n')) {
            p += (*p == '\r') ? 2 : 1;
            ended = true;
            break;
        }
        if (chars::is_wsp(*p)) return ParseError{400, "header section starts with whitespace"};
        // Logical line: continue past line ends followed by SP/HTAB (folding, §7.3.1).
        lf = find_lf(p, end);
        while (lf != nullptr && lf + 1 < end && chars::is_wsp(lf[1]))
            lf = find_lf(lf + 1, end);
        const char* le = (lf == nullptr) ? end : lf;
        if (le > p && le[-1] == '\r') --le;
        const char* q = p;
        while (q < le && chars::is_token_char(*q))
            ++q;
        if (q == p) return ParseError{400, "header name is not a token"};
        const char* name_end = q;
        while (q < le && chars::is_wsp(*q))
            ++q;
        if (q == le || *q != ':') return ParseError{400, "header line has no ':' after its name"};
        ++q;
        const char* vb = q;
        const char* ve = le;
        while (vb < ve && chars::is_lws(*vb))
            ++vb;
        while (ve > vb && chars::is_lws(ve[-1]))
            --ve;
        HeaderSlot s;
        s.line_off = static_cast<std::uint32_t>(p - base);
        s.line_len = static_cast<std::uint32_t>(le - p);
        s.name_off = s.line_off;
        const std::size_t name_len = static_cast<std::size_t>(name_end - p);
        if (name_len > 0xffff) return ParseError{400, "header name too long"};
        s.name_len = static_cast<std::uint16_t>(name_len);
        s.value_off = static_cast<std::uint32_t>(vb - base);
        s.value_len = static_cast<std::uint32_t>(ve - vb);
        s.id = header_id_from_name(std::string_view(p, name_len));
        if (m.slots_.size() >= 0xfff0) return ParseError{400, "too many header lines"};
        const auto index = static_cast<std::uint16_t>(m.slots_.size());
        if (s.id != HeaderId::Unknown) {
            const auto k = static_cast<std::size_t>(s.id);
            if (m.first_[k] == Message::kNone) {
                m.first_[k] = index;
            } else {
                m.slots_[last[k]].next_same = index;
            }
            last[k] = index;
        }
        m.slots_.push_back(s);
        if (lf == nullptr) {
            p = end;
            break;
        }
        p = lf + 1;
    }
    // A datagram may end right after the last header line (RFC 5118 §4.10's messages do);
    // a framed stream message always has its empty line, so this is datagram-only leniency.
    if (!ended && !opt.datagram) return kNoEmptyLine;
    const auto body_off = static_cast<std::uint32_t>(p - base);
    const auto available = static_cast<std::uint32_t>(end - p);

    const std::uint16_t cl = m.first_[static_cast<std::size_t>(HeaderId::ContentLength)];
    if (cl == Message::kNone) {
        // RFC 3261 §18.3: over UDP the body runs to the end of the datagram.
        m.body_ = {body_off, available};
        return m;
    }
    if (m.count(HeaderId::ContentLength) > 1)
        return ParseError{400, "more than one Content-Length header"};
    std::uint64_t length = 0;
    const std::string_view cl_value = m.value_of(m.slots_[cl]);
    if (!cl_value.empty() && cl_value[0] == '-')
        return ParseError{400, "Content-Length is negative"};
    if (!chars::parse_decimal(cl_value, 0xffffffffu, length))
        return ParseError{400, "Content-Length is not a number"};
    if (length > available) return ParseError{400, "Content-Length is larger than the body"};
    if (!opt.datagram && length != available)
        return ParseError{400, "Content-Length does not match the framed body"};
    m.body_ = {body_off, static_cast<std::uint32_t>(length)};
    return m;
}

Result<Message> Message::parse(std::string_view bytes, const ParseOptions& options) {
    return MessageParser::run(bytes, options);
}

}  // namespace dialtone::message
