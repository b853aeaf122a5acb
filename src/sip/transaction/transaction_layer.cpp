#include "dialtone/sip/transaction/transaction_layer.hpp"

#include <utility>

#include "sip/transaction/effects.hpp"
#include "sip/transaction/layer_core.hpp"

namespace dialtone::transaction {

TransactionLayer::TransactionLayer(LayerConfig config) : core_(std::make_unique<Core>(config)) {}
TransactionLayer::~TransactionLayer() = default;
TransactionLayer::TransactionLayer(TransactionLayer&&) noexcept = default;
TransactionLayer& TransactionLayer::operator=(TransactionLayer&&) noexcept = default;

void TransactionLayer::on_message(message::Message message, const transport::Endpoint& source,
                                  Instant now, std::vector<Action>& out) {
    core_->on_message(std::move(message), source, now, out);
}

message::Result<ClientHandle> TransactionLayer::send_request(message::Message request,
                                                             const transport::Endpoint& destination,
                                                             Instant now,
                                                             std::vector<Action>& out) {
    return core_->send_request(std::move(request), destination, now, out);
}

ResponseResult TransactionLayer::send_response(ServerHandle txn, message::Message response,
                                               Instant now, std::vector<Action>& out) {
    return core_->send_response(txn, std::move(response), now, out);
}

ResponseResult TransactionLayer::send_final_and_forget(ServerHandle txn, message::Message response,
                                                       Instant now, std::vector<Action>& out) {
    return core_->send_final_and_forget(txn, std::move(response), now, out);
}

void TransactionLayer::send_stateless(const message::Message& message,
                                      const transport::Endpoint& destination,
                                      std::vector<Action>& out) {
    out.emplace_back(std::in_place_type<Send>,
                     Send{std::monostate{}, destination, detail::serialize(message), false});
}

void TransactionLayer::on_timer(const TimerId& timer, Instant now, std::vector<Action>& out) {
    core_->on_timer(timer, now, out);
}

void TransactionLayer::on_transport_error(const TransactionRef& txn, Instant now,
                                          std::vector<Action>& out) {
    core_->on_transport_error(txn, now, out);
}

std::string TransactionLayer::new_branch() {
    return core_->new_branch();
}

std::size_t TransactionLayer::size() const {
    return core_->size();
}

std::optional<State> TransactionLayer::state(ClientHandle txn) const {
    const detail::Transaction* t = core_->find(txn.id);
    if (t == nullptr || !t->is_client()) return std::nullopt;
    return t->state;
}

std::optional<State> TransactionLayer::state(ServerHandle txn) const {
    const detail::Transaction* t = core_->find(txn.id);
    if (t == nullptr || t->is_client()) return std::nullopt;
    return t->state;
}

RequestPtr TransactionLayer::request(ClientHandle txn) const {
    const detail::Transaction* t = core_->find(txn.id);
    return t != nullptr && t->is_client() ? t->request : nullptr;
}

RequestPtr TransactionLayer::request(ServerHandle txn) const {
    const detail::Transaction* t = core_->find(txn.id);
    return t != nullptr && !t->is_client() ? t->request : nullptr;
}

const LayerStats& TransactionLayer::stats() const {
    return core_->stats();
}

const LayerConfig& TransactionLayer::config() const {
    return core_->config();
}

}  // namespace dialtone::transaction
