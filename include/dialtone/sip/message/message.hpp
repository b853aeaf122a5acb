#pragma once
// A SIP message as a value that owns its bytes (DESIGN.md §2.2). Parsing records where the
// start line, each header and the body lie in the buffer; typed views (Via, NameAddr, ...)
// are parsed from those spans on access. Edits append new text to the buffer and repoint
// or drop header slots, so serializing copies untouched header lines byte for byte.
//
// Views returned by accessors stay valid until the message is edited or destroyed.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "dialtone/sip/message/cseq.hpp"
#include "dialtone/sip/message/header_id.hpp"
#include "dialtone/sip/message/method.hpp"
#include "dialtone/sip/message/name_addr.hpp"
#include "dialtone/sip/message/parse_error.hpp"
#include "dialtone/sip/message/uri.hpp"
#include "dialtone/sip/message/value_list.hpp"
#include "dialtone/sip/message/via.hpp"

namespace dialtone::message {

namespace detail {

// Per-thread cache of freed message blocks (DESIGN.md §2.3, pooled buffers per message): a
// server that parses, handles and drops messages in a steady stream reuses the same few
// blocks instead of going to malloc twice per message. Small blocks only, a few per size;
// the rest go to operator new. Sanitizer builds skip the cache so ASan sees every block.
void* pool_allocate(std::size_t bytes);
void pool_deallocate(void* p, std::size_t bytes) noexcept;

template <class T>
struct PoolAllocator {
    using value_type = T;
    PoolAllocator() = default;
    template <class U>
    PoolAllocator(const PoolAllocator<U>&) noexcept {}
    T* allocate(std::size_t n) { return static_cast<T*>(pool_allocate(n * sizeof(T))); }
    void deallocate(T* p, std::size_t n) noexcept { pool_deallocate(p, n * sizeof(T)); }
    friend bool operator==(const PoolAllocator&, const PoolAllocator&) { return true; }
};

}  // namespace detail

struct ParseOptions {
    // Larger messages are refused with 513 (RFC 3261 §18.1.1 / §21.5.14).
    std::size_t max_size = 65535;
    // Datagram framing (RFC 3261 §18.3): without Content-Length the body is the rest of
    // the datagram, and octets past Content-Length are ignored. When false (a stream
    // framer already cut the message), the body is exactly Content-Length octets.
    bool datagram = true;
};

// One header line as parsed. Offsets into the message buffer, so copies stay valid.
struct HeaderSlot {
    std::uint32_t line_off = 0;  // raw "Name: value" (folding included), no final CRLF
    std::uint32_t line_len = 0;  // 0 when the slot was edited: write name + ": " + value
    std::uint32_t value_off = 0;
    std::uint32_t value_len = 0;
    std::uint32_t name_off = 0;
    std::uint16_t name_len = 0;
    // Index of the next slot with the same (known) id, or 0xffff: list cursors follow it.
    std::uint16_t next_same = 0xffff;
    HeaderId id = HeaderId::Unknown;
    bool removed = false;
    // The parser saw no ',' in the line, so the value is one list element: list cursors
    // skip splitting it. Edited slots leave it false.
    bool one_element = false;
};

class Message {
  public:
    enum class Kind : std::uint8_t { Request, Response };

    // Copies `bytes` and parses them. Fails on anything that breaks the message grammar
    // badly enough that the message cannot be handled; semantic checks live in validate.
    static Result<Message> parse(std::string_view bytes, const ParseOptions& options = {});
    // Starts a request with no headers; add them with add_header().
    static Message request(std::string_view method, std::string_view request_uri);
    // Starts a response with no headers.
    static Message response(int status, std::string_view reason = {});

    // Only the parser can make this key: it builds a message in place inside a Result.
    class ParserKey {
        friend class MessageParser;
        ParserKey() = default;
    };
    explicit Message(ParserKey) : Message() {}

    Kind kind() const { return kind_; }
    bool is_request() const { return kind_ == Kind::Request; }
    bool is_response() const { return kind_ == Kind::Response; }

    // Request line.
    Method method() const { return method_; }
    std::string_view method_text() const { return view(method_text_); }
    std::string_view request_uri_text() const { return view(ruri_); }
    Result<Uri> request_uri() const;
    // Status line.
    int status() const { return status_; }
    std::string_view reason() const { return view(reason_); }

    // Headers in the order they appear, removed ones skipped by the helpers below.
    std::size_t slot_count() const { return slots_.size(); }
    const HeaderSlot& slot(std::size_t i) const { return slots_[i]; }
    std::string_view name_of(const HeaderSlot& s) const;
    std::string_view value_of(const HeaderSlot& s) const { return view(s.value_off, s.value_len); }

    bool has(HeaderId id) const { return first_[idx(id)] != kNone; }
    // Number of header lines (not list elements) with this id.
    std::size_t count(HeaderId id) const;
    // Value of the first line with this id; empty when absent.
    std::string_view header(HeaderId id) const {
        const std::uint16_t i = first_slot(id);
        return i == kNone ? std::string_view{} : value_of(slots_[i]);
    }
    // Case-insensitive lookup of any header by name, known or not.
    std::string_view header(std::string_view name) const;

    // Iterates every list element of a header across all of its lines, in order. A header
    // whose grammar is not a comma list (WWW-Authenticate, Authorization, Date...) gives each
    // line whole: its commas separate parameters, not values.
    class ValueCursor {
      public:
        bool next(std::string_view& element) {
            // Inline for the common line: one element (the parser saw no ',' in it) or a
            // header that is no list, so the caller pays no call for it.
            if (line_.done()) {
                if (slot_ == kNone) return false;
                const HeaderSlot* const at = m_->slots_.data() + slot_;
                if (at < m_->slots_.data() + m_->slots_.size() && (at->one_element || !split_)) {
                    slot_ = at->next_same;
                    element = at->value_len != 0 ? m_->value_of(*at) : std::string_view{};
                    return true;
                }
            }
            return next_split(element);
        }

      private:
        friend class Message;
        // The general case: splits a line into its list elements.
        bool next_split(std::string_view& element);
        ValueCursor(const Message& m, HeaderId id)
            : m_(&m), id_(id), slot_(m.first_slot(id)), split_(kHeaderTable[idx(id)].list) {}
        const Message* m_;
        HeaderId id_;
        std::size_t slot_;
        bool split_;
        ValueListCursor line_{std::string_view{}};
    };
    ValueCursor values(HeaderId id) const { return ValueCursor(*this, id); }

    // Typed views of the headers a proxy or UA reads. Absent headers give an error whose
    // reason names the header.
    Result<Via> top_via() const;
    // The hot ones are inline: a proxy reads them from every message, and the call layer
    // costs more than the few tests around the parse.
    Result<NameAddr> from() const {
        if (!has(HeaderId::From)) return ParseError{400, "missing From header"};
        return parse_name_addr(header(HeaderId::From));
    }
    Result<NameAddr> to() const {
        if (!has(HeaderId::To)) return ParseError{400, "missing To header"};
        return parse_name_addr(header(HeaderId::To));
    }
    std::string_view call_id() const { return header(HeaderId::CallId); }
    Result<CSeq> cseq() const {
        if (!has(HeaderId::CSeq)) return ParseError{400, "missing CSeq header"};
        return parse_cseq(header(HeaderId::CSeq));
    }
    Result<std::uint32_t> max_forwards() const;
    // The first Contact element.
    Result<NameAddr> contact() const {
        std::string_view v;
        ValueCursor cur = values(HeaderId::Contact);
        if (!cur.next(v)) return ParseError{400, "missing Contact header"};
        return parse_name_addr(v, true);
    }
    std::size_t content_length() const { return body_.len; }

    std::string_view body() const { return view(body_); }

    // --- editing (proxies and UAs) ---
    void push_via(std::string_view via_value);
    // Removes the topmost Via element; false when there is none.
    bool pop_via();
    // RFC 3261 §16.6 step 3; false when the header is absent or already 0 (answer 483).
    bool decrement_max_forwards();
    void push_route(std::string_view route_value);
    bool pop_route();
    void push_record_route(std::string_view value);
    void set_to_tag(std::string_view tag);
    void set_request_uri(std::string_view uri);
    // Replaces the body; Content-Length always follows, Content-Type when not empty.
    void set_body(std::string_view body, std::string_view content_type = {});
    // Appends a header line after the existing ones.
    void add_header(HeaderId id, std::string_view value);
    void add_header(std::string_view name, std::string_view value);
    // Replaces all lines of `id` with one line holding `value`.
    void set_header(HeaderId id, std::string_view value);
    void remove_header(HeaderId id);

    // Writes the message as it now stands.
    void append_to(std::string& out) const;
    std::string to_string() const;

  private:
    struct Span {
        std::uint32_t off = 0;
        std::uint32_t len = 0;
    };
    static constexpr std::uint16_t kNone = 0xffff;

    Message() { reset_index(); }
    void reset_index();
    static std::size_t idx(HeaderId id) { return static_cast<std::size_t>(id); }

    std::string_view view(Span s) const { return view(s.off, s.len); }
    std::string_view view(std::uint32_t off, std::uint32_t len) const {
        return std::string_view(buf_.data() + off, len);
    }
    Span append_text(std::string_view text);
    void insert_slot(std::size_t pos, HeaderId id, std::string_view name, std::string_view value);
    void reindex();
    std::string_view start_line_text() const;
    // Index of the first live slot with this id, or kNone.
    std::uint16_t first_slot(HeaderId id) const { return first_[idx(id)]; }
    void edit_value(std::size_t slot_index, std::string_view new_value);
    bool pop_first_element(HeaderId id);
    std::size_t first_position_for(HeaderId id) const;

    friend class MessageParser;

    std::basic_string<char, std::char_traits<char>, detail::PoolAllocator<char>> buf_;
    Kind kind_ = Kind::Request;
    Method method_ = Method::Extension;
    std::uint16_t status_ = 0;
    bool start_line_edited_ = false;
    Span start_line_;
    Span method_text_;
    Span ruri_;
    Span version_;
    Span reason_;
    Span body_;
    std::vector<HeaderSlot, detail::PoolAllocator<HeaderSlot>> slots_;
    // The Request-URI as parse() validated it, views into buf_ as it was at `ruri_base_`;
    // request_uri() shifts them to where buf_ is now (the message may have moved).
    Uri ruri_parsed_;
    const char* ruri_base_ = nullptr;
    std::uint16_t first_[kHeaderIdCount];
};

}  // namespace dialtone::message
