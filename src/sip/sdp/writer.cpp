// SessionDescription::to_string: RFC 4566 §5 order, CRLF line ends, and every unknown line
// right after the known line it followed when parsed. The order of the known lines is also
// spelled out in line_order.cpp; keep the two in step.

#include <array>

#include "dialtone/sip/sdp/session_description.hpp"
#include "sip/sdp/text.hpp"

namespace dialtone::sdp {

namespace {

class SectionWriter {
  public:
    SectionWriter(std::string& out, const std::vector<ExtraLine>& extras)
        : out_(out), extras_(extras), written_(extras.size(), false) {
        // Bucket the unknown lines by anchor so each known line finds its own directly.
        for (std::size_t i = 0; i < extras.size(); ++i) {
            const ExtraLine& e = extras[i];
            if (e.after_type < 'a' || e.after_type > 'z' || e.after_ordinal == 0) continue;
            auto& by_ordinal = anchored_[static_cast<std::size_t>(e.after_type - 'a')];
            if (by_ordinal.size() < e.after_ordinal) by_ordinal.resize(e.after_ordinal);
            by_ordinal[e.after_ordinal - 1].push_back(i);
        }
    }

    void put(char type, std::string_view value) {
        append(type, value);
        if (type < 'a' || type > 'z') return;
        const auto t = static_cast<std::size_t>(type - 'a');
        const std::uint32_t ordinal = ++counts_[t];
        if (ordinal > anchored_[t].size()) return;
        for (std::size_t i : anchored_[t][ordinal - 1]) {
            append(extras_[i].type, extras_[i].value);
            written_[i] = true;
        }
    }

    // Unknown lines whose anchor is gone (the model was edited) end the section.
    void finish() {
        for (std::size_t i = 0; i < extras_.size(); ++i)
            if (!written_[i]) append(extras_[i].type, extras_[i].value);
    }

  private:
    void append(char type, std::string_view value) {
        out_ += type;
        out_ += '=';
        out_ += value;
        out_ += "\r\n";
    }

    std::string& out_;
    const std::vector<ExtraLine>& extras_;
    std::vector<bool> written_;
    std::array<std::uint32_t, 26> counts_{};
    std::array<std::vector<std::vector<std::size_t>>, 26> anchored_;
};

std::string connection_text(const Connection& c) {
    return c.nettype + " " + c.addrtype + " " + c.address;
}

std::string bandwidth_text(const Bandwidth& b) {
    return b.type + ":" + text::decimal(b.value);
}

std::string attribute_text(const Attribute& a) {
    return a.has_value ? a.name + ":" + a.value : a.name;
}

void write_media(std::string& out, const MediaDescription& m) {
    SectionWriter w(out, m.extra_lines);
    std::string line = m.media + " " + text::decimal(m.port);
    if (m.port_count) line += "/" + text::decimal(*m.port_count);
    line += " " + m.proto;
    for (const std::string& f : m.formats)
        line += " " + f;
    w.put('m', line);
    if (m.title) w.put('i', *m.title);
    for (const Connection& c : m.connections)
        w.put('c', connection_text(c));
    for (const Bandwidth& b : m.bandwidths)
        w.put('b', bandwidth_text(b));
    if (m.key) w.put('k', *m.key);
    for (const Attribute& a : m.attributes)
        w.put('a', attribute_text(a));
    w.finish();
}

}  // namespace

std::string SessionDescription::to_string() const {
    std::string out;
    out.reserve(512);
    SectionWriter w(out, extra_lines);
    w.put('v', "0");
    const Origin& o = origin;
    w.put('o', o.username + " " + o.session_id + " " + o.session_version + " " + o.nettype + " " +
                   o.addrtype + " " + o.address);
    if (session_name) w.put('s', *session_name);
    if (information) w.put('i', *information);
    if (uri) w.put('u', *uri);
    for (const std::string& e : emails)
        w.put('e', e);
    for (const std::string& p : phones)
        w.put('p', p);
    if (connection) w.put('c', connection_text(*connection));
    for (const Bandwidth& b : bandwidths)
        w.put('b', bandwidth_text(b));
    for (const Timing& t : timings) {
        w.put('t', text::decimal(t.start) + " " + text::decimal(t.stop));
        for (const std::string& r : t.repeats)
            w.put('r', r);
    }
    if (zone_adjustments) w.put('z', *zone_adjustments);
    if (key) w.put('k', *key);
    for (const Attribute& a : attributes)
        w.put('a', attribute_text(a));
    w.finish();
    for (const MediaDescription& m : media)
        write_media(out, m);
    return out;
}

}  // namespace dialtone::sdp
