// RFC 3261 §16.7 response processing: 100 Trying at once, provisionals forwarded, every 2xx
// forwarded at once, best-response selection (6xx, 401/407 aggregation, 503 → 500), Via
// stripping, Timer C (§16.8); forking (§16.6) parallel and sequential; CANCEL (§16.10).

#include "unit/server/proxy/proxy_fixture.hpp"

namespace dialtone::server::proxy::test {
namespace {

class ResponseContext : public ProxyTest {
  protected:
    // Two contacts for bob; returns the two forwards as sent.
    std::vector<Message> fork_two(std::uint16_t q1 = 1000, std::uint16_t q2 = 1000) {
        add_binding("sip:bob@example.test", "sip:bob@203.0.113.5:5062", q1);
        add_binding("sip:bob@example.test", "sip:bob@203.0.113.6:5062", q2);
        out = send(req(Req{}));
        fw = all_of<Forward>(out);
        std::vector<Message> sent;
        for (Forward& f : fw) {
            branches.push_back(f.branch);
            sent.push_back(finish_forward(f, in_if));
        }
        return sent;
    }

    std::vector<Action> out;
    std::vector<Forward> fw;
    std::vector<BranchId> branches;
};

// §16.2/§16.7: the proxy answers an INVITE 100 Trying at once, and forks to every contact
// of the AoR in parallel (one group).
TEST_F(ResponseContext, Rfc3261_16_7_TryingAtOnceAndParallelFork) {
    auto sent = fork_two();
    auto rs = all_of<SendResponse>(out);
    ASSERT_EQ(rs.size(), 1u);
    EXPECT_EQ(rs[0].response.status(), 100);
    EXPECT_EQ(rs[0].server, last_server);
    ASSERT_EQ(sent.size(), 2u);
    EXPECT_NE(sent[0].top_via()->branch, sent[1].top_via()->branch);
    // Timer C for each INVITE branch, longer than three minutes.
    auto timers = all_of<StartTimer>(out);
    ASSERT_EQ(timers.size(), 2u);
    for (const StartTimer& t : timers) {
        EXPECT_EQ(t.id.kind, TimerKind::C);
        EXPECT_GT(t.duration, std::chrono::minutes(3));
    }
}

// §16.7 steps 3 and 5: a 180 is forwarded with our Via stripped; a 100 is not forwarded.
TEST_F(ResponseContext, Rfc3261_16_7_ProvisionalForwardedViaStripped) {
    auto sent = fork_two();
    auto r = respond(branches[0], reply_to(sent[0], 100));
    EXPECT_TRUE(all_of<SendResponse>(r).empty());
    r = respond(branches[0], reply_to(sent[0], 180));
    Message ringing = only_response(r);
    EXPECT_EQ(ringing.status(), 180);
    EXPECT_EQ(ringing.count(HeaderId::Via), 1u);
    EXPECT_EQ(ringing.top_via()->branch, "z9hG4bKcaller1");
}

// §16.7 step 5 and step 10: every 2xx is forwarded at once, the other branches are
// cancelled (only once they sent a provisional, §9.1), and a second 2xx from another fork
// is forwarded too.
TEST_F(ResponseContext, Rfc3261_16_7_Every2xxForwardedOthersCancelled) {
    auto sent = fork_two();
    respond(branches[1], reply_to(sent[1], 180, "b2"));
    auto r = respond(branches[0], reply_to(sent[0], 200, "b1"));
    Message ok = only_response(r);
    EXPECT_EQ(ok.status(), 200);
    auto cancels = all_of<CancelBranch>(r);
    ASSERT_EQ(cancels.size(), 1u);
    EXPECT_EQ(cancels[0].branch, branches[1]);
    EXPECT_EQ(proxy().contexts(), 1u) << "the cancelled branch is still pending";

    // The other fork answered before the CANCEL reached it: its 2xx goes up as well.
    r = respond(branches[1], reply_to(sent[1], 200, "b2"));
    EXPECT_EQ(only_response(r).status(), 200);
    EXPECT_EQ(proxy().contexts(), 0u);
    // A 2xx retransmission after the context ended still goes up, statelessly.
    r = respond(branches[0], reply_to(sent[0], 200, "b1"));
    auto stateless = all_of<SendStatelessResponse>(r);
    ASSERT_EQ(stateless.size(), 1u);
    EXPECT_EQ(stateless[0].response.count(HeaderId::Via), 1u);
}

// §9.1: a branch without a provisional is not cancelled until one arrives.
TEST_F(ResponseContext, Rfc3261_9_1_CancelWaitsForProvisional) {
    auto sent = fork_two();
    auto r = respond(branches[0], reply_to(sent[0], 200, "b1"));
    EXPECT_TRUE(all_of<CancelBranch>(r).empty());
    r = respond(branches[1], reply_to(sent[1], 180, "b2"));
    auto cancels = all_of<CancelBranch>(r);
    ASSERT_EQ(cancels.size(), 1u);
    EXPECT_EQ(cancels[0].branch, branches[1]);
    EXPECT_TRUE(all_of<SendResponse>(r).empty()) << "no provisional after the final";
}

// §16.7 step 6: the lowest class wins; among 4xx, the ones that tell how to retry.
TEST_F(ResponseContext, Rfc3261_16_7_BestResponseLowestClass) {
    auto sent = fork_two();
    auto r = respond(branches[0], reply_to(sent[0], 486, "b1"));
    EXPECT_TRUE(all_of<SendResponse>(r).empty()) << "waits for the other branch";
    r = respond(branches[1], reply_to(sent[1], 302, "b2"));
    EXPECT_EQ(only_response(r).status(), 302);
    EXPECT_EQ(proxy().contexts(), 0u);
}

// §16.7 step 6: a 6xx ends the search: pending branches are cancelled and the 6xx wins.
TEST_F(ResponseContext, Rfc3261_16_7_SixHundredCancelsAndWins) {
    auto sent = fork_two();
    respond(branches[1], reply_to(sent[1], 180, "b2"));
    auto r = respond(branches[0], reply_to(sent[0], 603, "b1"));
    EXPECT_TRUE(all_of<SendResponse>(r).empty());
    ASSERT_EQ(all_of<CancelBranch>(r).size(), 1u);
    r = respond(branches[1], reply_to(sent[1], 487, "b2"));
    EXPECT_EQ(only_response(r).status(), 603);
}

// §16.7 step 7: challenges from several branches are gathered into one response.
TEST_F(ResponseContext, Rfc3261_16_7_ChallengesAggregated) {
    auto sent = fork_two();
    respond(branches[0], reply_to(sent[0], 407, "b1",
                                  "Proxy-Authenticate: Digest realm=\"a.test\", nonce=\"n1\"\r\n"));
    auto r = respond(branches[1],
                     reply_to(sent[1], 401, "b2",
                              "WWW-Authenticate: Digest realm=\"b.test\", nonce=\"n2\"\r\n"));
    Message resp = only_response(r);
    EXPECT_TRUE(resp.status() == 401 || resp.status() == 407);
    EXPECT_NE(resp.header(HeaderId::ProxyAuthenticate).find("a.test"), std::string_view::npos);
    EXPECT_NE(resp.header(HeaderId::WwwAuthenticate).find("b.test"), std::string_view::npos);
}

// §16.7 step 6: a 503 from the only branch becomes 500; a timeout counts as 408.
TEST_F(ResponseContext, Rfc3261_16_7_ServiceUnavailableBecomes500) {
    auto sent = fork_two();
    respond(branches[0], reply_to(sent[0], 503, "b1"));
    std::vector<Action> r;
    proxy().on_branch_failure(branches[1], BranchFailure::Timeout, now, r);
    EXPECT_EQ(only_response(r).status(), 408) << "408 (4xx) beats the 503 (5xx)";
}

// §16.8: Timer C fires on a branch with a provisional: it is cancelled and counts as 408;
// without a provisional it counts as 408 with no CANCEL. A provisional restarts Timer C.
TEST_F(ResponseContext, Rfc3261_16_8_TimerC) {
    auto sent = fork_two();
    auto r = respond(branches[0], reply_to(sent[0], 180, "b1"));
    auto restarted = all_of<StartTimer>(r);
    ASSERT_EQ(restarted.size(), 1u);
    EXPECT_EQ(restarted[0].id.kind, TimerKind::C);
    auto first = all_of<StartTimer>(out);
    // The first timer of branch 0 is stale now.
    std::vector<Action> t;
    for (const StartTimer& s : first)
        if (s.id.branch == branches[0]) proxy().on_timer(s.id, now, t);
    EXPECT_TRUE(t.empty()) << "a restarted timer's old id is ignored";

    proxy().on_timer(restarted[0].id, now + config.timer_c, t);
    auto cancels = all_of<CancelBranch>(t);
    ASSERT_EQ(cancels.size(), 1u);
    EXPECT_EQ(cancels[0].branch, branches[0]);
    EXPECT_TRUE(all_of<SendResponse>(t).empty());
    t.clear();
    for (const StartTimer& s : first)
        if (s.id.branch == branches[1]) proxy().on_timer(s.id, now + config.timer_c, t);
    EXPECT_TRUE(all_of<CancelBranch>(t).empty()) << "no CANCEL before a provisional";
    EXPECT_EQ(only_response(t).status(), 408);
    EXPECT_EQ(proxy().contexts(), 0u);
}

// Sequential forking: the higher q-value group first; the next on failure, and on no answer
// within the sequential timeout (the ringing branch is cancelled).
TEST_F(ResponseContext, SequentialForkingByQValue) {
    config.parallel_forking = false;
    add_binding("sip:bob@example.test", "sip:bob@203.0.113.7:5062", 200);
    auto sent = fork_two(1000, 500);
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].request_uri_text(), "sip:bob@203.0.113.5:5062");
    auto no_answer = all_of<StartTimer>(out);
    ASSERT_EQ(no_answer.size(), 2u);
    EXPECT_EQ(no_answer[1].id.kind, TimerKind::NoAnswer);
    EXPECT_EQ(no_answer[1].duration, config.sequential_timeout);

    // 486 from the first: the q=0.5 contact is tried.
    auto r = respond(branches[0], reply_to(sent[0], 486, "b1"));
    auto next = all_of<Forward>(r);
    ASSERT_EQ(next.size(), 1u);
    EXPECT_EQ(next[0].request.request_uri_text(), "sip:bob@203.0.113.6:5062");
    Message second = finish_forward(next[0], in_if);

    // It rings but nobody answers: on the no-answer timer it is cancelled, the last one tried.
    respond(next[0].branch, reply_to(second, 180, "b2"));
    std::vector<Action> t;
    for (const StartTimer& s : all_of<StartTimer>(r))
        if (s.id.kind == TimerKind::NoAnswer) proxy().on_timer(s.id, now, t);
    ASSERT_EQ(all_of<CancelBranch>(t).size(), 1u);
    auto last = all_of<Forward>(t);
    ASSERT_EQ(last.size(), 1u);
    EXPECT_EQ(last[0].request.request_uri_text(), "sip:bob@203.0.113.7:5062");
    Message third = finish_forward(last[0], in_if);
    auto fin = respond(last[0].branch, reply_to(third, 480, "b3"));
    // Best of 486, 408 (no answer), 480: all 4xx; the first received wins the tie.
    EXPECT_EQ(only_response(fin).status(), 486);
}

// §16.10: the caller's CANCEL is answered 200 hop by hop, pending branches are cancelled,
// and once they are done the INVITE is answered 487.
TEST_F(ResponseContext, Rfc3261_16_10_CallerCancel) {
    auto sent = fork_two();
    respond(branches[0], reply_to(sent[0], 180, "b1"));
    const ServerHandle invite = last_server;
    Req c;
    c.method = "CANCEL";
    Message cancel = req(c);
    std::vector<Action> r;
    const ServerHandle cancel_txn = next_server();
    proxy().on_cancel(cancel_txn, cancel, invite, now, r);
    auto rs = all_of<SendResponse>(r);
    ASSERT_EQ(rs.size(), 1u);
    EXPECT_EQ(rs[0].server, cancel_txn);
    EXPECT_EQ(rs[0].response.status(), 200);
    auto cancels = all_of<CancelBranch>(r);
    ASSERT_EQ(cancels.size(), 1u) << "branch 0 rang; branch 1 waits for a provisional";
    EXPECT_EQ(cancels[0].branch, branches[0]);

    auto a = respond(branches[0], reply_to(sent[0], 487, "b1"));
    EXPECT_TRUE(all_of<SendResponse>(a).empty());
    a = respond(branches[1], reply_to(sent[1], 180, "b2"));
    ASSERT_EQ(all_of<CancelBranch>(a).size(), 1u);
    EXPECT_TRUE(all_of<SendResponse>(a).empty()) << "no 180 forwarded after a CANCEL";
    a = respond(branches[1], reply_to(sent[1], 487, "b2"));
    EXPECT_EQ(only_response(a).status(), 487);
    EXPECT_EQ(proxy().contexts(), 0u);

    // A CANCEL that matched nothing is 481.
    r.clear();
    proxy().on_cancel(next_server(), cancel, ServerHandle{}, now, r);
    EXPECT_EQ(only_response(r).status(), 481);
}

}  // namespace
}  // namespace dialtone::server::proxy::test
