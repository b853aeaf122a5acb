#include "unit/support/loop_network.hpp"

namespace dialtone::test {

std::string LoopNetwork::key(const transport::Endpoint& e) {
    std::string k(transport::via_token(e.transport));
    k += ' ';
    k += e.ip;
    k += ':';
    k += std::to_string(e.port);
    return k;
}

void LoopNetwork::attach(LayerDriver& driver) {
    drivers_[key(driver.local())] = &driver;
    driver.on_send = [this, &driver](const SentMessage& m) { transmit(driver, m); };
}

void LoopNetwork::set_conditions(const transport::Endpoint& from, const transport::Endpoint& to,
                                 const LinkConditions& conditions) {
    links_[{key(from), key(to)}] = conditions;
}

void LoopNetwork::set_failing(const transport::Endpoint& destination, bool failing) {
    failing_[key(destination)] = failing;
}

const LinkConditions& LoopNetwork::conditions(const transport::Endpoint& from,
                                              const transport::Endpoint& to) const {
    auto it = links_.find({key(from), key(to)});
    return it == links_.end() ? default_ : it->second;
}

bool LoopNetwork::draw(double probability) {
    if (probability <= 0.0) return false;
    return std::uniform_real_distribution<double>(0.0, 1.0)(random_) < probability;
}

transaction::Duration LoopNetwork::draw_delay(const LinkConditions& c) {
    if (c.max_delay <= c.min_delay) return c.min_delay;
    return transaction::Duration(std::uniform_int_distribution<std::int64_t>(
        c.min_delay.count(), c.max_delay.count())(random_));
}

void LoopNetwork::transmit(LayerDriver& from, const SentMessage& message) {
    ++stats_.sent;
    // The receiver sees the sender's address on the transport the message travels over.
    const transport::Endpoint source{message.destination.transport, from.local().ip,
                                     from.local().port};
    const LinkConditions& link = conditions(source, message.destination);
    const std::string destination_key = key(message.destination);

    if (auto f = failing_.find(destination_key); f != failing_.end() && f->second) {
        ++stats_.failed;
        const transaction::TransactionRef txn = message.txn;
        LayerDriver* sender = &from;
        clock_.schedule_in(draw_delay(link), [sender, txn] { sender->transport_error(txn); });
        return;
    }
    if (draw(link.drop)) {
        ++stats_.dropped;
        return;
    }
    auto it = drivers_.find(destination_key);
    if (it == drivers_.end()) {
        ++stats_.unroutable;
        return;
    }
    LayerDriver* receiver = it->second;
    const int copies = draw(link.duplicate) ? 2 : 1;
    if (copies == 2) ++stats_.duplicated;
    for (int i = 0; i < copies; ++i) {
        clock_.schedule_in(draw_delay(link), [this, receiver, bytes = message.bytes, source] {
            if (receiver->receive_bytes(bytes, source)) {
                ++stats_.delivered;
            } else {
                ++stats_.unparsable;
            }
        });
    }
}

}  // namespace dialtone::test
