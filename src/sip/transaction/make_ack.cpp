#include "dialtone/sip/transaction/make_ack.hpp"

#include "sip/transaction/hop_request.hpp"

namespace dialtone::transaction {

message::Message make_non2xx_ack(const message::Message& invite, const message::Message& response) {
    // §17.1.1.3: the To of the response being acknowledged, tag included.
    return detail::make_hop_request(invite, "ACK", response.header(message::HeaderId::To));
}

}  // namespace dialtone::transaction
