#include "server/outcome.hpp"

namespace dialtone::server {

std::string_view disposition_name(Disposition d) {
    switch (d) {
        case Disposition::Answered:
            return "answered";
        case Disposition::AckAbsorbed:
            return "ack_absorbed";
        case Disposition::ResponseIgnored:
            return "response_ignored";
        case Disposition::Unanswerable:
            return "unanswerable";
    }
    return "unknown";
}

}  // namespace dialtone::server
