#include "dialtone/sip/message/stream_framer.hpp"

#include <algorithm>
#include <cstring>

#include "sip/message/char_class.hpp"

namespace dialtone::message {

namespace {

constexpr std::size_t kMinCapacity = 4096;

// Length of the line end (LF or CRLF) at b[p]: 0 when there is none, -1 when b[p] is a CR
// that ends the buffer, so whether an LF follows is not known yet.
int line_end_at(const char* b, std::size_t n, std::size_t p) {
    if (p >= n) return 0;
    if (b[p] == '\n') return 1;
    if (b[p] != '\r') return 0;
    if (p + 1 == n) return -1;
    return b[p + 1] == '\n' ? 2 : 0;
}

// "Content-Length" or its compact form "l" (RFC 3261 §7.3.3, §20.14), any case, followed
// by optional SP/HTAB and the colon. Returns the offset just past the colon, or 0.
std::size_t content_length_name(const char* line, std::size_t len) {
    static constexpr std::string_view kLong = "content-length";
    std::size_t name_len = 0;
    const char first = chars::to_lower(line[0]);
    if (first == 'l') {
        name_len = 1;
    } else if (first == 'c' && len > kLong.size() &&
               chars::iequals(std::string_view(line, kLong.size()), kLong)) {
        name_len = kLong.size();
    } else {
        return 0;
    }
    std::size_t p = name_len;
    while (p < len && chars::is_wsp(line[p]))
        ++p;
    return (p < len && line[p] == ':') ? p + 1 : 0;
}

}  // namespace

StreamFramer::StreamFramer(StreamFramerOptions options) : options_(options) {}

void StreamFramer::put(std::string_view bytes) {
    if (failed_ || bytes.empty()) return;
    const std::span<char> area = prepare(bytes.size());
    std::memcpy(area.data(), bytes.data(), bytes.size());
    commit(bytes.size());
}

std::span<char> StreamFramer::prepare(std::size_t n) {
    if (begin_ == end_) begin_ = end_ = 0;
    if (capacity_ - end_ < n && begin_ > 0) {
        // Move the unreturned tail to the front; scan offsets are relative to begin_.
        std::memmove(data_.get(), data_.get() + begin_, end_ - begin_);
        end_ -= begin_;
        begin_ = 0;
    }
    if (capacity_ - end_ < n) {
        const std::size_t want = std::max({capacity_ * 2, end_ + n, kMinCapacity});
        auto bigger = std::make_unique_for_overwrite<char[]>(want);
        if (end_ > 0) std::memcpy(bigger.get(), data_.get(), end_);
        data_ = std::move(bigger);
        capacity_ = want;
    }
    return {data_.get() + end_, capacity_ - end_};
}

void StreamFramer::commit(std::size_t n) {
    // After an error nothing more is framed, so the bytes are dropped.
    if (failed_) return;
    end_ += std::min(n, capacity_ - end_);
}

void StreamFramer::reset() {
    begin_ = end_ = 0;
    scan_ = header_size_ = cl_begin_ = cl_end_ = content_length_ = 0;
    state_ = HeaderState::StartLine;
    has_content_length_ = headers_done_ = after_crlf_ = failed_ = false;
    error_ = {};
}

Frame StreamFramer::fail(std::uint16_t status, std::string_view what) {
    failed_ = true;
    // A 513 is a well-formed message the server refuses; 400s break the framing rules.
    error_ = ParseError{status, what, status != 513};
    begin_ = end_ = 0;
    return Frame{FrameKind::Error, {}, 0, error_};
}

bool StreamFramer::take_keep_alive(Frame& out) {
    const char* b = data_.get() + begin_;
    const std::size_t n = end_ - begin_;
    out = Frame{};
    if (n == 0) return true;
    const int first = line_end_at(b, n, 0);
    if (first == 0) {
        after_crlf_ = false;  // a message starts here
        return false;
    }
    if (first < 0) return true;  // a lone CR: wait for its LF
    std::size_t len = static_cast<std::size_t>(first);
    bool ping = after_crlf_;
    if (!ping) {
        const int second = line_end_at(b, n, len);
        if (second < 0) return true;  // "CRLF CR": wait, it may be a ping
        if (second > 0) {
            len += static_cast<std::size_t>(second);
            ping = true;
        }
    }
    // Only a CRLF that ends the buffered bytes may be the first half of a split ping.
    after_crlf_ = !ping && len == n;
    out.kind = ping ? FrameKind::Ping : FrameKind::Pong;
    out.bytes = std::string_view(b, len);
    begin_ += len;
    return true;
}

bool StreamFramer::finish_content_length(Frame& out) {
    const char* b = data_.get() + begin_;
    std::size_t p = cl_begin_;
    const std::size_t end = cl_end_;
    state_ = HeaderState::Other;
    while (p < end && chars::is_lws(b[p]))
        ++p;
    if (p == end) {
        out = fail(400, "empty Content-Length");
        return false;
    }
    if (b[p] == '-') {
        out = fail(400, "negative Content-Length");
        return false;
    }
    // Leading zeros are legal (RFC 4475 §3.1.1.1); saturate instead of overflowing, since
    // anything past max_size is refused anyway.
    std::size_t value = 0;
    const std::size_t digits_start = p;
    constexpr std::size_t kSaturated = static_cast<std::size_t>(-1);
    for (; p < end && chars::is_digit(b[p]); ++p) {
        const std::size_t d = static_cast<std::size_t>(b[p] - '0');
        value = value > (kSaturated - d) / 10 ? kSaturated : value * 10 + d;
    }
    const std::size_t digits_end = p;
    while (p < end && chars::is_lws(b[p]))
        ++p;
    if (digits_end == digits_start || p != end) {
        out = fail(400, "Content-Length is not a number");
        return false;
    }
    if (has_content_length_ && value != content_length_) {
        // RFC 4475 §3.3.9: the message boundary cannot be determined.
        out = fail(400, "conflicting Content-Length headers");
        return false;
    }
    has_content_length_ = true;
    content_length_ = value;
    return true;
}

bool StreamFramer::scan_headers(Frame& out) {
    const char* b = data_.get() + begin_;
    const std::size_t n = end_ - begin_;
    while (scan_ < n) {
        const void* hit = std::memchr(b + scan_, '\n', n - scan_);
        if (hit == nullptr) break;
        const std::size_t lf = static_cast<std::size_t>(static_cast<const char*>(hit) - b);
        const std::size_t line = scan_;
        std::size_t len = lf - line;
        if (lf + 1 > options_.max_size) {
            out = fail(513, "header section too large");
            return false;
        }
        scan_ = lf + 1;
        if (len > 0 && b[lf - 1] == '\r') --len;

        if (state_ == HeaderState::StartLine) {
            state_ = HeaderState::Other;  // the start line is not a header
            continue;
        }
        if (len > 0 && chars::is_wsp(b[line])) {
            // A folded continuation of the previous header (RFC 3261 §7.3.1).
            if (state_ == HeaderState::ContentLength) cl_end_ = lf;
            continue;
        }
        if (state_ == HeaderState::ContentLength && !finish_content_length(out)) return false;
        if (len == 0) {
            // The empty line: RFC 3261 §7.5 CRLF, or a bare LF from lenient senders.
            headers_done_ = true;
            header_size_ = scan_;
            return true;
        }
        const std::size_t colon_end = content_length_name(b + line, len);
        if (colon_end != 0) {
            state_ = HeaderState::ContentLength;
            cl_begin_ = line + colon_end;
            cl_end_ = lf;
        }
    }
    // No empty line yet. Whatever follows, the header section will be at least one octet
    // longer than what is buffered, so refuse now rather than buffer an endless header.
    if (n >= options_.max_size) {
        out = fail(513, "header section too large");
        return false;
    }
    return true;
}

Frame StreamFramer::next() {
    if (failed_) return Frame{FrameKind::Error, {}, 0, error_};
    if (state_ == HeaderState::StartLine && scan_ == 0) {
        Frame keep_alive;
        if (take_keep_alive(keep_alive)) return keep_alive;
    }
    if (!headers_done_) {
        Frame error;
        if (!scan_headers(error)) return error;
        if (!headers_done_) return Frame{};
        if (!has_content_length_) {
            return fail(400, "missing Content-Length (required on streams, RFC 3261 §18.3)");
        }
        if (content_length_ > options_.max_size - header_size_) {
            return fail(513, "message too large");
        }
    }
    const std::size_t total = header_size_ + content_length_;
    if (end_ - begin_ < total) return Frame{};

    Frame message;
    message.kind = FrameKind::Message;
    message.bytes = std::string_view(data_.get() + begin_, total);
    message.header_size = header_size_;
    begin_ += total;
    scan_ = header_size_ = cl_begin_ = cl_end_ = content_length_ = 0;
    state_ = HeaderState::StartLine;
    has_content_length_ = headers_done_ = false;
    return message;
}

}  // namespace dialtone::message
