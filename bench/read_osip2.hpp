#pragma once
#include <string_view>

#include "proxy_fields.hpp"

struct osip_message;  // osip_message_t, kept out of this header

namespace dialtone::bench {

// Reads ProxyFields through libosip2's parser and accessor API.
class Osip2Reader {
  public:
    Osip2Reader();  // runs osip's parser_init() the first time
    ~Osip2Reader();
    Osip2Reader(const Osip2Reader&) = delete;
    Osip2Reader& operator=(const Osip2Reader&) = delete;

    // Parses `bytes` and fills `out`; false when osip rejects the message or lacks a header
    // the proxy reads. The views in `out` stay valid until the next read().
    bool read(std::string_view bytes, ProxyFields& out);

  private:
    void release();
    osip_message* msg_ = nullptr;
};

}  // namespace dialtone::bench
