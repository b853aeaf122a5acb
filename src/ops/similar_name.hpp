#pragma once
// Suggesting the key a person probably meant when they mistype one.

#include <string>
#include <string_view>
#include <vector>

namespace dialtone::ops {

// The candidate closest to `name` by edit distance, or empty when none is close enough to be
// a likely typo (more than a third of the name differs).
std::string most_similar(std::string_view name, const std::vector<std::string>& candidates);

}  // namespace dialtone::ops
