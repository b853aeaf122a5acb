#include "dialtone/sip/message/refer_to.hpp"

#include "sip/message/typed_scan.hpp"

namespace dialtone::message {

Result<NameAddr> parse_refer_to(std::string_view value) {
    if (trim_lws(value).empty()) return detail::bad_request("Refer-To: empty value");
    // A "*" is a Contact form only.
    return parse_name_addr(value, false);
}

Result<ReferredBy> parse_referred_by(std::string_view value) {
    if (trim_lws(value).empty()) return detail::bad_request("Referred-By: empty value");
    auto addr = parse_name_addr(value, false);
    if (!addr) return addr.error();
    ReferredBy out;
    out.address = *addr;
    bool found = false;
    const std::string_view cid = detail::raw_param(out.address.params, "cid", found);
    if (found) {
        // referredby-id-param = "cid" EQUAL sip-clean-msg-id, which is
        // LDQUOT dot-atom "@" ( dot-atom / host ) RDQUOT.
        const std::string_view inner = detail::strip_delims(cid);
        if (cid.size() < 2 || cid.front() != '"' || quoted_string_length(cid) != cid.size() ||
            inner.find('@') == std::string_view::npos) {
            return detail::bad_request("Referred-By: bad cid parameter");
        }
        out.cid = inner;
        out.has_cid = true;
    }
    return out;
}

}  // namespace dialtone::message
