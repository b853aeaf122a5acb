#pragma once
// The ordered targets RFC 3263 produced and a cursor over them. RFC 3263 §4.3: a client
// tries the next target when the current one times out, fails at the transport, or
// answers 503; the caller decides when and calls next(). A transaction keeps using the one
// target it was sent to (§4.3: an ACK for a non-2xx and a CANCEL go where the request went).

#include <cstddef>
#include <vector>

#include "dialtone/sip/transport/resolved_target.hpp"

namespace dialtone::transport {

class TargetList {
  public:
    TargetList() = default;
    explicit TargetList(std::vector<ResolvedTarget> targets) : targets_(std::move(targets)) {}

    const std::vector<ResolvedTarget>& targets() const { return targets_; }
    std::size_t size() const { return targets_.size(); }
    bool empty() const { return targets_.empty(); }

    // The target to use now; nullptr once every target has been tried (or none resolved).
    const ResolvedTarget* current() const {
        return position_ < targets_.size() ? &targets_[position_] : nullptr;
    }
    // Gives up on the current target and moves to the following one; nullptr when none is
    // left. Calling it again after the end keeps returning nullptr.
    const ResolvedTarget* next() {
        if (position_ < targets_.size()) ++position_;
        return current();
    }
    // Index of current() in targets(); equals size() when exhausted.
    std::size_t position() const { return position_; }
    bool exhausted() const { return position_ >= targets_.size(); }
    // Number of targets not yet given up on, current() included.
    std::size_t remaining() const { return targets_.size() - position_; }

  private:
    std::vector<ResolvedTarget> targets_;
    std::size_t position_ = 0;
};

}  // namespace dialtone::transport
