#include "media/loss_concealer.hpp"

#include <algorithm>
#include <cmath>

namespace dialtone::media {

LossConcealer::LossConcealer(int fade_frames) : fade_frames_(fade_frames < 1 ? 1 : fade_frames) {}

void LossConcealer::remember(std::span<const std::int16_t> frame) {
    last_.assign(frame.begin(), frame.end());
}

void LossConcealer::conceal(int in_row, std::span<std::int16_t> out) const {
    std::fill(out.begin(), out.end(), std::int16_t{0});
    if (in_row < 1 || in_row > fade_frames_ || last_.empty()) return;
    const double start = 1.0 - static_cast<double>(in_row - 1) / fade_frames_;
    const double end = 1.0 - static_cast<double>(in_row) / fade_frames_;
    const std::size_t n = out.size();
    for (std::size_t i = 0; i < n; ++i) {
        const double gain = start + (end - start) * static_cast<double>(i) / static_cast<double>(n);
        const std::int16_t source = last_[i % last_.size()];
        out[i] = static_cast<std::int16_t>(std::lround(source * gain));
    }
}

}  // namespace dialtone::media
