#include "touchpoint/session.hpp"

namespace tp {

void Session::touch() {
    last_activity_ = clock_.now();
    phase_ = SessionPhase::Active;
}

void Session::sign_in(Identity identity) {
    identity_ = std::move(identity);
    touch();
}

bool Session::tick() {
    if (phase_ == SessionPhase::Idle) return false;
    const Millis idle = clock_.now() - last_activity_;
    if (idle >= config_.idle_timeout + config_.warning) {
        reset();
        return true;
    }
    if (idle >= config_.idle_timeout) phase_ = SessionPhase::Warning;
    return false;
}

Millis Session::warning_remaining() const {
    if (phase_ != SessionPhase::Warning) return 0;
    const Millis left = last_activity_ + config_.idle_timeout + config_.warning - clock_.now();
    return left > 0 ? left : 0;
}

void Session::reset() {
    identity_.reset();
    scratch_ = SessionScratch{};
    scratch_.language = config_.language;
    phase_ = SessionPhase::Idle;
    last_activity_ = 0;
    ++generation_;
}

}  // namespace tp
