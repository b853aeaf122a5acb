// libFuzzer target: Message::parse (datagram mode), every typed accessor, validation and
// the serialize/parse round trip. See fuzz_checks.hpp for the properties.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string_view>

#include "fuzz_checks.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    if (const char* broken = dialtone::fuzz::check_message(input)) {
        std::fprintf(stderr, "fuzz_message: invariant broken: %s\n", broken);
        __builtin_trap();
    }
    return 0;
}
