#include "server/proxy/best_response.hpp"

#include <string>

#include "server/make_response.hpp"

namespace dialtone::server::proxy {

using message::HeaderId;
using message::Message;

namespace {

bool retry_hint(int status) {
    return status == 401 || status == 407 || status == 415 || status == 420 || status == 484;
}

// Smaller is better.
int rank(int status) {
    if (status >= 600) return 0;
    int r = (status / 100) * 10;
    if (status / 100 == 4 && !retry_hint(status)) r += 5;
    return r;
}

std::string q_text(std::uint16_t q) {
    if (q >= 1000) return "1";
    std::string s = "0.";
    s += static_cast<char>('0' + q / 100);
    if (q % 100 != 0) {
        s += static_cast<char>('0' + (q / 10) % 10);
        if (q % 10 != 0) s += static_cast<char>('0' + q % 10);
    }
    return s;
}

}  // namespace

std::size_t choose_best(const std::vector<BranchFinal>& finals) {
    std::size_t best = 0;
    for (std::size_t i = 1; i < finals.size(); ++i)
        if (rank(finals[i].status) < rank(finals[best].status)) best = i;
    return best;
}

Message best_response(const std::vector<BranchFinal>& finals, const Message& request,
                      std::string_view to_tag) {
    if (finals.empty()) return make_response(request, 408, {}, to_tag);
    const BranchFinal& best = finals[choose_best(finals)];
    if (best.status == 503) return make_response(request, 500, {}, to_tag);
    if (!best.response) return make_response(request, best.status, {}, to_tag);
    Message out = *best.response;
    if (best.status == 401 || best.status == 407) {
        out.remove_header(HeaderId::WwwAuthenticate);
        out.remove_header(HeaderId::ProxyAuthenticate);
        for (const BranchFinal& f : finals) {
            if (!f.response || (f.status != 401 && f.status != 407)) continue;
            for (HeaderId id : {HeaderId::WwwAuthenticate, HeaderId::ProxyAuthenticate}) {
                std::string_view v;
                auto cur = f.response->values(id);
                while (cur.next(v))
                    out.add_header(id, v);
            }
        }
    }
    return out;
}

Message redirect_response(const Message& request, const std::vector<Target>& targets,
                          std::string_view to_tag) {
    Message r = make_response(request, targets.size() > 1 ? 300 : 302, {}, to_tag);
    for (const Target& t : targets) {
        std::string c = "<" + t.uri + ">";
        if (t.q != 1000 || targets.size() > 1) c += ";q=" + q_text(t.q);
        r.add_header(HeaderId::Contact, c);
    }
    return r;
}

}  // namespace dialtone::server::proxy
