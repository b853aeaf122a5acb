#include "dialtone/sip/message/header_id.hpp"

#include "sip/message/header_lookup.hpp"

namespace dialtone::message {

HeaderId header_id_from_name(std::string_view name) {
    return header_lookup::find(name.data(), name.size());
}

}  // namespace dialtone::message
