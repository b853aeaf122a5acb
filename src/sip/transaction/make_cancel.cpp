#include "dialtone/sip/transaction/make_cancel.hpp"

#include "sip/transaction/hop_request.hpp"

namespace dialtone::transaction {

message::Message make_cancel(const message::Message& request) {
    // §9.1: the To of the request being cancelled, tags included.
    return detail::make_hop_request(request, "CANCEL", request.header(message::HeaderId::To));
}

}  // namespace dialtone::transaction
