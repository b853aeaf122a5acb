#pragma once
// The softphone's runtime on one worker (a runtime::MessageHandler): it owns the
// transaction layer, the UserAgent on top of it (driven exactly as user_agent.hpp says),
// OutboundRequests for the requests outside the UA core (REGISTER, MESSAGE: RFC 3263
// location and failover), the registration and the call's media. It carries out what they
// ask (sends, timers on the worker's wheel) and turns the UA's events into what the command
// asked for: answer, play, record, send digits, hold, hang up, and a line of progress each.
//
// A graceful stop of the runtime (Ctrl-C, SIGTERM, or the command finishing) reaches
// begin_drain(): calls are hung up (CANCEL before the answer, BYE after) and the binding
// removed (Expires: 0), and work_in_flight() stays above 0 until that is done.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "dialtone/sip/dialog/user_agent.hpp"
#include "dialtone/sip/transaction/transaction_layer.hpp"
#include "runtime/dns_resolver.hpp"
#include "runtime/message_handler.hpp"
#include "runtime/outbound_requests.hpp"
#include "runtime/timer_ids.hpp"
#include "runtime/transaction_timer_ids.hpp"
#include "server/responder.hpp"
#include "ua/call_media.hpp"
#include "ua/phone_settings.hpp"
#include "ua/registration.hpp"

namespace dialtone::ua {

class PhoneHandler final : public runtime::MessageHandler {
  public:
    PhoneHandler(const PhoneSettings& settings, PhoneOutcome& outcome,
                 runtime::WorkerServices& services);
    ~PhoneHandler() override;

    // Begins what the settings ask (register, call, send the MESSAGE) once the listeners
    // are open; on the worker's thread.
    void start();

    void on_message(const runtime::Inbound& message) override;
    std::string on_framing_error(std::string_view head, const message::ParseError& error,
                                 const runtime::Source& source) override;
    void on_timer(std::uint64_t id) override;
    void begin_drain() override;
    std::size_t work_in_flight() const override;

  private:
    struct Call {
        dialog::CallHandle handle;
        bool outgoing = false;
        bool answered = false;
        std::unique_ptr<CallMedia> media;
        std::vector<std::uint64_t> timers;  // app timers to cancel when it ends
    };

    // --- runtime glue (phone_handler.cpp) ---
    void begin(const std::string& local_ip);
    void execute(std::vector<transaction::Action>& actions);
    void run_ua(std::vector<dialog::UaAction>& actions);
    void send_ua_request(dialog::SendRequest& request, std::vector<dialog::UaAction>& more);
    std::optional<transport::Endpoint> destination(std::string_view uri) const;
    std::uint64_t after(std::chrono::nanoseconds delay, std::function<void()> fn);
    void cancel(std::uint64_t id);
    runtime::SendOptions client_send_options(transaction::ClientHandle txn);
    void print(const std::string& line) const;
    void fail(const std::string& line);
    void finish();
    static transaction::Instant now();
    template <class F>
    void ua_input(F&& f) {
        std::vector<dialog::UaAction> out;
        f(out);
        run_ua(out);
    }

    // --- calls (phone_calls.cpp) ---
    void on_ua_event(dialog::UaAction& event);
    void place_call();
    void on_incoming(const dialog::IncomingCall& call);
    void answer_call(dialog::CallHandle handle);
    void on_answered(const dialog::Answered& answered);
    void on_media_updated(const dialog::MediaUpdated& updated);
    void on_ended(const dialog::Ended& ended);
    void send_dtmf(dialog::CallHandle handle);
    void hang_up_all();
    Call* find_call(dialog::CallHandle handle);

    // --- requests outside the UA core (phone_requests.cpp) ---
    void send_register(message::Message request);
    void on_register_response(const runtime::OutboundResponse& response);
    void send_message(std::optional<message::Message> retry = {});
    void on_message_response(const runtime::OutboundResponse& response);
    void answer_message(const transaction::DeliverRequest& d);

    const PhoneSettings& settings_;
    PhoneOutcome& outcome_;
    runtime::WorkerServices& services_;
    server::Responder responder_;
    transaction::TransactionLayer layer_;
    runtime::OutboundRequests outbound_;
    std::optional<dialog::UserAgent> ua_;
    std::optional<Registration> registration_;
    std::optional<auth::DigestClient> message_digest_;
    int message_auth_attempts_ = 0;
    std::uint32_t message_cseq_ = 0;
    std::string message_call_id_, message_tag_;

    std::unique_ptr<runtime::DnsResolver> dns_;
    // First-hop host names resolved at start (the UA's requests need a destination at once).
    std::unordered_map<std::string, transport::Endpoint> resolved_;
    std::string local_ip_;
    std::uint16_t local_port_ = 0;

    std::vector<Call> calls_;
    std::unordered_map<transaction::ClientHandle, bool> ua_clients_;
    std::unordered_map<transaction::ServerHandle, runtime::Source> sources_;
    // Runtime timer ids: the layer's, the UA's, and ours (each a function to run).
    // Three id spaces on the worker's timers: the layer's, the UA core's, the app's (small).
    runtime::TransactionTimerIds layer_timers_{std::uint64_t{1} << 60};
    runtime::TimerIds<dialog::UaTimerId> ua_timers_{std::uint64_t{2} << 60};
    std::unordered_map<std::uint64_t, std::function<void()>> app_timers_;
    std::uint64_t next_timer_ = 1;
    const runtime::Source* current_source_ = nullptr;

    std::size_t lingering_ = 0;      // ended calls whose media still counts late packets
    bool register_pending_ = false;  // a REGISTER awaits its final response
    bool message_pending_ = false;
    bool draining_ = false;
    bool finished_ = false;
    std::shared_ptr<bool> alive_;
};

// A factory for runtime::Server (one worker): makes the handler and reports it through
// `made`, so the command can post start() to it.
runtime::HandlerFactory phone_handlers(const PhoneSettings& settings, PhoneOutcome& outcome,
                                       PhoneHandler*& made);

}  // namespace dialtone::ua
