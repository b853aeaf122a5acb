// The per-thread block cache behind Message's buffers (see detail::PoolAllocator).

#include <bit>
#include <cstddef>
#include <new>

#include "dialtone/sip/message/message.hpp"

#if defined(__SANITIZE_ADDRESS__)
#define DIALTONE_POOL_OFF 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer)
#define DIALTONE_POOL_OFF 1
#endif
#endif

namespace dialtone::message::detail {

#if !defined(DIALTONE_POOL_OFF)
namespace {

// Size classes of 256 << k octets, k = 0..6 (256 to 16384 octets): what a SIP message and
// its header slots take. Up to kKeep blocks of each class wait for reuse.
constexpr std::size_t kClasses = 7;
constexpr std::size_t kMinShift = 8;
constexpr unsigned kKeep = 4;

struct FreeBlock {
    FreeBlock* next;
};

struct Pool {
    FreeBlock* head[kClasses] = {};
    unsigned count[kClasses] = {};
    ~Pool() {
        for (std::size_t k = 0; k < kClasses; ++k) {
            while (FreeBlock* b = head[k]) {
                head[k] = b->next;
                ::operator delete(b);
            }
        }
    }
};

thread_local Pool t_pool;

// Class of a block of `bytes`, or kClasses when it is too large to cache.
std::size_t size_class(std::size_t bytes) {
    if (bytes <= (std::size_t{1} << kMinShift)) return 0;
    const auto k = static_cast<std::size_t>(std::bit_width(bytes - 1)) - kMinShift;
    return k < kClasses ? k : kClasses;
}

}  // namespace
#endif

void* pool_allocate(std::size_t bytes) {
#if !defined(DIALTONE_POOL_OFF)
    const std::size_t k = size_class(bytes);
    if (k < kClasses) {
        Pool& pool = t_pool;
        if (FreeBlock* b = pool.head[k]) {
            pool.head[k] = b->next;
            --pool.count[k];
            return b;
        }
        // Allocate the whole class so the block can serve any request of its class later.
        return ::operator new (std::size_t{1} << (k + kMinShift));
    }
#endif
    return ::operator new(bytes);
}

void pool_deallocate(void* p, std::size_t bytes) noexcept {
#if !defined(DIALTONE_POOL_OFF)
    const std::size_t k = size_class(bytes);
    if (k < kClasses) {
        Pool& pool = t_pool;
        if (pool.count[k] < kKeep) {
            auto* b = static_cast<FreeBlock*>(p);
            b->next = pool.head[k];
            pool.head[k] = b;
            ++pool.count[k];
            return;
        }
    }
#else
    (void)bytes;
#endif
    ::operator delete(p);
}

}  // namespace dialtone::message::detail
