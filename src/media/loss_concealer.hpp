#pragma once
// Packet loss concealment for G.711 (or any PCM) frames, the simple way: a missing frame is
// the last good frame played again, faded. The gain falls linearly across each concealed
// frame, from 1 to 0 over `fade_frames` frames (3 by default), so there is no click and a
// long gap ends in silence. (G.711 Appendix I's pitch-period repetition sounds better for
// speech; repetition is enough for single losses at 20 ms.)

#include <cstdint>
#include <span>
#include <vector>

namespace dialtone::media {

class LossConcealer {
  public:
    explicit LossConcealer(int fade_frames = 3);

    // A frame that was received and decoded; the next concealment repeats it.
    void remember(std::span<const std::int16_t> frame);

    // Fills `out` for the `in_row`-th missing frame in a row (1 for the first).
    void conceal(int in_row, std::span<std::int16_t> out) const;

  private:
    int fade_frames_;
    std::vector<std::int16_t> last_;
};

}  // namespace dialtone::media
