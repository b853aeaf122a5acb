#pragma once
// The worker's timers carry a 64-bit id; a sans-I/O layer's timers carry ids of its own kind
// (transaction::TimerId, proxy::TimerId, ...). This maps one to the other for a handler that
// carries out the layer's StartTimer / CancelTimer on WorkerServices, so a timer that is
// restarted or cancelled never fires for the layer and a due one finds its layer id.

#include <chrono>
#include <cstdint>
#include <optional>
#include <unordered_map>

#include "runtime/worker_services.hpp"

namespace dialtone::runtime {

template <class LayerId>
class TimerIds {
  public:
    // Runtime ids are `base | n`: each user of one worker's timers takes its own base.
    explicit TimerIds(std::uint64_t base = 0) : base_(base) {}

    void start(WorkerServices& services, const LayerId& id, std::chrono::nanoseconds delay) {
        cancel(services, id);
        const std::uint64_t runtime_id = base_ | next_++;
        to_layer_[runtime_id] = id;
        to_runtime_[id] = runtime_id;
        services.start_timer(runtime_id, delay);
    }

    void cancel(WorkerServices& services, const LayerId& id) {
        auto it = to_runtime_.find(id);
        if (it == to_runtime_.end()) return;
        services.cancel_timer(it->second);
        to_layer_.erase(it->second);
        to_runtime_.erase(it);
    }

    // A worker timer fired: the layer's id, forgotten from now on; nullopt if not ours (or
    // cancelled meanwhile).
    std::optional<LayerId> fired(std::uint64_t runtime_id) {
        auto it = to_layer_.find(runtime_id);
        if (it == to_layer_.end()) return std::nullopt;
        LayerId id = it->second;
        to_layer_.erase(it);
        to_runtime_.erase(id);
        return id;
    }

  private:
    std::uint64_t base_;
    std::uint64_t next_ = 1;
    std::unordered_map<std::uint64_t, LayerId> to_layer_;
    std::unordered_map<LayerId, std::uint64_t> to_runtime_;
};

}  // namespace dialtone::runtime
