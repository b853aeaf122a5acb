#include "dialtone/sip/message/subscription_state.hpp"

#include <gtest/gtest.h>

#include <string>

namespace dialtone::message {
namespace {

std::string what_of(const Result<SubscriptionState>& r) {
    return r.ok() ? "<ok>" : std::string(r.error().what);
}

// RFC 6665 §8.2.3 / §8.4: substate-value and subexp-params.
TEST(TypedSubscriptionState, Rfc6665_8_4_States) {
    auto a = parse_subscription_state("active;expires=3600");
    ASSERT_TRUE(a.ok()) << what_of(a);
    EXPECT_EQ(a->state, SubState::Active);
    EXPECT_TRUE(a->has_expires);
    EXPECT_EQ(a->expires, 3600u);
    EXPECT_FALSE(a->has_retry_after);

    auto p = parse_subscription_state("PENDING ; expires = 0060");
    ASSERT_TRUE(p.ok()) << what_of(p);
    EXPECT_EQ(p->state, SubState::Pending);
    EXPECT_EQ(p->expires, 60u);

    auto t = parse_subscription_state("terminated;reason=probation;\r\n retry-after=30");
    ASSERT_TRUE(t.ok()) << what_of(t);
    EXPECT_EQ(t->state, SubState::Terminated);
    EXPECT_EQ(t->reason, "probation");
    EXPECT_TRUE(t->has_retry_after);
    EXPECT_EQ(t->retry_after, 30u);

    auto x = parse_subscription_state("waiting;foo=bar");
    ASSERT_TRUE(x.ok()) << what_of(x);
    EXPECT_EQ(x->state, SubState::Extension);
    EXPECT_EQ(x->state_text, "waiting");
}

TEST(TypedSubscriptionState, Rfc6665_8_4_BoundsAndRejects) {
    EXPECT_EQ(parse_subscription_state("active;expires=4294967295")->expires, 4294967295u);
    EXPECT_EQ(what_of(parse_subscription_state("active;expires=4294967296")),
              "Subscription-State: bad expires parameter");
    EXPECT_EQ(what_of(parse_subscription_state("active;expires=soon")),
              "Subscription-State: bad expires parameter");
    EXPECT_EQ(what_of(parse_subscription_state("terminated;retry-after=")),
              "Subscription-State: bad parameter value");
    EXPECT_EQ(what_of(parse_subscription_state("terminated;retry-after=-1")),
              "Subscription-State: bad retry-after parameter");
    EXPECT_EQ(what_of(parse_subscription_state("terminated;reason=\"timeout\"")),
              "Subscription-State: bad reason parameter");
    EXPECT_EQ(what_of(parse_subscription_state("")), "Subscription-State: empty value");
    EXPECT_EQ(what_of(parse_subscription_state("(active)")), "Subscription-State: bad state");
    EXPECT_EQ(what_of(parse_subscription_state("active pending")),
              "Subscription-State: unexpected text after value");
}

}  // namespace
}  // namespace dialtone::message
