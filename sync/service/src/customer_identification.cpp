#include "customer_identification.hpp"

#include "touchpoint/crypto.hpp"

namespace tp::service {
namespace {

constexpr int kMaxPinFailures = 5;

}  // namespace

CustomerIdentification identify_customer(Db& db, EntityStore& store,
                                         const std::string& customer_id, const std::string& pin,
                                         Millis now, std::chrono::milliseconds lockout) {
    auto customer = store.customer(customer_id);
    if (!customer || customer->pin_hash.empty()) return CustomerIdentification::WrongPin;
    int failures = 0;
    auto attempts =
        db.prepare("SELECT failures, locked_until FROM customer_attempts WHERE customer_id = ?");
    attempts.bind(1, customer_id);
    if (attempts.step()) {
        failures = attempts.integer(0);
        if (attempts.int64(1) > now) return CustomerIdentification::Locked;
    }
    const bool ok = pin_matches(customer->pin_salt, customer->pin_hash, pin);
    failures = ok ? 0 : failures + 1;
    const bool lock = failures >= kMaxPinFailures;
    db.prepare(
          "INSERT INTO customer_attempts(customer_id, failures, locked_until) VALUES(?, ?, ?) "
          "ON CONFLICT(customer_id) DO UPDATE SET failures = excluded.failures, "
          "locked_until = excluded.locked_until")
        .bind_all(customer_id, lock ? 0 : failures, lock ? now + lockout.count() : Millis{0})
        .run();
    if (ok) return CustomerIdentification::Verified;
    return lock ? CustomerIdentification::Locked : CustomerIdentification::WrongPin;
}

}  // namespace tp::service
