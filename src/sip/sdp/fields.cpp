#include "dialtone/sip/sdp/fields.hpp"

#include "sip/sdp/text.hpp"

namespace dialtone::sdp {

std::string_view Connection::host() const {
    const std::string_view a = address;
    return a.substr(0, a.find('/'));
}

bool Connection::is_unspecified() const {
    const std::string_view h = host();
    return h == "0.0.0.0" || h == "::" || h == "0:0:0:0:0:0:0:0";
}

const Attribute* find_attribute(const std::vector<Attribute>& attributes, std::string_view name) {
    for (const Attribute& a : attributes)
        if (text::iequals(a.name, name)) return &a;
    return nullptr;
}

}  // namespace dialtone::sdp
