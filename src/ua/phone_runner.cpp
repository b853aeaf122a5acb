#include "ua/phone_runner.hpp"

#include <exception>
#include <iostream>

#include "runtime/logging.hpp"
#include "runtime/server.hpp"
#include "ua/phone_handler.hpp"

namespace dialtone::ua {

PhoneOutcome run_phone(PhoneSettings settings, const PhoneRuntime& rt, std::string& error) {
    PhoneOutcome outcome;
    if (!runtime::setup_logging(rt.log_level)) {
        error = "bad log level " + rt.log_level;
        outcome.failed = true;
        return outcome;
    }
    runtime::ServerConfig config;
    runtime::ListenSpec listen;
    listen.address = rt.bind;
    listen.port = rt.port;
    config.listen = {listen};
    config.workers = 1;
    config.handle_signals = true;
    config.shutdown_grace = rt.grace;

    runtime::Server* server_ptr = nullptr;
    if (!settings.print) {
        settings.print = [](const std::string& line) { std::cout << line << std::endl; };
    }
    settings.finish = [&server_ptr] {
        if (server_ptr) server_ptr->stop();
    };
    PhoneHandler* handler = nullptr;
    runtime::Server server(config, phone_handlers(settings, outcome, handler));
    server_ptr = &server;
    try {
        server.open();
    } catch (const std::exception& e) {
        error = e.what();
        outcome.failed = true;
        return outcome;
    }
    server.post_to_worker(0, [&handler](runtime::WorkerServices&) {
        if (handler) handler->start();
    });
    server.run();
    return outcome;
}

}  // namespace dialtone::ua
