// libFuzzer target: parse_uri, uri_equal(u, u) and the escape/unescape round trip.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string_view>

#include "fuzz_checks.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    if (const char* broken = dialtone::fuzz::check_uri(input)) {
        std::fprintf(stderr, "fuzz_uri: invariant broken: %s\n", broken);
        __builtin_trap();
    }
    return 0;
}
