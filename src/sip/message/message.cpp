#include "dialtone/sip/message/message.hpp"

#include <algorithm>

#include "dialtone/sip/message/value_list.hpp"
#include "sip/message/char_class.hpp"

namespace dialtone::message {

void Message::reset_index() {
    std::fill(std::begin(first_), std::end(first_), kNone);
}

void Message::reindex() {
    reset_index();
    std::uint16_t last[kHeaderIdCount] = {};
    for (std::size_t i = 0; i < slots_.size(); ++i) {
        HeaderSlot& s = slots_[i];
        s.next_same = kNone;
        if (s.removed || s.id == HeaderId::Unknown) continue;
        const auto index = static_cast<std::uint16_t>(i);
        if (first_[idx(s.id)] == kNone) {
            first_[idx(s.id)] = index;
        } else {
            slots_[last[idx(s.id)]].next_same = index;
        }
        last[idx(s.id)] = index;
    }
}

Message Message::request(std::string_view method, std::string_view request_uri) {
    Message m;
    m.kind_ = Kind::Request;
    m.method_ = method_from_name(method);
    m.buf_.reserve(512);
    m.method_text_ = m.append_text(method);
    m.ruri_ = m.append_text(request_uri);
    m.version_ = m.append_text("SIP/2.0");
    m.start_line_edited_ = true;
    return m;
}

Message Message::response(int status, std::string_view reason) {
    Message m;
    m.kind_ = Kind::Response;
    m.status_ = static_cast<std::uint16_t>(status);
    m.buf_.reserve(512);
    m.version_ = m.append_text("SIP/2.0");
    m.reason_ = m.append_text(reason.empty() ? default_reason(status) : reason);
    m.start_line_edited_ = true;
    return m;
}

namespace {

std::string_view shift(std::string_view v, std::ptrdiff_t delta) {
    return v.data() == nullptr ? v : std::string_view(v.data() + delta, v.size());
}

}  // namespace

Result<Uri> Message::request_uri() const {
    if (!is_request()) return ParseError{0, "a response has no Request-URI"};
    if (ruri_base_ == nullptr) return parse_uri(request_uri_text(), false);
    Uri u = ruri_parsed_;
    const std::ptrdiff_t d = buf_.data() - ruri_base_;
    if (d != 0) {
        for (std::string_view* v : {&u.text, &u.scheme_text, &u.user, &u.password, &u.host.text,
                                    &u.params, &u.headers, &u.opaque})
            *v = shift(*v, d);
    }
    return u;
}

std::string_view Message::name_of(const HeaderSlot& s) const {
    if (s.name_len == 0) return header_info(s.id).name;
    return view(s.name_off, s.name_len);
}

std::size_t Message::count(HeaderId id) const {
    std::size_t n = 0;
    for (std::size_t i = first_slot(id); i < slots_.size(); i = slots_[i].next_same)
        ++n;
    return n;
}

std::string_view Message::header(std::string_view name) const {
    const HeaderId id = header_id_from_name(name);
    if (id != HeaderId::Unknown) return header(id);
    for (const HeaderSlot& s : slots_)
        if (!s.removed && s.id == HeaderId::Unknown && chars::iequals(name_of(s), name))
            return value_of(s);
    return {};
}

bool Message::ValueCursor::next_split(std::string_view& element) {
    while (line_.done() || !line_.next(element)) {
        // kNone ends the chain; the pointer compare (no division by the slot size) guards
        // against an index past the slots all the same.
        if (slot_ == kNone) return false;
        const HeaderSlot* const at = m_->slots_.data() + slot_;
        if (at >= m_->slots_.data() + m_->slots_.size()) return false;
        const HeaderSlot& s = *at;
        slot_ = s.next_same;
        if (s.one_element || !split_) {
            // The parser trimmed the value and saw no ',' in it, or the header is no list:
            // the line is the only element.
            element = s.value_len != 0 ? m_->value_of(s) : std::string_view{};
            return true;
        }
        line_ = ValueListCursor(m_->value_of(s));
        if (line_.done()) {  // an empty header value is one empty element
            element = {};
            return true;
        }
    }
    return true;
}

Result<Via> Message::top_via() const {
    std::string_view v;
    ValueCursor cur = values(HeaderId::Via);
    if (!cur.next(v)) return ParseError{400, "missing Via header"};
    return parse_via(v);
}

Result<std::uint32_t> Message::max_forwards() const {
    if (!has(HeaderId::MaxForwards)) return ParseError{400, "missing Max-Forwards header"};
    auto r = parse_uint(header(HeaderId::MaxForwards), 255);
    if (!r) return ParseError{400, "Max-Forwards is not a number from 0 to 255"};
    return r;
}

// --- editing ---

Message::Span Message::append_text(std::string_view text) {
    const auto off = static_cast<std::uint32_t>(buf_.size());
    buf_.append(text.data(), text.size());
    return {off, static_cast<std::uint32_t>(text.size())};
}

void Message::insert_slot(std::size_t pos, HeaderId id, std::string_view name,
                          std::string_view value) {
    HeaderSlot s;
    s.id = id;
    if (id == HeaderId::Unknown) {
        const Span n = append_text(name);
        s.name_off = n.off;
        s.name_len = static_cast<std::uint16_t>(n.len);
    }
    const Span v = append_text(value);
    s.value_off = v.off;
    s.value_len = v.len;
    slots_.insert(slots_.begin() + static_cast<std::ptrdiff_t>(pos), s);
    reindex();
}

void Message::edit_value(std::size_t i, std::string_view new_value) {
    const Span v = append_text(new_value);
    HeaderSlot& s = slots_[i];
    s.value_off = v.off;
    s.value_len = v.len;
    s.line_len = 0;
    s.one_element = false;
    if (s.id != HeaderId::Unknown) s.name_len = 0;  // write the canonical name
}

std::size_t Message::first_position_for(HeaderId id) const {
    const std::uint16_t i = first_slot(id);
    return i == kNone ? 0 : i;
}

void Message::push_via(std::string_view via_value) {
    // A new Via goes above all others; the top of the header section is always above them.
    insert_slot(first_position_for(HeaderId::Via), HeaderId::Via, {}, via_value);
}

bool Message::pop_first_element(HeaderId id) {
    const std::uint16_t i = first_slot(id);
    if (i == kNone) return false;
    HeaderSlot& s = slots_[i];
    ValueListCursor cur(value_of(s));
    std::string_view first;
    cur.next(first);
    if (cur.done()) {
        s.removed = true;
        reindex();
        return true;
    }
    // The rest of the line stays where it is: repoint the slot, copy nothing.
    const std::string_view tail = trim_lws(cur.rest());
    s.value_off = static_cast<std::uint32_t>(tail.data() - buf_.data());
    s.value_len = static_cast<std::uint32_t>(tail.size());
    s.one_element = false;
    s.line_len = 0;
    if (s.id != HeaderId::Unknown) s.name_len = 0;
    return true;
}

bool Message::pop_via() {
    return pop_first_element(HeaderId::Via);
}

bool Message::decrement_max_forwards() {
    const std::uint16_t i = first_slot(HeaderId::MaxForwards);
    if (i == kNone) return false;
    auto mf = max_forwards();
    if (!mf || *mf == 0) return false;
    char digits[4];
    const std::uint32_t n = *mf - 1;
    int len = 0;
    if (n >= 100) digits[len++] = static_cast<char>('0' + n / 100);
    if (n >= 10) digits[len++] = static_cast<char>('0' + (n / 10) % 10);
    digits[len++] = static_cast<char>('0' + n % 10);
    edit_value(i, std::string_view(digits, static_cast<std::size_t>(len)));
    return true;
}

void Message::push_route(std::string_view route_value) {
    insert_slot(has(HeaderId::Route) ? first_position_for(HeaderId::Route) : slots_.size(),
                HeaderId::Route, {}, route_value);
}

bool Message::pop_route() {
    return pop_first_element(HeaderId::Route);
}

void Message::push_record_route(std::string_view value) {
    insert_slot(
        has(HeaderId::RecordRoute) ? first_position_for(HeaderId::RecordRoute) : slots_.size(),
        HeaderId::RecordRoute, {}, value);
}

void Message::set_to_tag(std::string_view tag) {
    const std::uint16_t i = first_slot(HeaderId::To);
    if (i == kNone) return;
    std::string value(value_of(slots_[i]));
    auto to = parse_name_addr(value);
    if (to && to->has_tag) {
        // Replace the existing tag value in place.
        const std::size_t at = static_cast<std::size_t>(to->tag.data() - value.data());
        value.replace(at, to->tag.size(), tag);
    } else {
        value += ";tag=";
        value += tag;
    }
    edit_value(i, value);
}

void Message::set_request_uri(std::string_view uri) {
    ruri_ = append_text(uri);
    ruri_base_ = nullptr;  // parsed again on access
    start_line_edited_ = true;
}

void Message::set_body(std::string_view body, std::string_view content_type) {
    body_ = append_text(body);
    char digits[16];
    int len = 0;
    std::size_t n = body.size();
    do {
        digits[len++] = static_cast<char>('0' + n % 10);
        n /= 10;
    } while (n != 0);
    std::reverse(digits, digits + len);
    set_header(HeaderId::ContentLength, std::string_view(digits, static_cast<std::size_t>(len)));
    if (!content_type.empty()) set_header(HeaderId::ContentType, content_type);
}

void Message::add_header(HeaderId id, std::string_view value) {
    insert_slot(slots_.size(), id, {}, value);
}

void Message::add_header(std::string_view name, std::string_view value) {
    const HeaderId id = header_id_from_name(name);
    insert_slot(slots_.size(), id, id == HeaderId::Unknown ? name : std::string_view{}, value);
}

void Message::set_header(HeaderId id, std::string_view value) {
    const std::uint16_t i = first_slot(id);
    if (i == kNone) {
        add_header(id, value);
        return;
    }
    for (std::size_t k = i + 1; k < slots_.size(); ++k)
        if (slots_[k].id == id) slots_[k].removed = true;
    reindex();
    edit_value(i, value);
}

void Message::remove_header(HeaderId id) {
    for (HeaderSlot& s : slots_)
        if (s.id == id) s.removed = true;
    reindex();
}

// --- serialization ---

std::string_view Message::start_line_text() const {
    return view(start_line_);
}

void Message::append_to(std::string& out) const {
    // The exact size: a transaction keeps its last response for up to 32 s (Timer J), and
    // at thousands a second slack in each adds up to megabytes.
    std::size_t need = body_.len + 4;
    if (!start_line_edited_) {
        need += start_line_text().size();
    } else if (is_request()) {
        need += method_text().size() + 1 + request_uri_text().size() + 8;
    } else {
        need += 12 + reason().size();
    }
    for (const HeaderSlot& s : slots_) {
        if (s.removed) continue;
        need += (s.line_len != 0 ? s.line_len : name_of(s).size() + 2 + s.value_len) + 2;
    }
    out.reserve(out.size() + need);
    if (!start_line_edited_) {
        out.append(start_line_text());
    } else if (is_request()) {
        out.append(method_text()).append(" ").append(request_uri_text()).append(" SIP/2.0");
    } else {
        char code[4] = {static_cast<char>('0' + status_ / 100),
                        static_cast<char>('0' + (status_ / 10) % 10),
                        static_cast<char>('0' + status_ % 10), ' '};
        out.append("SIP/2.0 ").append(code, 4).append(reason());
    }
    out.append("\r\n");
    for (const HeaderSlot& s : slots_) {
        if (s.removed) continue;
        if (s.line_len != 0) {
            out.append(buf_.data() + s.line_off, s.line_len);  // untouched: byte for byte
        } else {
            out.append(name_of(s)).append(": ").append(value_of(s));
        }
        out.append("\r\n");
    }
    out.append("\r\n");
    out.append(body());
}

std::string Message::to_string() const {
    std::string out;
    append_to(out);
    return out;
}

}  // namespace dialtone::message
