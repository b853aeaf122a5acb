#include "dialtone/sip/sdp/negotiated.hpp"

namespace dialtone::sdp {

bool NegotiatedSession::has_active_stream() const {
    for (const NegotiatedStream& s : streams)
        if (s.active) return true;
    return false;
}

}  // namespace dialtone::sdp
