#include "touchpoint/pin_lockout.hpp"

#include <algorithm>

namespace tp {
namespace {

const char* kind_of(PinSubject subject) {
    return subject == PinSubject::Customer ? "customer" : "staff";
}

}  // namespace

Millis pin_lock_after(const PinLockoutPolicy& policy, int locks) {
    Millis lock = policy.first_lock;
    for (int i = 0; i < locks && lock < policy.max_lock; ++i) lock *= 2;
    return std::min(lock, policy.max_lock);
}

PinTry reserve_pin_try(Db& db, PinSubject subject, const std::string& id, Millis now,
                       const PinLockoutPolicy& policy) {
    Transaction txn(db, Transaction::Durability::Full);
    auto read = db.prepare(
        "SELECT failures, locks, locked_until FROM pin_attempts WHERE kind = ? AND id = ?");
    read.bind_all(kind_of(subject), id);
    int failures = 0;
    int locks = 0;
    Millis locked_until = 0;
    if (read.step()) {
        failures = read.integer(0);
        locks = read.integer(1);
        locked_until = read.int64(2);
    }
    PinTry out;
    if (locked_until > now) {
        out.locked = true;
        out.locked_until = locked_until;
        return out;
    }
    if (++failures >= policy.max_failures) {
        locked_until = now + pin_lock_after(policy, locks);
        ++locks;
        failures = 0;
        out.locks_on_fail = true;
        out.locked_until = locked_until;
    } else {
        out.tries_left = policy.max_failures - failures;
    }
    db.prepare(
          "INSERT INTO pin_attempts(kind, id, failures, locks, locked_until) VALUES(?, ?, ?, ?, ?) "
          "ON CONFLICT(kind, id) DO UPDATE SET failures = excluded.failures, "
          "locks = excluded.locks, locked_until = excluded.locked_until")
        .bind_all(kind_of(subject), id, failures, locks, locked_until)
        .run();
    txn.commit();
    return out;
}

void forget_pin_failures(Db& db, PinSubject subject, const std::string& id) {
    db.prepare("DELETE FROM pin_attempts WHERE kind = ? AND id = ?")
        .bind_all(kind_of(subject), id)
        .run();
}

}  // namespace tp
