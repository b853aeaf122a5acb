// libFuzzer target: StreamFramer fed in chunks whose sizes come from the input; frames must
// tile the stream, respect the size limit and not depend on the cuts. See fuzz_checks.hpp.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string_view>

#include "fuzz_checks.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    if (const char* broken = dialtone::fuzz::check_framer(input)) {
        std::fprintf(stderr, "fuzz_framer: invariant broken: %s\n", broken);
        __builtin_trap();
    }
    return 0;
}
