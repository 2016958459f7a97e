#include "staff_pins.hpp"

#include <algorithm>
#include <optional>

#include "entity_store.hpp"
#include "scope.hpp"
#include "touchpoint/crypto.hpp"

namespace tp::service {
namespace {

struct Attempts {
    int failures = 0;
    int locks = 0;
    Millis locked_until = 0;
};

Attempts read_attempts(Sql& db, const std::string& staff_id, const std::string& terminal_id) {
    auto stmt = db.prepare(
        "SELECT failures, locks, locked_until FROM staff_pin_attempts "
        "WHERE staff_id = ? AND terminal_id = ?");
    stmt.bind_all(staff_id, terminal_id);
    Attempts a;
    if (stmt.step()) a = {stmt.integer(0), stmt.integer(1), stmt.int64(2)};
    return a;
}

void write_attempts(Sql& db, const std::string& staff_id, const std::string& terminal_id,
                    const Attempts& a) {
    db.prepare(
          "INSERT INTO staff_pin_attempts(staff_id, terminal_id, failures, locks, locked_until) "
          "VALUES(?, ?, ?, ?, ?) ON CONFLICT(staff_id, terminal_id) DO UPDATE SET "
          "failures = excluded.failures, locks = excluded.locks, "
          "locked_until = excluded.locked_until")
        .bind_all(staff_id, terminal_id, a.failures, a.locks, a.locked_until)
        .run();
}

// What the first transaction decided about a try.
struct Reservation {
    bool locked = false;        // refused without a check
    bool locks_on_fail = false;  // this try reached the limit: locked unless the PIN is right
    std::optional<Staff> staff;
};

Reservation reserve_try(ServiceContext& ctx, const TerminalIdentity& terminal,
                        const std::string& staff_id) {
    return ctx.storage->run([&](Sql& db) {
        const Millis now = ctx.now();
        Reservation r;
        EntityStore store(db);
        r.staff = store.staff(staff_id);
        // Staff of another store are no staff here: answered and counted as an unknown id, so
        // their PINs cannot be confirmed at this terminal.
        if (r.staff && r.staff->store_id != terminal.store_id) r.staff.reset();
        if (!r.staff) {
            // No row for the id; the terminal's probe count costs the same write a real try does.
            db.prepare(
                  "INSERT INTO staff_pin_probes(terminal_id, unknown_tries, last_at) VALUES(?, 1, ?) "
                  "ON CONFLICT(terminal_id) DO UPDATE SET "
                  "unknown_tries = staff_pin_probes.unknown_tries + 1, last_at = excluded.last_at")
                .bind_all(terminal.terminal_id, now)
                .run();
            return r;
        }
        // Read and written in one unit of work: a concurrent try of the same staff member at the
        // same terminal makes one of the two run again (SERIALIZABLE; SQLite's one writer).
        Attempts a = read_attempts(db, staff_id, terminal.terminal_id);
        if (a.locked_until > now) {
            r.locked = true;
            return r;
        }
        if (++a.failures >= kMaxStaffPinFailures) {
            a.locked_until = now + staff_lockout_after(ctx.config.staff_lockout, a.locks).count();
            ++a.locks;
            a.failures = 0;
            r.locks_on_fail = true;
        }
        write_attempts(db, staff_id, terminal.terminal_id, a);
        return r;
    });
}

// Runs `check` while holding one of ctx.pin_checks' slots.
template <typename Check>
auto within_slot(ServiceContext& ctx, Check&& check) {
    PinCheckSlots::Held held(ctx.pin_checks);
    return check();
}

}  // namespace

std::chrono::milliseconds staff_lockout_after(std::chrono::milliseconds base, int locks) {
    auto lockout = base;
    for (int i = 0; i < locks && lockout < kMaxStaffLockout; ++i) lockout *= 2;
    return std::min(lockout, std::chrono::duration_cast<std::chrono::milliseconds>(
                                 kMaxStaffLockout));
}

StaffVerification verify_staff(ServiceContext& ctx, const TerminalIdentity& terminal,
                               const std::string& staff_id, const std::string& pin) {
    StaffVerification out;
    Reservation r = reserve_try(ctx, terminal, staff_id);
    if (r.locked) {
        out.outcome = StaffVerification::Outcome::Locked;
        return out;
    }
    if (!r.staff) {
        within_slot(ctx, [&] {
            pin_check_without_verifier(pin);
            return true;
        });
        return out;
    }
    const Staff& staff = *r.staff;
    std::optional<PinVerifier> renewed;
    const bool pin_ok = within_slot(ctx, [&] {
        const bool ok = pin_matches(staff.pin_salt, staff.pin_hash, pin);
        if (ok && !pin_hash_is_current(staff.pin_hash)) renewed = make_pin_verifier(pin);
        return ok;
    });
    if (!pin_ok) {
        out.outcome = r.locks_on_fail ? StaffVerification::Outcome::Locked
                                      : StaffVerification::Outcome::WrongPin;
        return out;
    }
    out.work_orders_added = ctx.storage->run_feed_writer([&](Sql& db) {
        db.prepare("DELETE FROM staff_pin_attempts WHERE staff_id = ? AND terminal_id = ?")
            .bind_all(staff_id, terminal.terminal_id)
            .run();
        EntityStore store(db);
        if (renewed) {
            // Only if nobody changed the verifier meanwhile; the feed carries the new one.
            auto current = store.staff(staff_id);
            if (current && current->pin_hash == staff.pin_hash) {
                current->pin_salt = renewed->salt;
                current->pin_hash = renewed->hash;
                store.save(*current);
            }
        }
        if (staff.role == Role::Technician && staff.store_id == terminal.store_id)
            return add_technician_to_scope(db, store, terminal, staff_id, ctx.now());
        return 0;
    });
    out.outcome = StaffVerification::Outcome::Verified;
    out.staff = staff;
    out.staff.pin_salt.clear();
    out.staff.pin_hash.clear();
    return out;
}

}  // namespace tp::service
