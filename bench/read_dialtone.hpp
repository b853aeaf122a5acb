#pragma once
#include <optional>
#include <string_view>

#include "dialtone/sip/message/message.hpp"
#include "proxy_fields.hpp"

namespace dialtone::bench {

// Reads ProxyFields through dialtone::message::Message and its typed accessors.
class DialtoneReader {
  public:
    // Parses `bytes` and fills `out`; false when the parser rejects the message or a header
    // the proxy reads. The views in `out` stay valid until the next read().
    bool read(std::string_view bytes, ProxyFields& out);

  private:
    std::optional<message::Message> msg_;
};

}  // namespace dialtone::bench
