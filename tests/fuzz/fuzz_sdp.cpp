// libFuzzer target: SessionDescription::parse, the typed readers, the parse/serialize round
// trip and offer/answer on whatever parsed. See fuzz_sdp_checks.hpp for the properties.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string_view>

#include "fuzz_sdp_checks.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    if (const char* broken = dialtone::fuzz::check_sdp(input)) {
        std::fprintf(stderr, "fuzz_sdp: invariant broken: %s\n", broken);
        __builtin_trap();
    }
    return 0;
}
