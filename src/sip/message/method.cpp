#include "dialtone/sip/message/method.hpp"

#include <array>

namespace dialtone::message {

namespace {
constexpr std::array<std::string_view, 15> kNames = {
    "",          "INVITE", "ACK",     "BYE",  "CANCEL", "OPTIONS", "REGISTER", "PRACK",
    "SUBSCRIBE", "NOTIFY", "PUBLISH", "INFO", "REFER",  "MESSAGE", "UPDATE",
};
}

Method method_from_name(std::string_view name) {
    // Switch on length first: most lookups compare one or two candidates.
    switch (name.size()) {
        case 3:
            if (name == "ACK") return Method::Ack;
            if (name == "BYE") return Method::Bye;
            break;
        case 4:
            if (name == "INFO") return Method::Info;
            break;
        case 5:
            if (name == "PRACK") return Method::Prack;
            if (name == "REFER") return Method::Refer;
            break;
        case 6:
            if (name == "INVITE") return Method::Invite;
            if (name == "CANCEL") return Method::Cancel;
            if (name == "NOTIFY") return Method::Notify;
            if (name == "UPDATE") return Method::Update;
            break;
        case 7:
            if (name == "OPTIONS") return Method::Options;
            if (name == "PUBLISH") return Method::Publish;
            if (name == "MESSAGE") return Method::Message;
            break;
        case 8:
            if (name == "REGISTER") return Method::Register;
            break;
        case 9:
            if (name == "SUBSCRIBE") return Method::Subscribe;
            break;
        default:
            break;
    }
    return Method::Extension;
}

std::string_view method_name(Method m) {
    return kNames[static_cast<std::size_t>(m)];
}

}  // namespace dialtone::message
