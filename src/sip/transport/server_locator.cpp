#include "dialtone/sip/transport/server_locator.hpp"

#include <algorithm>

namespace dialtone::transport {

namespace {

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

// RFC 3263 §4.1 / IANA "SIP NAPTR services": the services this client can follow. A sips
// URI keeps only SIPS records; a sip URI keeps SIPS+D2T too (TLS is allowed for sip).
std::optional<Transport> naptr_transport(std::string_view service, bool secure) {
    if (iequals(service, "SIPS+D2T")) return Transport::Tls;
    if (secure) return std::nullopt;
    if (iequals(service, "SIP+D2U")) return Transport::Udp;
    if (iequals(service, "SIP+D2T")) return Transport::Tcp;
    return std::nullopt;
}

// RFC 3263 §4.1: "_sips" for TLS (also when a sip URI wants TLS), "_sip" otherwise.
std::string srv_name_for(Transport t, const std::string& domain) {
    switch (t) {
        case Transport::Udp:
            return "_sip._udp." + domain;
        case Transport::Tcp:
            return "_sip._tcp." + domain;
        default:
            return "_sips._tcp." + domain;
    }
}

std::string failure_text(const DnsAnswer& a) {
    std::string out(dns_type_name(a.query.type));
    out += ' ';
    out += a.query.name;
    out += ": ";
    out += a.error.empty() ? "lookup failed" : a.error;
    return out;
}

std::size_t record_count(const DnsAnswer& a) {
    return a.naptr.size() + a.srv.size() + a.addresses.size();
}

}  // namespace

ServerLocator::ServerLocator(LocateRequest request, LocatorOptions options, RandomSource random)
    : request_(std::move(request)), options_(options), random_(std::move(random)) {
    start();
}

void ServerLocator::start() {
    const bool pinned = request_.transport.has_value();
    if (pinned && !options_.supports(*request_.transport)) {
        problems_.push_back("transport " + std::string(uri_token(*request_.transport)) +
                            " is not enabled here");
        phase_ = Phase::Done;
        return;
    }
    // §4.1: a numeric target or an explicit port needs no NAPTR/SRV; without a transport
    // parameter it means UDP for sip and TLS over TCP for sips.
    if (request_.numeric) {
        const Transport t = fallback_transport();
        if (!options_.supports(t)) {
            problems_.push_back("no enabled transport for this URI");
        } else {
            ResolvedTarget target;
            target.endpoint = Endpoint{t, request_.target, request_.port.value_or(default_port(t))};
            target.transport_pinned = pinned;
            targets_.push_back(std::move(target));
        }
        phase_ = Phase::Done;
        return;
    }
    if (request_.port) {
        const Transport t = fallback_transport();
        if (!options_.supports(t)) {
            problems_.push_back("no enabled transport for this URI");
            phase_ = Phase::Done;
            return;
        }
        host_plan_.push_back(HostPlan{request_.target, *request_.port, t, {}, {}});
        ask_addresses();
        return;
    }
    if (pinned) {
        // §4.2: "the client performs an SRV query for that specific transport".
        srv_plan_.push_back(
            SrvPlan{srv_name_for(*request_.transport, request_.target), *request_.transport, {}});
        phase_ = Phase::Srv;
        ask(DnsQuery{srv_plan_.back().name, DnsType::Srv});
        return;
    }
    phase_ = Phase::Naptr;
    ask(DnsQuery{request_.target, DnsType::Naptr});
}

// The transport when neither the URI nor NAPTR/SRV chose one (§4.1: "UDP for a SIP URI,
// and TCP for a SIPS URI", TCP carrying TLS). A client without UDP falls back to TCP.
Transport ServerLocator::fallback_transport() const {
    if (request_.transport) return *request_.transport;
    if (request_.secure) return Transport::Tls;
    if (!options_.udp && options_.tcp) return Transport::Tcp;
    if (!options_.udp && !options_.tcp && options_.tls) return Transport::Tls;
    return Transport::Udp;
}

void ServerLocator::ask(DnsQuery query) {
    query.name = normalize_dns_name(query.name);
    if (std::find(asked_.begin(), asked_.end(), query) != asked_.end()) return;
    asked_.push_back(query);
    to_ask_.push_back(std::move(query));
    ++unanswered_;
}

std::vector<DnsQuery> ServerLocator::take_queries() {
    std::vector<DnsQuery> out;
    out.swap(to_ask_);
    return out;
}

const DnsAnswer* ServerLocator::answer_to(const DnsQuery& query) const {
    for (const DnsAnswer& a : answers_) {
        if (a.query == query) return &a;
    }
    return nullptr;
}

bool ServerLocator::on_answer(const DnsAnswer& answer) {
    if (phase_ == Phase::Done) return false;
    DnsQuery query{normalize_dns_name(answer.query.name), answer.query.type};
    if (std::find(asked_.begin(), asked_.end(), query) == asked_.end()) return false;
    if (answer_to(query) != nullptr) return false;
    std::erase(to_ask_, query);
    answers_.push_back(answer);
    answers_.back().query = query;
    steps_.push_back(LookupStep{query, answer.status, record_count(answer), answer.error});
    if (answer.status == DnsStatus::Failed) problems_.push_back(failure_text(answers_.back()));
    if (--unanswered_ == 0) advance();
    return true;
}

void ServerLocator::advance() {
    switch (phase_) {
        case Phase::Naptr:
            after_naptr();
            break;
        case Phase::Srv:
            after_srv();
            break;
        case Phase::Address:
            after_address();
            break;
        case Phase::Done:
            break;
    }
}

void ServerLocator::after_naptr() {
    const DnsAnswer* a = answer_to(DnsQuery{request_.target, DnsType::Naptr});
    std::vector<const NaptrRecord*> usable;
    if (a != nullptr && a->status == DnsStatus::Ok) {
        for (const NaptrRecord& r : a->naptr) {
            // RFC 3263 §4.1: terminal "s" records name the SRV to query next.
            const std::optional<Transport> t = naptr_transport(r.service, request_.secure);
            if (!iequals(r.flags, "s") || !t || !options_.supports(*t)) continue;
            const std::string replacement = normalize_dns_name(r.replacement);
            if (replacement.empty()) continue;
            usable.push_back(&r);
        }
        if (usable.empty() && !a->naptr.empty()) {
            problems_.push_back("NAPTR records for " + request_.target +
                                " name no service this client supports");
        }
    }
    std::stable_sort(usable.begin(), usable.end(), [](const NaptrRecord* x, const NaptrRecord* y) {
        return x->order != y->order ? x->order < y->order : x->preference < y->preference;
    });
    for (const NaptrRecord* r : usable) {
        std::string name = normalize_dns_name(r->replacement);
        const bool seen = std::any_of(srv_plan_.begin(), srv_plan_.end(),
                                      [&](const SrvPlan& p) { return p.name == name; });
        if (seen) continue;
        if (srv_plan_.size() == options_.max_srv_names) {
            problems_.push_back("NAPTR records for " + request_.target + " beyond the first " +
                                std::to_string(options_.max_srv_names) + " SRV names ignored");
            break;
        }
        srv_plan_.push_back(SrvPlan{std::move(name), *naptr_transport(r->service, request_.secure),
                                    NaptrStep{r->order, r->preference, r->service}});
    }
    if (srv_plan_.empty()) plan_srv_fallback();
    if (srv_plan_.empty()) {
        plan_host_fallback();
        return;
    }
    phase_ = Phase::Srv;
    for (const SrvPlan& p : srv_plan_)
        ask(DnsQuery{p.name, DnsType::Srv});
}

// §4.1: "If no NAPTR records are found, the client constructs SRV queries for those
// transport protocols it supports" with "_sip" for SIP URIs and "_sips" for SIPS URIs.
void ServerLocator::plan_srv_fallback() {
    const Transport order[] = {Transport::Udp, Transport::Tcp};
    if (request_.secure) {
        if (options_.tls) {
            srv_plan_.push_back(
                SrvPlan{srv_name_for(Transport::Tls, request_.target), Transport::Tls, {}});
        }
        return;
    }
    for (Transport t : order) {
        if (options_.supports(t))
            srv_plan_.push_back(SrvPlan{srv_name_for(t, request_.target), t, {}});
    }
}

// §4.2: "If no SRV records were found, the client performs an A or AAAA record lookup of
// the domain name" with the default port of the transport.
void ServerLocator::plan_host_fallback() {
    const Transport t = fallback_transport();
    if (!options_.supports(t)) {
        problems_.push_back("no enabled transport for this URI");
        phase_ = Phase::Done;
        return;
    }
    host_plan_.push_back(HostPlan{request_.target, default_port(t), t, {}, {}});
    ask_addresses();
}

void ServerLocator::after_srv() {
    bool any_record = false;
    for (const SrvPlan& plan : srv_plan_) {
        const DnsAnswer* a = answer_to(DnsQuery{plan.name, DnsType::Srv});
        if (a == nullptr || a->status != DnsStatus::Ok || a->srv.empty()) continue;
        any_record = true;
        // RFC 2782: one record with target "." means the service is not offered there.
        if (a->srv.size() == 1 && normalize_dns_name(a->srv.front().target).empty()) {
            problems_.push_back("SRV " + plan.name + ": service not available (target \".\")");
            continue;
        }
        for (SrvRecord& r : order_srv_records(a->srv, random_)) {
            host_plan_.push_back(HostPlan{normalize_dns_name(r.target), r.port, plan.transport,
                                          plan.naptr, SrvStep{plan.name, r.priority, r.weight}});
        }
    }
    if (!any_record) {
        plan_host_fallback();
        return;
    }
    if (host_plan_.empty()) {
        phase_ = Phase::Done;
        return;
    }
    ask_addresses();
}

void ServerLocator::ask_addresses() {
    phase_ = Phase::Address;
    std::vector<std::string> hosts;
    for (const HostPlan& h : host_plan_) {
        if (std::find(hosts.begin(), hosts.end(), h.host) != hosts.end()) continue;
        if (hosts.size() == options_.max_hosts) {
            problems_.push_back("SRV targets beyond the first " +
                                std::to_string(options_.max_hosts) + " hosts ignored");
            break;
        }
        hosts.push_back(h.host);
    }
    std::erase_if(host_plan_, [&](const HostPlan& h) {
        return std::find(hosts.begin(), hosts.end(), h.host) == hosts.end();
    });
    for (const std::string& host : hosts) {
        if (options_.ipv4) ask(DnsQuery{host, DnsType::A});
        if (options_.ipv6) ask(DnsQuery{host, DnsType::Aaaa});
    }
    if (unanswered_ == 0) after_address();  // neither family enabled
}

void ServerLocator::after_address() {
    const DnsType first = options_.ipv6_first ? DnsType::Aaaa : DnsType::A;
    const DnsType second = options_.ipv6_first ? DnsType::A : DnsType::Aaaa;
    for (const HostPlan& h : host_plan_) {
        for (DnsType type : {first, second}) {
            const DnsAnswer* a = answer_to(DnsQuery{h.host, type});
            if (a == nullptr || a->status != DnsStatus::Ok) continue;
            for (const std::string& ip : a->addresses) {
                ResolvedTarget t;
                t.endpoint = Endpoint{h.transport, ip, h.port};
                t.host = h.host;
                t.address_record = type;
                t.naptr = h.naptr;
                t.srv = h.srv;
                t.transport_pinned = request_.transport.has_value();
                // One (transport, address, port) is tried once, at its first place.
                const bool seen =
                    std::any_of(targets_.begin(), targets_.end(),
                                [&](const ResolvedTarget& o) { return o.endpoint == t.endpoint; });
                if (!seen) targets_.push_back(std::move(t));
            }
        }
    }
    phase_ = Phase::Done;
}

}  // namespace dialtone::transport
