// Whole-message parser (picohttpparser style): one pass over the bytes records the start
// line, each header line and the body as offsets; nothing is copied but the input itself.

#include <algorithm>
#include <cstring>

#include "dialtone/sip/message/message.hpp"
#include "sip/message/char_class.hpp"
#include "sip/message/header_lookup.hpp"
#include "sip/message/span_scan.hpp"
#include "sip/message/uri_scan.hpp"

namespace dialtone::message {

class MessageParser {
  public:
    static Result<Message> run(std::string_view bytes, const ParseOptions& opt);

  private:
    static const ParseError* fill(Message& m, std::string_view bytes, const ParseOptions& opt);
    static const ParseError* parse_start_line(Message& m, std::string_view line, std::uint32_t off);
};

namespace {

constexpr ParseError kNoEmptyLine{400, "header section does not end with an empty line"};

// Every LWS octet is <= ' ', so the common case (no whitespace) costs one compare.
bool lws(char c) {
    return static_cast<unsigned char>(c) <= ' ' && chars::is_lws(c);
}

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

// Line end at or after p: position of '\n' (the line's content ends before an optional '\r'),
// or `end`. [base, end) is the whole buffer, readable by the vector scan.
const char* find_lf(const char* p, const char* base, const char* end) {
    return span::find<span::Is<'\n'>>(p, end, base, end);
}

// Bitmap of the octets that are '\n' or ',' among the 64 at cb (bit i <-> cb[i]); octets at
// or past `end` read as neither. cb < end. With 64 octets or more in the buffer, a chunk that
// would pass `end` is loaded ending at `end` and shifted down. One mask for both: commas are
// rare, so telling the two apart by the octet at a set bit is cheaper than a second mask.
inline std::uint64_t load_chunk(const char* cb, const char* base, const char* end) {
#if defined(__SSE2__)
    if (end - base >= 64) {
        int shift = 0;
        const char* at = cb;
        if (end - cb < 64) {
            at = end - 64;
            shift = static_cast<int>(64 - (end - cb));
        }
        const __m128i lf = _mm_set1_epi8('\n');
        const __m128i comma = _mm_set1_epi8(',');
        auto block = [&](const char* q) {
            const __m128i v = span::load16(q);
            return std::uint64_t{
                span::bits(_mm_or_si128(_mm_cmpeq_epi8(v, lf), _mm_cmpeq_epi8(v, comma)))};
        };
        const std::uint64_t m =
            block(at) | block(at + 16) << 16 | block(at + 32) << 32 | block(at + 48) << 48;
        return m >> shift;
    }
#else
    (void)base;
#endif
    std::uint64_t m = 0;
    const std::size_t n = std::min<std::size_t>(64, static_cast<std::size_t>(end - cb));
    for (std::size_t i = 0; i < n; ++i)
        m |= std::uint64_t{cb[i] == '\n' || cb[i] == ','} << i;
    return m;
}

// Walks the header section's line ends over 64-octet chunk bitmaps built as it goes: one
// vector pass over the octets however many lines there are, and a bit scan per line end.
class LineWalker {
  public:
    // p > base: the octet before p stands for "no comma yet".
    LineWalker(const char* p, const char* base, const char* end)
        : base_(base), end_(end), cb_(p), last_comma_(p - 1), mk_(load_chunk(p, base, end)) {}

    // The next '\n' (each is returned once, in order), or `end`.
    __attribute__((always_inline)) const char* next_lf() {
        while (true) {
            while (mk_ == 0) {
                if (end_ - cb_ <= 64) return end_;
                cb_ += 64;
                mk_ = load_chunk(cb_, base_, end_);
            }
            const char* const at = cb_ + __builtin_ctzll(mk_);
            mk_ &= mk_ - 1;
            if (*at == '\n') return at;
            last_comma_ = at;
        }
    }

    // The last ',' passed on the way to the line ends returned so far, or the octet before
    // the walk's start.
    const char* last_comma() const { return last_comma_; }

  private:
    const char* base_;
    const char* end_;
    const char* cb_;  // the chunk: [cb_, cb_ + 64)
    const char* last_comma_;
    std::uint64_t mk_;  // its line ends and commas not passed yet
};

// The first ':' in [p, le), or nullptr. Header names are short: one block nearly always.
inline const char* find_colon(const char* p, const char* le, const char* base, const char* end) {
#if defined(__SSE2__)
    if (end - p >= 16) {
        const unsigned m = span::bits(_mm_cmpeq_epi8(span::load16(p), _mm_set1_epi8(':')));
        if (m != 0) {
            const char* c = p + __builtin_ctz(m);
            return c < le ? c : nullptr;
        }
        if (le - p <= 16) return nullptr;
        p += 16;
    }
#endif
    const char* c = span::find<span::Is<':'>>(p, le, base, end);
    return c < le ? c : nullptr;
}

// The error for a header line whose name the fast path could not accept, found by walking
// the line as the grammar reads it: field-name = token, then HCOLON = *WSP ":".
const ParseError* bad_header_name(const char* p, const char* le) {
    static constexpr ParseError kNotToken{400, "header name is not a token"};
    static constexpr ParseError kNoColon{400, "header line has no ':' after its name"};
    const char* q = p;
    while (q < le && chars::is_token_char(*q))
        ++q;
    if (q == p) return &kNotToken;
    while (q < le && chars::is_wsp(*q))
        ++q;
    if (q == le || *q != ':') return &kNoColon;
    return nullptr;
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
        std::size_t sp1 = 7;
        // "SIP/2.0 " (nearly always) holds the first SP and a good version.
        if (line.size() < 8 || std::memcmp(line.data(), "SIP/2.0 ", 8) != 0) {
            sp1 = line.find(' ');
            if (sp1 == std::string_view::npos) return &kBadStatusLine;
            if (!valid_version(line.substr(0, sp1))) return &kBadStatusLine;
            if (line.substr(0, sp1) != "SIP/2.0") return &kBadVersion;
        }
        if (line.size() < sp1 + 4) return &kBadStatus;
        const std::string_view code = line.substr(sp1 + 1, 3);  // three octets: checked above
        if (!chars::is_digit(code[0]) || !chars::is_digit(code[1]) || !chars::is_digit(code[2]))
            return &kBadStatus;
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
    static constexpr ParseError kUriSpace{400, "Request-URI contains whitespace"};
    std::size_t sp1, sp2;
    const std::size_t n = line.size();
    // Nearly always: a token method, its SP, and " SIP/2.0" at the end, which holds the last
    // SP and a good version. Anything else takes the checks below in their order.
    if (n > 9 && std::memcmp(line.data() + n - 8, " SIP/2.0", 8) == 0 &&
        (sp1 = span::run(line, 0, chars::kToken)) != 0 && line[sp1] == ' ' && sp1 < n - 8) {
        sp2 = n - 8;
    } else {
        sp1 = line.find(' ');
        sp2 = line.rfind(' ');
        if (sp1 == std::string_view::npos || sp2 == sp1) return &kBadRequestLine;
        if (sp2 + 1 == n) {
            static constexpr ParseError kTrailing{400, "Request-Line ends with whitespace"};
            return &kTrailing;
        }
        if (!chars::is_token(line.substr(0, sp1))) return &kBadRequestLine;
        const std::string_view uri = line.substr(sp1 + 1, sp2 - sp1 - 1);
        if (uri.empty() || std::memchr(uri.data(), ' ', uri.size()) != nullptr) return &kUriSpace;
        const std::string_view version = line.substr(sp2 + 1);
        if (!valid_version(version)) return &kBadRequestLine;
        if (version != "SIP/2.0") return &kBadVersion;
    }
    const std::string_view method = line.substr(0, sp1);
    const std::string_view uri = line.substr(sp1 + 1, sp2 - sp1 - 1);
    const std::string_view version = line.substr(sp2 + 1);
    if (uri.empty() || std::memchr(uri.data(), ' ', uri.size()) != nullptr) return &kUriSpace;
    // The Request-URI must parse (any scheme; unknown ones are for the server to refuse
    // with 416), and a SIP one may not carry URI headers (RFC 3261 §19.1.1).
    if (const ParseError* e =
            parse_uri_into(m.ruri_parsed_, uri, false, line.data(), line.data() + line.size())) {
        static constexpr ParseError kBadUri{400, "Request-URI is malformed"};
        static constexpr ParseError kUriHeaders{400, "Request-URI must not carry URI headers"};
        return e->what == kUriHeaders.what ? &kUriHeaders : &kBadUri;
    }
    m.ruri_base_ = m.buf_.data();
    m.method_ = method_from_name(method);
    m.method_text_ = {off, static_cast<std::uint32_t>(sp1)};
    m.ruri_ = {off + static_cast<std::uint32_t>(sp1 + 1), static_cast<std::uint32_t>(uri.size())};
    m.version_ = {off + static_cast<std::uint32_t>(sp2 + 1),
                  static_cast<std::uint32_t>(version.size())};
    return nullptr;
}

Result<Message> MessageParser::run(std::string_view bytes, const ParseOptions& opt) {
    // Built in place and returned by name: the message is never moved on its way out.
    Result<Message> result(std::in_place, Message::ParserKey{});
    if (const ParseError* e = fill(*result, bytes, opt)) result = *e;
    return result;
}

const ParseError* MessageParser::fill(Message& m, std::string_view bytes, const ParseOptions& opt) {
    static constexpr ParseError kTooLarge{513, "message too large", false};
    static constexpr ParseError kEmpty{0, "empty message"};
    static constexpr ParseError kNoStartEnd{400, "start line does not end"};
    static constexpr ParseError kLeadingWsp{400, "header section starts with whitespace"};
    static constexpr ParseError kLongName{400, "header name too long"};
    static constexpr ParseError kTooManyLines{400, "too many header lines"};
    static constexpr ParseError kTwoLengths{400, "more than one Content-Length header"};
    static constexpr ParseError kNegativeLength{400, "Content-Length is negative"};
    static constexpr ParseError kBadLength{400, "Content-Length is not a number"};
    static constexpr ParseError kShortBody{400, "Content-Length is larger than the body"};
    static constexpr ParseError kFramedLength{400, "Content-Length does not match the framed body"};
    if (bytes.size() > opt.max_size) return &kTooLarge;
    if (bytes.size() > 0xffff0000u) return &kTooLarge;
    m.buf_.reserve(bytes.size() + 128);  // room for a few edits without reallocating
    m.buf_.assign(bytes.data(), bytes.size());
    const char* const base = m.buf_.data();
    const char* const end = base + m.buf_.size();
    const char* p = base;
    // RFC 3261 §7.5: ignore CRLFs before the start line.
    while (p < end && (*p == '\r' || *p == '\n'))
        ++p;
    if (p == end) return &kEmpty;

    const char* lf = find_lf(p, base, end);
    if (lf == end) return &kNoStartEnd;
    const char* line_end = (lf > p && lf[-1] == '\r') ? lf - 1 : lf;
    if (const ParseError* e =
            parse_start_line(m, std::string_view(p, static_cast<std::size_t>(line_end - p)),
                             static_cast<std::uint32_t>(p - base)))
        return e;
    p = lf + 1;

    m.slots_.reserve(24);
    std::uint16_t last[kHeaderIdCount];  // last slot seen per id, to chain next_same
    std::size_t count = 0;               // slots so far
    bool ended = false;
    if (p < end) {
        LineWalker walk(p, base, end);
        while (p < end) {
            if (static_cast<unsigned char>(*p) <= ' ') {
                if (*p == '\n' || (*p == '\r' && p + 1 < end && p[1] == '\n')) {
                    p += (*p == '\r') ? 2 : 1;
                    ended = true;
                    break;
                }
                if (chars::is_wsp(*p)) return &kLeadingWsp;
            }
            lf = walk.next_lf();
            // A ':' only past the first line end is no HCOLON: the colon search stops there.
            const char* const colon = find_colon(p, lf, base, end);
            // Logical line: continue past line ends followed by SP/HTAB (folding, §7.3.1).
            if (lf + 1 < end && static_cast<unsigned char>(lf[1]) <= ' ') {
                while (lf != end && lf + 1 < end && (lf[1] == ' ' || lf[1] == '\t'))
                    lf = walk.next_lf();
            }
            const char* le = lf;
            if (le[-1] == '\r') --le;  // le > p: *p is neither CR nor LF
            // field-name HCOLON: the name runs to the first ':' less the WSP before it. A
            // known name is a token (the table holds only letters and '-'), so only an
            // unknown one needs its octets checked.
            if (colon == nullptr) return bad_header_name(p, le);
            const char* name_end = colon;
            // p[-1] is the previous line's LF, so even a name_end at p reads inside the buffer.
            if (static_cast<unsigned char>(name_end[-1]) <= ' ') {
                while (name_end > p && (name_end[-1] == ' ' || name_end[-1] == '\t'))
                    --name_end;
            }
            const auto name_len = static_cast<std::size_t>(name_end - p);
            const HeaderId id = header_lookup::find_in_buffer(p, name_len, end);
            if (id == HeaderId::Unknown) {
                if (!chars::is_token(std::string_view(p, name_len))) {
                    if (const ParseError* e = bad_header_name(p, le)) return e;
                }
                if (name_len > 0xffff) return &kLongName;
            }
            const char* vb = colon + 1;
            const char* ve = le;
            if (vb < ve && *vb == ' ') ++vb;  // the usual single space after the colon
            while (vb < ve && lws(*vb))
                ++vb;
            while (ve > vb && lws(ve[-1]))
                --ve;
            if (count >= 0xfff0) return &kTooManyLines;
            const auto index = static_cast<std::uint16_t>(count++);
            if (id != HeaderId::Unknown) {
                const auto k = static_cast<std::size_t>(id);
                if (m.first_[k] == Message::kNone) {
                    m.first_[k] = index;
                } else {
                    m.slots_[last[k]].next_same = index;
                }
                last[k] = index;
            }
            HeaderSlot& s = m.slots_.emplace_back();
            s.line_off = static_cast<std::uint32_t>(p - base);
            s.line_len = static_cast<std::uint32_t>(le - p);
            s.value_off = static_cast<std::uint32_t>(vb - base);
            s.value_len = static_cast<std::uint32_t>(ve - vb);
            s.name_off = s.line_off;
            s.name_len = static_cast<std::uint16_t>(name_len);
            s.id = id;
            s.one_element = walk.last_comma() < p;  // no ',' in this line
            if (lf == end) {
                p = end;
                break;
            }
            p = lf + 1;
        }
    }
    // A datagram may end right after the last header line (RFC 5118 §4.10's messages do);
    // a framed stream message always has its empty line, so this is datagram-only leniency.
    if (!ended && !opt.datagram) return &kNoEmptyLine;
    const auto body_off = static_cast<std::uint32_t>(p - base);
    const auto available = static_cast<std::uint32_t>(end - p);

    const std::uint16_t cl = m.first_[static_cast<std::size_t>(HeaderId::ContentLength)];
    if (cl == Message::kNone) {
        // RFC 3261 §18.3: over UDP the body runs to the end of the datagram.
        m.body_ = {body_off, available};
        return nullptr;
    }
    if (m.slots_[cl].next_same != Message::kNone) return &kTwoLengths;
    std::uint64_t length = 0;
    const std::string_view cl_value = m.value_of(m.slots_[cl]);
    if (!cl_value.empty() && cl_value[0] == '-') return &kNegativeLength;
    if (!chars::parse_decimal(cl_value, 0xffffffffu, length)) return &kBadLength;
    if (length > available) return &kShortBody;
    if (!opt.datagram && length != available) return &kFramedLength;
    m.body_ = {body_off, static_cast<std::uint32_t>(length)};
    return nullptr;
}

Result<Message> Message::parse(std::string_view bytes, const ParseOptions& options) {
    return MessageParser::run(bytes, options);
}

}  // namespace dialtone::message
