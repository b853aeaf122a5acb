#pragma once
// A dialog's identity (RFC 3261 §12): Call-ID, local tag and remote tag, each from our point
// of view, so both ends of one dialog hold mirror-image ids.

#include <cstddef>
#include <functional>
#include <string>

namespace dialtone::dialog {

struct DialogId {
    std::string call_id;
    std::string local_tag;
    std::string remote_tag;

    friend bool operator==(const DialogId&, const DialogId&) = default;
};

}  // namespace dialtone::dialog

template <>
struct std::hash<dialtone::dialog::DialogId> {
    std::size_t operator()(const dialtone::dialog::DialogId& id) const noexcept {
        std::hash<std::string> h;
        return h(id.call_id) ^ (h(id.local_tag) * 31) ^ (h(id.remote_tag) * 1000003);
    }
};
