#pragma once
#include <string_view>

#include "proxy_fields.hpp"

struct msg_s;  // sofia-sip's msg_t, kept out of this header

namespace dialtone::bench {

// Reads ProxyFields through sofia-sip's msg_make() and the typed sip_t header structs.
class SofiaReader {
  public:
    SofiaReader() = default;
    ~SofiaReader();
    SofiaReader(const SofiaReader&) = delete;
    SofiaReader& operator=(const SofiaReader&) = delete;

    // Parses `bytes` and fills `out`; false when sofia flags a parse error or lacks a header
    // the proxy reads. The views in `out` stay valid until the next read().
    bool read(std::string_view bytes, ProxyFields& out);

  private:
    void release();
    msg_s* msg_ = nullptr;
};

}  // namespace dialtone::bench
