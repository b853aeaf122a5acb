// The softphone's call behaviour on top of the UA core's events: place the call or take
// one, answer with our media, start and follow the RTP stream, send digits, hold and
// resume, hang up after --duration, print progress and the media statistics at the end.

#include <algorithm>
#include <chrono>
#include <memory>
#include <sstream>

#include "ua/phone_handler.hpp"

namespace dialtone::ua {

namespace {

constexpr std::chrono::milliseconds kMediaLinger{200};

std::string end_reason_text(dialog::EndReason r) {
    switch (r) {
        case dialog::EndReason::LocalHangup:
            return "local hangup";
        case dialog::EndReason::RemoteHangup:
            return "remote hangup";
        case dialog::EndReason::Cancelled:
            return "cancelled by the caller";
        case dialog::EndReason::Rejected:
            return "rejected";
        case dialog::EndReason::Timeout:
            return "timeout";
        case dialog::EndReason::TransportError:
            return "transport error";
        case dialog::EndReason::SessionExpired:
            return "session expired";
        case dialog::EndReason::DialogGone:
            return "dialog gone";
        case dialog::EndReason::ForkedExtra:
            return "extra fork";
    }
    return "ended";
}

std::string describe_audio(const sdp::NegotiatedSession& session) {
    for (const sdp::NegotiatedStream& s : session.streams) {
        if (s.media != "audio") continue;
        if (!s.active) return "audio rejected";
        std::string out = std::string(sdp::direction_name(s.direction));
        if (const sdp::NegotiatedCodec* c = s.send_codec()) {
            out += " " + c->name + "/" + std::to_string(c->clock_rate);
        }
        out += " to " + s.remote_rtp.address + ":" + std::to_string(s.remote_rtp.port);
        if (s.telephone_event) out += ", telephone-event";
        return out;
    }
    return "no audio";
}

}  // namespace

PhoneHandler::Call* PhoneHandler::find_call(dialog::CallHandle handle) {
    auto it = std::find_if(calls_.begin(), calls_.end(),
                           [&](const Call& c) { return c.handle == handle; });
    return it == calls_.end() ? nullptr : &*it;
}

void PhoneHandler::place_call() {
    auto media = CallMedia::open(services_.io_context(), settings_, local_ip_);
    if (!media) {
        fail("media: " + media.error());
        return finish();
    }
    dialog::CallOptions options;
    options.target = settings_.target;
    options.media = (*media)->capabilities();
    options.delayed_offer = settings_.delayed_offer;
    std::vector<dialog::UaAction> out;
    auto handle = ua_->invite(options, now(), out);
    if (!handle) {
        fail("cannot call " + settings_.target + ": " + handle.error().description());
        return finish();
    }
    Call call;
    call.handle = *handle;
    call.outgoing = true;
    call.media = std::move(*media);
    call.media->on_digit(
        [this](char digit) { print(std::string("dtmf digit=") + digit + " via=rfc4733"); });
    calls_.push_back(std::move(call));
    print("calling " + settings_.target + (settings_.delayed_offer ? " (no offer)" : ""));
    run_ua(out);
}

void PhoneHandler::on_ua_event(dialog::UaAction& event) {
    if (auto* in = std::get_if<dialog::IncomingCall>(&event)) return on_incoming(*in);
    if (auto* p = std::get_if<dialog::Progress>(&event)) {
        const char* what = p->status == 180 || p->status == 182 ? "ringing" : "progress";
        print(std::string(what) + ": " + std::to_string(p->status) + " " + p->reason);
        if (p->early_media) {
            if (Call* c = find_call(p->call)) {
                std::string error;
                if (c->media->apply(*p->early_media, error)) {
                    print("early media: " + describe_audio(*p->early_media));
                } else {
                    print("early media: " + error);
                }
            }
        }
        return;
    }
    if (auto* a = std::get_if<dialog::Answered>(&event)) return on_answered(*a);
    if (auto* m = std::get_if<dialog::MediaUpdated>(&event)) return on_media_updated(*m);
    if (auto* f = std::get_if<dialog::ModifyFailed>(&event)) {
        print("modify failed: " + std::to_string(f->status) + " (the session stays as it was)");
        return;
    }
    if (auto* e = std::get_if<dialog::Ended>(&event)) return on_ended(*e);
    if (auto* d = std::get_if<dialog::DtmfInfo>(&event)) {
        print(std::string("dtmf digit=") + d->digit +
              " via=info duration=" + std::to_string(d->duration_ms));
        return;
    }
}

void PhoneHandler::on_incoming(const dialog::IncomingCall& in) {
    print("incoming call from " + in.from + (in.has_offer ? "" : " (no offer)"));
    if (draining_ || !calls_.empty()) {
        ua_input([&](auto& out) { ua_->reject(in.call, 486, now(), out); });
        print("busy: answered 486");
        return;
    }
    auto media = CallMedia::open(services_.io_context(), settings_, local_ip_);
    if (!media) {
        print("media: " + media.error());
        ua_input([&](auto& out) { ua_->reject(in.call, 500, now(), out); });
        return;
    }
    Call call;
    call.handle = in.call;
    call.media = std::move(*media);
    call.media->on_digit(
        [this](char digit) { print(std::string("dtmf digit=") + digit + " via=rfc4733"); });
    calls_.push_back(std::move(call));
    ua_input([&](auto& out) { ua_->ringing(in.call, now(), out); });
    if (!settings_.auto_answer) {
        print("ringing (answer with --auto-answer; Ctrl-C to stop)");
        return;
    }
    const dialog::CallHandle handle = in.call;
    find_call(handle)->timers.push_back(
        after(settings_.answer_delay, [this, handle] { answer_call(handle); }));
}

void PhoneHandler::answer_call(dialog::CallHandle handle) {
    Call* c = find_call(handle);
    if (c == nullptr) return;
    const sdp::MediaCapabilities caps = c->media->capabilities();
    dialog::OpStatus status = dialog::OpStatus::Ok;
    ua_input([&](auto& out) { status = ua_->answer(handle, caps, now(), out); });
    print("answering: " + std::string(dialog::op_status_name(status)));
    // RFC 3264 §6: once the answer is sent, the answerer must be ready to receive media,
    // and the caller starts sending as soon as its 200 arrives, before our ACK does.
    c = find_call(handle);
    auto info = ua_->call_info(handle);
    if (c != nullptr && info && info->session) {
        std::string error;
        if (!c->media->apply(*info->session, error)) print("media: " + error);
    }
}

void PhoneHandler::on_answered(const dialog::Answered& a) {
    Call* c = find_call(a.call);
    if (c == nullptr) return;
    c->answered = true;
    outcome_.answered = true;
    outcome_.final_status = 200;
    print("answered: " + describe_audio(a.session));
    std::string error;
    if (!c->media->apply(a.session, error)) print("media: " + error);
    const dialog::CallHandle handle = a.call;
    if (settings_.duration) {
        c->timers.push_back(after(*settings_.duration, [this, handle] {
            print("hanging up after " + std::to_string(settings_.duration->count()) + " ms");
            if (Call* call = find_call(handle)) call->media->stop();
            ua_input([&](auto& out) { ua_->hangup(handle, now(), out); });
        }));
    }
    if (!settings_.dtmf.empty()) {
        c->timers.push_back(after(settings_.dtmf_delay, [this, handle] { send_dtmf(handle); }));
    }
    if (settings_.hold_after) {
        c->timers.push_back(after(*settings_.hold_after, [this, handle] {
            dialog::OpStatus s = dialog::OpStatus::Ok;
            ua_input([&](auto& out) { s = ua_->hold(handle, now(), out); });
            print("hold: " + std::string(dialog::op_status_name(s)));
        }));
    }
    if (settings_.resume_after) {
        c->timers.push_back(after(*settings_.resume_after, [this, handle] {
            dialog::OpStatus s = dialog::OpStatus::Ok;
            ua_input([&](auto& out) { s = ua_->resume(handle, now(), out); });
            print("resume: " + std::string(dialog::op_status_name(s)));
        }));
    }
}

void PhoneHandler::send_dtmf(dialog::CallHandle handle) {
    Call* c = find_call(handle);
    if (c == nullptr) return;
    if (!settings_.dtmf_info) {
        std::string error;
        c->media->send_digits(settings_.dtmf, error);
        print(error.empty() ? "dtmf sent digits=" + settings_.dtmf + " via=rfc4733"
                            : "dtmf: " + error);
        return;
    }
    // One INFO per digit (application/dtmf-relay), each after the last one's duration.
    const std::chrono::milliseconds step(250);
    for (std::size_t i = 0; i < settings_.dtmf.size(); ++i) {
        const char digit = settings_.dtmf[i];
        c->timers.push_back(after(step * static_cast<int>(i), [this, handle, digit] {
            dialog::OpStatus s = dialog::OpStatus::Ok;
            ua_input([&](auto& out) { s = ua_->send_dtmf_info(handle, digit, 160, now(), out); });
            print(std::string("dtmf sent digit=") + digit + " via=info " +
                  std::string(dialog::op_status_name(s)));
        }));
    }
}

void PhoneHandler::on_media_updated(const dialog::MediaUpdated& m) {
    Call* c = find_call(m.call);
    if (c == nullptr) return;
    print(std::string("media updated") + (m.by_peer ? " by the peer" : "") + ": " +
          describe_audio(m.session));
    std::string error;
    if (!c->media->apply(m.session, error)) print("media: " + error);
}

void PhoneHandler::on_ended(const dialog::Ended& e) {
    Call* c = find_call(e.call);
    std::string line = "ended: " + end_reason_text(e.reason);
    if (e.status != 0) line += " (" + std::to_string(e.status) + ")";
    if (c == nullptr) {
        print(line);
        return;
    }
    for (std::uint64_t t : c->timers)
        cancel(t);
    if (c->outgoing && !c->answered) outcome_.final_status = e.status;
    c->media->stop();
    std::shared_ptr<CallMedia> media(std::move(c->media));
    const bool outgoing = c->outgoing;
    calls_.erase(calls_.begin() + (c - calls_.data()));
    ++lingering_;
    // RTP the peer sent before the call ended may still wait on the RTP socket behind the
    // SIP message that ended it: count it before the statistics are read.
    after(kMediaLinger, [this, media, line, outgoing] {
        --lingering_;
        media->close();
        const std::string stats = media->statistics();
        if (!stats.empty()) {
            print("media statistics:");
            std::istringstream lines(stats);
            for (std::string l; std::getline(lines, l);)
                print("  " + l);
        }
        print(line);
        ++outcome_.calls_ended;
        if ((settings_.mode == PhoneMode::Call && outgoing) ||
            (settings_.max_calls > 0 && outcome_.calls_ended >= settings_.max_calls)) {
            finish();
        }
    });
}

void PhoneHandler::hang_up_all() {
    std::vector<dialog::CallHandle> handles;
    for (const Call& c : calls_)
        handles.push_back(c.handle);
    for (dialog::CallHandle h : handles) {
        print("hanging up");
        if (Call* c = find_call(h)) c->media->stop();
        ua_input([&](auto& out) { ua_->hangup(h, now(), out); });
    }
}

}  // namespace dialtone::ua
