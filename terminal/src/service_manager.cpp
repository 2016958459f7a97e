#include "touchpoint/service_manager.hpp"

#include <systemd/sd-daemon.h>

namespace tp::service_manager {

Notifier::Notifier() {
    std::uint64_t usec = 0;
    if (sd_watchdog_enabled(0, &usec) > 0) interval_ = std::chrono::microseconds(usec);
}

void Notifier::ready(const std::string& status) {
    if (ready_sent_) return;
    ready_sent_ = true;
    sd_notify(0, ("READY=1\nSTATUS=" + status).c_str());
}

void Notifier::alive() {
    if (interval_.count() == 0) return;
    const auto now = std::chrono::steady_clock::now();
    if (last_alive_ != std::chrono::steady_clock::time_point{} && now - last_alive_ < interval_ / 2) return;
    last_alive_ = now;
    sd_notify(0, "WATCHDOG=1");
}

void Notifier::stopping(const std::string& status) { sd_notify(0, ("STOPPING=1\nSTATUS=" + status).c_str()); }

void Notifier::status(const std::string& status) { sd_notify(0, ("STATUS=" + status).c_str()); }

}  // namespace tp::service_manager
