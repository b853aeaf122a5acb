#pragma once
// The media statistics a softphone prints at the end of a call (and on demand): what we
// sent and received, loss and jitter as we measured them, and what the peer's RTCP reports
// said about our stream, one "key: value" line each so tests and people can both read them.

#include <string>

#include "ua/media_endpoint.hpp"

namespace dialtone::ua {

std::string format_media_statistics(const MediaEndpointStatistics& s);

}  // namespace dialtone::ua
