#pragma once
// Cuts a byte stream (TCP, TLS, WebSocket) into whole SIP messages by Content-Length
// (RFC 3261 §18.3), sans-I/O in the manner of Boost.Beast's parser: the transport puts the
// bytes it read, then calls next() until it answers NeedMore. The framer never touches a
// socket, never blocks and never allocates per message; it only finds where each message
// ends. Parsing the message is Message::parse's job ({.datagram = false}).
//
// Ownership: a Frame's `bytes` is a view into the framer's own buffer. It stays valid
// across further next() calls and until the next put(), prepare(), reset() or the
// framer's destruction, so a transport can frame a whole read and then parse each message.
// Copy the bytes (Message::parse does) to keep them longer.
//
// After an Error the connection must be closed (RFC 3261 §18.3: framing is lost), so the
// framer stays in the error state: next() repeats the error and put() drops its input.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>

#include "dialtone/sip/message/parse_error.hpp"

namespace dialtone::message {

struct StreamFramerOptions {
    // Largest header section and largest whole message, in octets; larger ones are
    // refused with 513 (RFC 3261 §21.5.14). The default matches ParseOptions::max_size.
    std::size_t max_size = 65535;
};

enum class FrameKind : std::uint8_t {
    NeedMore,  // no complete message buffered yet: put() more bytes
    Message,   // `bytes` holds one whole message, start line through the last body octet
    // RFC 5626 §3.5.1 keep-alive: a double CRLF "ping"; a server answers with one CRLF.
    Ping,
    // A single CRLF between messages: the "pong" a client waits for. It is reported as
    // soon as it is seen, so a ping split across two reads shows up as Pong, then Ping.
    Pong,
    Error,  // `error` tells why (400 or 513); close the connection
};

struct Frame {
    FrameKind kind = FrameKind::NeedMore;
    // Message: the message. Ping/Pong: the line ends that made it. Otherwise empty.
    std::string_view bytes;
    // Message: octets of the start line and header section including the empty line,
    // i.e. where the body starts within `bytes`.
    std::size_t header_size = 0;
    // Error only.
    ParseError error;
};

class StreamFramer {
  public:
    explicit StreamFramer(StreamFramerOptions options = {});
    StreamFramer(StreamFramer&&) noexcept = default;
    StreamFramer& operator=(StreamFramer&&) noexcept = default;

    // Appends bytes read from the connection. Call next() until NeedMore before putting
    // more, or the buffer grows by whatever is put. Ignored after an error.
    void put(std::string_view bytes);

    // Zero-copy alternative to put(): a writable area of at least `n` octets at the end of
    // the buffer to read() into, then commit() the number of octets actually written.
    std::span<char> prepare(std::size_t n);
    void commit(std::size_t n);

    // The next event from the buffered bytes. Bytes after a message stay buffered for the
    // next call (pipelining).
    Frame next();

    // Forgets every buffered byte and any error, as for a new connection.
    void reset();

    bool failed() const { return failed_; }
    // Octets put but not yet returned in a frame.
    std::size_t buffered() const { return end_ - begin_; }
    const StreamFramerOptions& options() const { return options_; }

  private:
    // What the header scan learned so far about the message that starts at begin_.
    enum class HeaderState : std::uint8_t { StartLine, Other, ContentLength };

    Frame fail(std::uint16_t status, std::string_view what);
    // Consumes line ends in front of a message; returns a Ping/Pong frame or NeedMore.
    bool take_keep_alive(Frame& out);
    // Scans the header lines not yet seen. Returns false with `out` set on error.
    bool scan_headers(Frame& out);
    // Checks the Content-Length value collected from [cl_begin_, cl_end_).
    bool finish_content_length(Frame& out);

    StreamFramerOptions options_;
    std::unique_ptr<char[]> data_;
    std::size_t capacity_ = 0;
    std::size_t begin_ = 0;  // first octet not yet returned in a frame
    std::size_t end_ = 0;    // one past the last octet put

    // Header scan of the message at begin_; offsets are relative to begin_.
    std::size_t scan_ = 0;         // start of the first line not yet examined
    std::size_t header_size_ = 0;  // set once the empty line is found
    std::size_t cl_begin_ = 0;     // value span of the Content-Length being read
    std::size_t cl_end_ = 0;
    std::size_t content_length_ = 0;
    HeaderState state_ = HeaderState::StartLine;
    bool has_content_length_ = false;
    bool headers_done_ = false;

    // A lone CRLF was just reported as Pong; a CRLF right after it completes a Ping.
    bool after_crlf_ = false;
    bool failed_ = false;
    ParseError error_;
};

}  // namespace dialtone::message
