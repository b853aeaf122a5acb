// parse/<impl>/<msg>: parse one SIP message from its bytes and read the fields a proxy
// reads (ProxyFields), with Dialtone, libosip2 and sofia-sip side by side. Each benchmark
// first checks, untimed, that its parser reports the expected values; a parser that fails
// or reads a wrong value is reported as an error instead of a timing, and the binary
// exits non-zero.

#include <benchmark/benchmark.h>

#include <cstdio>
#include <deque>
#include <string>
#include <string_view>

#include "bench_message.hpp"
#include "proxy_fields.hpp"
#include "read_dialtone.hpp"
#include "read_osip2.hpp"
#include "read_sofia.hpp"

namespace dialtone::bench {
namespace {

bool g_failed = false;

void fail(benchmark::State& state, std::string why) {
    // benchmark 1.7 keeps the pointer it is given, so the text must outlive the run.
    static std::deque<std::string> kept;
    kept.push_back(std::move(why));
    state.SkipWithError(kept.back().c_str());
    g_failed = true;
}

template <class Reader>
void parse_and_read(benchmark::State& state, const BenchMessage& msg) {
    Reader reader;
    ProxyFields fields;
    if (!reader.read(msg.bytes, fields)) {
        fail(state, "the parser rejected the message or a header a proxy reads");
        return;
    }
    if (std::string why = describe_mismatch(msg.expected, fields); !why.empty()) {
        fail(state, "wrong value: " + why);
        return;
    }
    if (checksum(fields) != checksum(msg.expected)) {
        fail(state, "checksum of the checked read differs from the expected values");
        return;
    }
    const std::uint64_t want = shape_fingerprint(msg.expected);
    for (auto _ : state) {
        const bool ok = reader.read(msg.bytes, fields);
        std::uint64_t shape = shape_fingerprint(fields);
        benchmark::DoNotOptimize(shape);
        if (!ok || shape != want) {
            fail(state, "a timed read gave different values than the checked one");
            break;
        }
    }
    // The last timed read must give exactly the values checked before timing.
    if (std::string why = describe_mismatch(msg.expected, fields); !why.empty()) {
        fail(state, "last timed read: " + why);
        return;
    }
    state.SetItemsProcessed(state.iterations());
    state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(msg.bytes.size()));
}

struct Impl {
    std::string_view name;
    void (*run)(benchmark::State&, const BenchMessage&);
};

constexpr Impl kImpls[] = {
    {"dialtone", &parse_and_read<DialtoneReader>},
    {"osip2", &parse_and_read<Osip2Reader>},
    {"sofia", &parse_and_read<SofiaReader>},
};

}  // namespace
}  // namespace dialtone::bench

int main(int argc, char** argv) {
    using namespace dialtone::bench;
    for (const BenchMessage& msg : bench_messages()) {
        if (std::string why = check_framing(msg); !why.empty()) {
            std::fprintf(stderr, "bench_parser: message %.*s: %s\n",
                         static_cast<int>(msg.name.size()), msg.name.data(), why.c_str());
            return 1;
        }
    }
    for (const Impl& impl : kImpls) {
        for (const BenchMessage& msg : bench_messages()) {
            const std::string name =
                "parse/" + std::string(impl.name) + "/" + std::string(msg.name);
            benchmark::RegisterBenchmark(
                name.c_str(), [run = impl.run, &msg](benchmark::State& state) { run(state, msg); });
        }
    }
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return g_failed ? 1 : 0;
}
