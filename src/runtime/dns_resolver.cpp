#include "runtime/dns_resolver.hpp"

#include <ares.h>

#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <mutex>
#include <random>
#include <unordered_map>

#include "runtime/dns_reply.hpp"

namespace dialtone::runtime {

namespace asio = boost::asio;
using transport::DnsAnswer;
using transport::DnsQuery;

namespace {

constexpr int kClassIn = 1;

// ares_library_init is a no-op on Linux since c-ares 1.x but is still the documented
// first call; done once per process.
bool init_library(std::string& error) {
    static std::once_flag once;
    static int status = ARES_SUCCESS;
    std::call_once(once, [] { status = ares_library_init(ARES_LIB_INIT_ALL); });
    if (status != ARES_SUCCESS) error = std::string("c-ares: ") + ares_strerror(status);
    return status == ARES_SUCCESS;
}

// One socket c-ares asked us to watch. The descriptor never owns the fd: c-ares closes it
// after telling us (state callback with neither direction), and we release it first.
struct Watch {
    explicit Watch(asio::io_context& io) : descriptor(io) {}
    ~Watch() {
        if (descriptor.is_open()) descriptor.release();
    }
    asio::posix::stream_descriptor descriptor;
    bool want_read = false;
    bool want_write = false;
    bool reading = false;
    bool writing = false;
    bool closed = false;
};

// One resolution: the sans-I/O locator and who to tell when it is done.
struct Job {
    Job(transport::ServerLocator l, DnsResolver::Completion d)
        : locator(std::move(l)), done(std::move(d)) {}
    transport::ServerLocator locator;
    DnsResolver::Completion done;
    bool pumping = false;
    bool again = false;
    bool finished = false;
};

}  // namespace

struct DnsResolver::Impl : std::enable_shared_from_this<DnsResolver::Impl> {
    using AnswerHandler = std::function<void(const DnsAnswer&)>;

    // What a c-ares query callback needs; owned by c-ares until the callback runs.
    struct Pending {
        Impl* self;
        DnsQuery query;
        AnswerHandler handler;
    };

    Impl(asio::io_context& context, const DnsResolverConfig& c)
        : io(context),
          timer(context),
          config(c),
          cache(c.cache),
          rng(std::make_shared<std::mt19937>(std::random_device{}())) {}

    ~Impl() {
        if (channel != nullptr) ares_destroy(channel);  // runs callbacks: ARES_EDESTRUCTION
        for (auto& [fd, watch] : watches) {
            watch->closed = true;
            if (watch->descriptor.is_open()) watch->descriptor.release();
        }
    }

    bool open(std::string& error) {
        ares_options options{};
        options.sock_state_cb = &Impl::on_socket_state;
        options.sock_state_cb_data = this;
        options.timeout = static_cast<int>(config.timeout.count());
        options.tries = config.tries;
        const int mask = ARES_OPT_SOCK_STATE_CB | ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES;
        int rc = ares_init_options(&channel, &options, mask);
        if (rc != ARES_SUCCESS) {
            channel = nullptr;
            error = std::string("c-ares: cannot start: ") + ares_strerror(rc);
            return false;
        }
        if (!config.servers.empty()) {
            rc = ares_set_servers_ports_csv(channel, config.servers.c_str());
            if (rc != ARES_SUCCESS) {
                error = "DNS server list \"" + config.servers + "\" is not valid (" +
                        ares_strerror(rc) + "); expected IP[:PORT] or [IPv6]:PORT, comma-separated";
                return false;
            }
        }
        return true;
    }

    // --- c-ares sockets and timeouts on the io_context ----------------------------------

    static void on_socket_state(void* data, ares_socket_t fd, int readable, int writable) {
        static_cast<Impl*>(data)->socket_state(fd, readable != 0, writable != 0);
    }

    void socket_state(ares_socket_t fd, bool readable, bool writable) {
        auto it = watches.find(fd);
        if (!readable && !writable) {
            if (it == watches.end()) return;
            it->second->closed = true;
            // Cancels the waits (they see operation_aborted) and leaves the fd to c-ares.
            if (it->second->descriptor.is_open()) it->second->descriptor.release();
            watches.erase(it);
            return;
        }
        if (it == watches.end()) {
            auto watch = std::make_shared<Watch>(io);
            boost::system::error_code ec;
            watch->descriptor.assign(fd, ec);
            if (ec) return;  // c-ares times the query out; nothing else we can do
            it = watches.emplace(fd, std::move(watch)).first;
        }
        it->second->want_read = readable;
        it->second->want_write = writable;
        arm(fd, it->second);
    }

    void arm(ares_socket_t fd, const std::shared_ptr<Watch>& watch) {
        if (watch->closed) return;
        if (watch->want_read && !watch->reading) {
            watch->reading = true;
            watch->descriptor.async_wait(
                asio::posix::stream_descriptor::wait_read,
                [weak = weak_from_this(), watch, fd](const boost::system::error_code& ec) {
                    watch->reading = false;
                    if (ec || watch->closed) return;
                    if (auto self = weak.lock()) self->process(fd, ARES_SOCKET_BAD, watch);
                });
        }
        if (watch->want_write && !watch->writing) {
            watch->writing = true;
            watch->descriptor.async_wait(
                asio::posix::stream_descriptor::wait_write,
                [weak = weak_from_this(), watch, fd](const boost::system::error_code& ec) {
                    watch->writing = false;
                    if (ec || watch->closed) return;
                    if (auto self = weak.lock()) self->process(ARES_SOCKET_BAD, fd, watch);
                });
        }
    }

    void process(ares_socket_t read_fd, ares_socket_t write_fd,
                 const std::shared_ptr<Watch>& watch) {
        ares_process_fd(channel, read_fd, write_fd);
        const ares_socket_t fd = read_fd != ARES_SOCKET_BAD ? read_fd : write_fd;
        if (watch) arm(fd, watch);
        schedule_timeout();
    }

    void schedule_timeout() {
        timeval wait{};
        if (ares_timeout(channel, nullptr, &wait) == nullptr) {
            timer.cancel();
            return;
        }
        timer.expires_after(std::chrono::seconds(wait.tv_sec) +
                            std::chrono::microseconds(wait.tv_usec));
        timer.async_wait([weak = weak_from_this()](const boost::system::error_code& ec) {
            if (ec) return;
            if (auto self = weak.lock()) self->process(ARES_SOCKET_BAD, ARES_SOCKET_BAD, nullptr);
        });
    }

    // --- questions ----------------------------------------------------------------------

    // Answers from the cache at once, else asks c-ares. `handler` may run before ask()
    // returns (a cache hit, or c-ares failing the query on the spot).
    void ask(const DnsQuery& query, AnswerHandler handler) {
        if (auto cached = cache.lookup(query, std::chrono::steady_clock::now())) {
            handler(*cached);
            return;
        }
        auto* pending = new Pending{this, query, std::move(handler)};
        ares_query(channel, query.name.c_str(), kClassIn, dns_type_code(query.type),
                   &Impl::on_reply, pending);
        schedule_timeout();
    }

    static void on_reply(void* arg, int status, int /*timeouts*/, unsigned char* reply,
                         int length) {
        std::unique_ptr<Pending> pending(static_cast<Pending*>(arg));
        if (status == ARES_EDESTRUCTION) return;  // the resolver is going away
        const DnsAnswer answer = answer_from_reply(
            pending->query, status, reply, length > 0 ? static_cast<std::size_t>(length) : 0);
        pending->self->cache.store(answer, std::chrono::steady_clock::now());
        pending->handler(answer);
    }

    // --- resolutions --------------------------------------------------------------------

    void start(const transport::LocateRequest& request, Completion done) {
        std::shared_ptr<std::mt19937> generator = rng;
        transport::RandomSource random = [generator](std::uint32_t max) {
            return std::uniform_int_distribution<std::uint32_t>(0, max)(*generator);
        };
        auto job = std::make_shared<Job>(
            transport::ServerLocator(request, config.locator, std::move(random)), std::move(done));
        pump(job);
    }

    // Asks every question the locator has, feeding back answers (some of which arrive
    // during the asking), until it waits for the network or is done.
    void pump(const std::shared_ptr<Job>& job) {
        if (job->pumping) {
            job->again = true;
            return;
        }
        job->pumping = true;
        do {
            job->again = false;
            for (const DnsQuery& query : job->locator.take_queries()) {
                ask(query, [this, job](const DnsAnswer& answer) {
                    job->locator.on_answer(answer);
                    pump(job);
                });
            }
        } while (job->again);
        job->pumping = false;
        if (job->locator.done() && !job->finished) {
            job->finished = true;
            asio::post(io, [job] {
                ResolveResult result{transport::TargetList(job->locator.targets()),
                                     job->locator.steps(), job->locator.problems()};
                job->done(std::move(result));
            });
        }
    }

    asio::io_context& io;
    asio::steady_timer timer;
    DnsResolverConfig config;
    transport::DnsCache cache;
    std::shared_ptr<std::mt19937> rng;
    ares_channel channel = nullptr;
    std::unordered_map<ares_socket_t, std::shared_ptr<Watch>> watches;
};

DnsResolver::DnsResolver(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}

DnsResolver::~DnsResolver() = default;

std::unique_ptr<DnsResolver> DnsResolver::create(asio::io_context& io,
                                                 const DnsResolverConfig& config,
                                                 std::string& error) {
    if (!init_library(error)) return nullptr;
    auto impl = std::make_shared<Impl>(io, config);
    if (!impl->open(error)) return nullptr;
    return std::unique_ptr<DnsResolver>(new DnsResolver(std::move(impl)));
}

void DnsResolver::resolve(const transport::LocateRequest& request, Completion done) {
    impl_->start(request, std::move(done));
}

std::size_t DnsResolver::cached_answers() const {
    return impl_->cache.size();
}

}  // namespace dialtone::runtime
