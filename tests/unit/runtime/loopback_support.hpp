#pragma once
// Shared pieces of the runtime's loopback tests: requests to send, blocking reads bounded
// by socket receive timeouts, a server running on its own thread, and a message handler
// that records what it is given.

#include <gtest/gtest.h>
#include <openssl/ssl.h>
#include <poll.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "runtime/message_handler.hpp"
#include "runtime/server.hpp"

namespace dialtone::runtime::test {

inline std::string options_request(std::string_view transport, int cseq,
                                   std::string_view extra = {},
                                   std::string_view call_id = "loop@127.0.0.1",
                                   std::string_view sent_by = "127.0.0.1:9;rport") {
    std::string r = "OPTIONS sip:127.0.0.1 SIP/2.0\r\n";
    r += "Via: SIP/2.0/";
    r += transport;
    r += " ";
    r += sent_by;
    r += ";branch=z9hG4bKloop" + std::to_string(cseq) + "\r\n";
    r += "Max-Forwards: 70\r\nTo: <sip:127.0.0.1>\r\nFrom: <sip:t@127.0.0.1>;tag=a\r\n";
    r += "Call-ID: ";
    r += call_id;
    r += "\r\nCSeq: " + std::to_string(cseq) + " OPTIONS\r\n";
    r += extra;
    if (extra.find("Content-Length") == std::string_view::npos) r += "Content-Length: 0\r\n";
    r += "\r\n";
    return r;
}

// Every blocking read in these tests is bounded: Asio's synchronous reads wait forever, so
// wait for readability with poll() first.
inline constexpr std::chrono::milliseconds kWait{2000};

inline bool wait_readable(int fd, std::chrono::milliseconds limit) {
    pollfd p{fd, POLLIN, 0};
    return ::poll(&p, 1, static_cast<int>(limit.count())) > 0;
}

inline bool wait_readable(boost::asio::ip::tcp::socket& s, std::chrono::milliseconds limit) {
    return wait_readable(s.native_handle(), limit);
}

template <class Next>
bool wait_readable(boost::asio::ssl::stream<Next>& s, std::chrono::milliseconds limit) {
    return SSL_pending(s.native_handle()) > 0 ||
           wait_readable(s.lowest_layer().native_handle(), limit);
}

// receive_from, or a timed_out error after `limit`.
inline std::size_t receive_within(boost::asio::ip::udp::socket& s, boost::asio::mutable_buffer buf,
                                  boost::asio::ip::udp::endpoint& from,
                                  boost::system::error_code& ec,
                                  std::chrono::milliseconds limit = kWait) {
    if (!wait_readable(s.native_handle(), limit)) {
        ec = boost::asio::error::timed_out;
        return 0;
    }
    return s.receive_from(buf, from, 0, ec);
}

// read_some, or a timed_out error after `limit`.
template <class Stream>
std::size_t read_within(Stream& s, boost::asio::mutable_buffer buf, boost::system::error_code& ec,
                        std::chrono::milliseconds limit = kWait) {
    if (!wait_readable(s, limit)) {
        ec = boost::asio::error::timed_out;
        return 0;
    }
    return s.read_some(buf, ec);
}

inline std::size_t count_of(const std::string& haystack, std::string_view needle) {
    std::size_t n = 0;
    for (std::size_t p = haystack.find(needle); p != std::string::npos;
         p = haystack.find(needle, p + 1))
        ++n;
    return n;
}

struct StreamRead {
    std::string bytes;
    bool eof = false;
};

// Reads until `want` occurrences of `needle` arrived, the peer closed, or the timeout.
template <class Stream>
StreamRead read_until(Stream& s, std::string_view needle, std::size_t want) {
    StreamRead out;
    char buf[4096];
    while (count_of(out.bytes, needle) < want) {
        boost::system::error_code ec;
        const std::size_t n = read_within(s, boost::asio::buffer(buf), ec);
        if (n > 0) out.bytes.append(buf, n);
        if (ec == boost::asio::error::eof || ec == boost::asio::error::connection_reset ||
            ec == boost::asio::ssl::error::stream_truncated) {
            out.eof = true;
            break;
        }
        if (ec) break;  // timeout
    }
    return out;
}

// After the expected answer: the server must close the connection.
inline bool closed_by_server(boost::asio::ip::tcp::socket& s) {
    char buf[256];
    boost::system::error_code ec;
    for (int i = 0; i < 8; ++i) {
        read_within(s, boost::asio::buffer(buf), ec);
        if (ec == boost::asio::error::eof || ec == boost::asio::error::connection_reset)
            return true;
        if (ec) return false;  // timeout: still open
    }
    return false;
}

inline ListenSpec loopback_spec(bool udp = true, bool tcp = true, bool tls = false) {
    ListenSpec spec;
    spec.address = "127.0.0.1";
    spec.port = 0;
    spec.udp = udp;
    spec.tcp = tcp;
    spec.tls = tls;
    return spec;
}

inline ServerConfig loopback_config(std::size_t workers = 2) {
    ServerConfig config;
    config.listen = {loopback_spec()};
    config.handle_signals = false;
    config.workers = workers;
    config.max_message_size = 4096;
    return config;
}

// A server opened and run on its own thread; stopped and joined when destroyed.
class RunningServer {
  public:
    explicit RunningServer(ServerConfig config, HandlerFactory handlers = {})
        : server_(handlers ? std::make_unique<Server>(std::move(config), std::move(handlers))
                           : std::make_unique<Server>(std::move(config))) {
        server_->open();
        thread_ = std::thread([this] {
            server_->run();
            std::lock_guard lock(mutex_);
            finished_ = true;
            cv_.notify_all();
        });
    }
    ~RunningServer() {
        server_->stop();
        if (thread_.joinable()) thread_.join();
    }
    Server& operator*() { return *server_; }
    Server* operator->() { return server_.get(); }

    // True when run() returned within `limit`.
    bool wait_finished(std::chrono::milliseconds limit) {
        std::unique_lock lock(mutex_);
        return cv_.wait_for(lock, limit, [this] { return finished_; });
    }
    std::uint16_t udp_port() const { return server_->udp_endpoints().at(0).port(); }
    std::uint16_t tcp_port() const { return server_->tcp_endpoints().at(0).port(); }
    std::uint16_t tls_port() const { return server_->tls_endpoints().at(0).port(); }

  private:
    std::unique_ptr<Server> server_;
    std::thread thread_;
    std::mutex mutex_;
    std::condition_variable cv_;
    bool finished_ = false;
};

// What a RecordingHandler saw: shared by every worker's handler, so it locks.
struct Record {
    struct Message {
        std::size_t worker = 0;
        Source source;
        std::string bytes;
    };

    std::mutex mutex;
    std::condition_variable cv;
    std::vector<Message> messages;
    std::vector<std::pair<std::size_t, std::uint64_t>> timers;  // (worker, id)
    std::vector<std::size_t> drained;                           // workers told to drain
    std::vector<WorkerServices*> services;
    std::size_t in_flight = 0;  // reported by every handler while draining

    // Waits until `done()` holds (checked under the lock) or `limit` passes.
    bool wait(std::chrono::milliseconds limit, const std::function<bool()>& done) {
        std::unique_lock lock(mutex);
        return cv.wait_for(lock, limit, done);
    }
};

// Records every message, timer and drain call; answers nothing unless `reply` is set.
class RecordingHandler : public MessageHandler {
  public:
    using Reply = std::function<void(const Inbound&, WorkerServices&)>;

    RecordingHandler(std::shared_ptr<Record> record, WorkerServices& services, Reply reply)
        : record_(std::move(record)), services_(services), reply_(std::move(reply)) {
        std::lock_guard lock(record_->mutex);
        if (record_->services.size() <= services.worker_index())
            record_->services.resize(services.worker_index() + 1);
        record_->services[services.worker_index()] = &services;
    }

    void on_message(const Inbound& message) override {
        {
            std::lock_guard lock(record_->mutex);
            record_->messages.push_back(Record::Message{services_.worker_index(), message.source,
                                                        std::string(message.bytes)});
        }
        record_->cv.notify_all();
        if (reply_) reply_(message, services_);
    }
    std::string on_framing_error(std::string_view, const message::ParseError&,
                                 const Source&) override {
        return {};
    }
    void on_timer(std::uint64_t id) override {
        {
            std::lock_guard lock(record_->mutex);
            record_->timers.emplace_back(services_.worker_index(), id);
        }
        record_->cv.notify_all();
    }
    void begin_drain() override {
        {
            std::lock_guard lock(record_->mutex);
            record_->drained.push_back(services_.worker_index());
        }
        record_->cv.notify_all();
    }
    std::size_t work_in_flight() const override {
        std::lock_guard lock(record_->mutex);
        return record_->in_flight;
    }

  private:
    std::shared_ptr<Record> record_;
    WorkerServices& services_;
    Reply reply_;
};

inline HandlerFactory recording_handlers(std::shared_ptr<Record> record,
                                         RecordingHandler::Reply reply = {}) {
    return [record, reply](WorkerServices& services) -> std::unique_ptr<MessageHandler> {
        return std::make_unique<RecordingHandler>(record, services, reply);
    };
}

inline boost::asio::ip::address loopback() {
    return boost::asio::ip::make_address("127.0.0.1");
}

}  // namespace dialtone::runtime::test
