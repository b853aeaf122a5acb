#include "sip/dialog/uas_checks.hpp"

#include <string>

#include "dialtone/sip/message/content_type.hpp"
#include "dialtone/sip/message/token_list.hpp"
#include "sip/dialog/builders.hpp"

namespace dialtone::dialog {

using message::HeaderId;
using message::Message;
using message::Method;

namespace {

bool handled(Method m) {
    switch (m) {
        case Method::Invite:
        case Method::Ack:
        case Method::Cancel:
        case Method::Bye:
        case Method::Options:
        case Method::Update:
        case Method::Prack:
        case Method::Info:
            return true;
        default:
            return false;
    }
}

}  // namespace

std::optional<Message> uas_precheck(const Message& request, std::string_view supported) {
    const Method method = request.method();
    if (!handled(method)) {
        Message r = make_response(request, 405);
        r.add_header(HeaderId::Allow, kAllow);
        return r;
    }
    if (method != Method::Ack && method != Method::Cancel && request.has(HeaderId::Require)) {
        std::string unsupported;
        auto cursor = request.values(HeaderId::Require);
        std::string_view line;
        while (cursor.next(line)) {
            message::TokenListCursor tokens(line);
            std::string_view tag;
            while (tokens.next(tag)) {
                if (message::contains_token(supported, tag)) continue;
                if (!unsupported.empty()) unsupported += ", ";
                unsupported += tag;
            }
            if (tokens.failed()) return make_response(request, 400, {}, "Bad Require");
        }
        if (!unsupported.empty()) {
            Message r = make_response(request, 420);
            r.add_header(HeaderId::Unsupported, unsupported);
            return r;
        }
    }
    if (!request.body().empty() && request.has(HeaderId::ContentType)) {
        auto ct = message::parse_content_type(request.header(HeaderId::ContentType));
        const bool info = method == Method::Info;
        bool ok = false;
        if (ct.ok()) {
            ok = info ? (ct->is("application", "dtmf-relay") || ct->is("application", "dtmf"))
                      : ct->is("application", "sdp");
        }
        if (!ok) {
            Message r = make_response(request, 415);
            r.add_header(HeaderId::Accept, info ? kAcceptInfo : kAcceptSdp);
            return r;
        }
    }
    if (request.has(HeaderId::ContentEncoding) && !request.body().empty()) {
        // §8.2.3: we understand no content coding.
        Message r = make_response(request, 415);
        r.add_header(HeaderId::AcceptEncoding, "identity");
        return r;
    }
    return std::nullopt;
}

}  // namespace dialtone::dialog
