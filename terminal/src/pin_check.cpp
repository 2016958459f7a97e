#include "touchpoint/pin_check.hpp"

#include <chrono>

#include "touchpoint/crypto.hpp"

namespace tp {

PinCheck PinCheck::start(std::string salt, std::string hash, std::string pin) {
    PinCheck check;
    check.answer_ = std::async(std::launch::async, [salt = std::move(salt), hash = std::move(hash),
                                                    pin = std::move(pin)] {
        if (hash.empty()) {
            pin_check_without_verifier(pin);
            return false;
        }
        return pin_matches(salt, hash, pin);
    });
    return check;
}

bool PinCheck::ready() const {
    return answer_.valid() &&
           answer_.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
}

bool PinCheck::matched() {
    return answer_.valid() && answer_.get();
}

}  // namespace tp
