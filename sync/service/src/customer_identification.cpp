#include "customer_identification.hpp"

#include <optional>

#include "entity_store.hpp"
#include "scope.hpp"
#include "staff_pins.hpp"
#include "touchpoint/crypto.hpp"

namespace tp::service {
namespace {

constexpr int kMaxCustomerFailures = 5;
constexpr int kMaxTerminalFailures = 10;

struct Attempts {
    int failures = 0;
    int locks = 0;
    Millis locked_until = 0;
};

// `table` is customer_pin_attempts or terminal_identify_attempts, keyed by `id`.
Attempts read_attempts(Sql& db, const char* select, const std::string& id) {
    auto stmt = db.prepare(select);
    stmt.bind(1, id);
    Attempts a;
    if (stmt.step()) a = {stmt.integer(0), stmt.integer(1), stmt.int64(2)};
    return a;
}

void write_attempts(Sql& db, const char* upsert, const std::string& id, const Attempts& a) {
    db.prepare(upsert).bind_all(id, a.failures, a.locks, a.locked_until).run();
}

constexpr const char* kSelectCustomer =
    "SELECT failures, locks, locked_until FROM customer_pin_attempts WHERE customer_id = ?";
constexpr const char* kUpsertCustomer =
    "INSERT INTO customer_pin_attempts(customer_id, failures, locks, locked_until) "
    "VALUES(?, ?, ?, ?) ON CONFLICT(customer_id) DO UPDATE SET failures = excluded.failures, "
    "locks = excluded.locks, locked_until = excluded.locked_until";
constexpr const char* kSelectTerminal =
    "SELECT failures, locks, locked_until FROM terminal_identify_attempts WHERE terminal_id = ?";
constexpr const char* kUpsertTerminal =
    "INSERT INTO terminal_identify_attempts(terminal_id, failures, locks, locked_until) "
    "VALUES(?, ?, ?, ?) ON CONFLICT(terminal_id) DO UPDATE SET failures = excluded.failures, "
    "locks = excluded.locks, locked_until = excluded.locked_until";

// Counts one try against `a`; true when this try reaches `limit` (it locks unless right).
bool count_try(Attempts& a, int limit, Millis now, std::chrono::milliseconds base) {
    if (++a.failures < limit) return false;
    a.locked_until = now + staff_lockout_after(base, a.locks).count();
    ++a.locks;
    a.failures = 0;
    return true;
}

struct Reservation {
    std::optional<CustomerIdentification> refused;    // locked before any check
    std::optional<CustomerIdentification> locks_on_fail;  // this try reached a limit
    std::optional<Customer> customer;                 // known, with a PIN
};

Reservation reserve_try(ServiceContext& ctx, const TerminalIdentity& terminal,
                        const std::string& customer_id) {
    return ctx.storage->run([&](Sql& db) {
        const Millis now = ctx.now();
        const auto base = ctx.config.customer_lockout;
        Reservation r;
        Attempts t = read_attempts(db, kSelectTerminal, terminal.terminal_id);
        if (t.locked_until > now) {
            r.refused = CustomerIdentification::TerminalLocked;
            return r;
        }
        EntityStore store(db);
        r.customer = store.customer(customer_id);
        if (r.customer && r.customer->pin_hash.empty()) r.customer.reset();
        Attempts c;
        if (r.customer) {
            c = read_attempts(db, kSelectCustomer, customer_id);
            if (c.locked_until > now) {
                r.refused = CustomerIdentification::CustomerLocked;
                return r;
            }
            if (count_try(c, kMaxCustomerFailures, now, base))
                r.locks_on_fail = CustomerIdentification::CustomerLocked;
            write_attempts(db, kUpsertCustomer, customer_id, c);
        }
        if (count_try(t, kMaxTerminalFailures, now, base))
            r.locks_on_fail = CustomerIdentification::TerminalLocked;
        write_attempts(db, kUpsertTerminal, terminal.terminal_id, t);
        return r;
    });
}

// A right PIN: the customer's count is forgotten (the terminal's is not: one known PIN must not
// buy more guesses at others), the customer becomes a served customer of the terminal.
void record_success(ServiceContext& ctx, const TerminalIdentity& terminal,
                    const std::string& customer_id) {
    ctx.storage->run_feed_writer([&](Sql& db) {
        Attempts c = read_attempts(db, kSelectCustomer, customer_id);
        c.failures = 0;
        c.locked_until = 0;
        write_attempts(db, kUpsertCustomer, customer_id, c);
        Attempts t = read_attempts(db, kSelectTerminal, terminal.terminal_id);
        if (t.failures > 0) --t.failures;  // the counted try was not a failure
        t.locked_until = 0;
        write_attempts(db, kUpsertTerminal, terminal.terminal_id, t);
        EntityStore store(db);
        serve_customer(db, store, terminal, customer_id, ctx.now());
    });
}

}  // namespace

CustomerIdentification identify_customer(ServiceContext& ctx, const TerminalIdentity& terminal,
                                         const std::string& customer_id, const std::string& pin) {
    Reservation r = reserve_try(ctx, terminal, customer_id);
    if (r.refused) return *r.refused;
    bool ok = false;
    {
        PinCheckSlots::Held held(ctx.pin_checks);
        if (r.customer)
            ok = pin_matches(r.customer->pin_salt, r.customer->pin_hash, pin);
        else
            pin_check_without_verifier(pin);
    }
    if (!ok) return r.locks_on_fail.value_or(CustomerIdentification::WrongPin);
    record_success(ctx, terminal, customer_id);
    ctx.notifier.notify();
    return CustomerIdentification::Verified;
}

}  // namespace tp::service
