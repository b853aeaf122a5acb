#include "dialtone/sip/message/lint.hpp"

namespace dialtone::message {

LintVerdict lint_message(std::string_view bytes, const ValidationPolicy& policy,
                         const ParseOptions& options) {
    LintVerdict v;
    auto parsed = Message::parse(bytes, options);
    if (!parsed) {
        v.error = parsed.error();
        v.verdict = parsed.error().malformed ? LintClass::Invalid : LintClass::Refused;
        return v;
    }
    v.message = std::move(*parsed);
    v.error = v.message->is_request() ? validate_request(*v.message, policy)
                                      : validate_response(*v.message, policy);
    if (v.error) v.verdict = v.error->malformed ? LintClass::Invalid : LintClass::Refused;
    return v;
}

std::string LintVerdict::line() const {
    switch (verdict) {
        case LintClass::Valid:
            return "valid";
        case LintClass::Invalid:
            return "invalid: " + error->description();
        case LintClass::Refused:
            if (error->status == 0) return "valid, but a server drops it: " + error->description();
            return "valid, but a server answers " + std::to_string(error->status) + " " +
                   error->reason_phrase();
    }
    return "invalid";
}

}  // namespace dialtone::message
