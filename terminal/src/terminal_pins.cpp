// PIN sign-in at the terminal: a customer's second factor and a staff member's sign-in, both
// checked against cached verifiers so they work offline (docs/security.md "PINs").
#include <algorithm>

#include "touchpoint/pin_check.hpp"
#include "touchpoint/queries.hpp"
#include "touchpoint/retention.hpp"
#include "touchpoint/terminal.hpp"
#include "local_read.hpp"

namespace tp {
namespace {

// The languages the terminal's screens speak (domain.hpp: a customer's preference is one of them).
bool is_terminal_language(const std::string& language) {
    return language == "en" || language == "es" || language == "fr" || language == "de";
}

const Error kCheckRunning{Errc::Busy, "pin.checking", {}};

}  // namespace

Status Terminal::verify_pin(const std::string& pin) {
    if (auto begun = begin_verify_pin(pin); !begun) return begun;
    return finish_pin_check();
}

Status Terminal::staff_sign_in(const std::string& staff_id, const std::string& pin) {
    if (auto begun = begin_staff_sign_in(staff_id, pin); !begun) return begun;
    return finish_pin_check();
}

bool Terminal::pin_check_pending() const {
    return pending_pin_ && pending_pin_->generation == session_.generation();
}

bool Terminal::pin_check_ready() const {
    return pin_check_pending() && pending_pin_->check.ready();
}

Status Terminal::begin_verify_pin(const std::string& pin) {
    if (pin_check_pending()) return kCheckRunning;
    pending_pin_.reset();
    session_.touch();
    auto& scratch = session_.scratch();
    store_.clear_failures();
    auto customer = load_customer(store_, scratch.identified_customer);
    if (!customer)
        return nothing_found(store_, {Errc::NotFound, "error.identify_first", {}}, kCannotRead);
    try {
        const PinTry attempt =
            reserve_pin_try(store_.db(), PinSubject::Customer, customer->id, clock_.now(),
                            lockout_policy(config_.customer_lockout));
        if (attempt.locked) {
            end_session();
            return Error{Errc::Locked, "verify.locked", {}};
        }
        pending_pin_ = PendingPin{PinSubject::Customer,
                                  Identity{Role::Customer, customer->id, customer->name, {}, {}},
                                  customer->preferences.language, attempt, session_.generation(),
                                  PinCheck::start(customer->pin_salt, customer->pin_hash, pin)};
    } catch (const DbException& e) {
        return Error{Errc::DbIo, "error.pin_unavailable", e.what()};
    }
    dirty_ = true;
    return Ok{};
}

Status Terminal::begin_staff_sign_in(const std::string& staff_id, const std::string& pin) {
    if (pin_check_pending()) return kCheckRunning;
    pending_pin_.reset();
    session_.touch();
    PendingPin pending;
    pending.subject = PinSubject::Staff;
    pending.generation = session_.generation();
    try {
        store_.clear_failures();
        // Staff IDs are not case-sensitive ("r1" is R1): the on-screen keyboard types lowercase.
        auto staff = load_staff_any_case(store_, staff_id);
        if (!staff) {
            if (store_.failure())
                return nothing_found(store_, {Errc::Unauthorized, "staff.wrong_pin", {}},
                                     "error.sign_in_unavailable");
            pending.check = PinCheck::start({}, {}, pin);  // an unknown id costs what a check costs
        } else {
            pending.attempt = reserve_pin_try(store_.db(), PinSubject::Staff, staff->id,
                                              clock_.now(), lockout_policy(config_.staff_lockout));
            if (pending.attempt.locked) return staff_locked(pending.attempt);
            pending.who = Identity{staff->role, {}, {}, staff->id, staff->name};
            pending.check = PinCheck::start(staff->pin_salt, staff->pin_hash, pin);
        }
    } catch (const DbException& e) {
        return Error{Errc::DbIo, "error.sign_in_unavailable", e.what()};
    }
    pending_pin_ = std::move(pending);
    dirty_ = true;
    return Ok{};
}

Status Terminal::begin_staff_exit(const std::string& pin) {
    const auto& who = session_.identity();
    if (!who || who->staff_id.empty()) return Error{Errc::Unauthorized, "exit.staff_only", {}};
    if (auto begun = begin_staff_sign_in(who->staff_id, pin); !begun) return begun;
    pending_pin_->exit = true;
    return Ok{};
}

Status Terminal::finish_pin_check() {
    if (!pin_check_pending()) {
        pending_pin_.reset();
        return Error{Errc::NotFound, "error.identify_first", "no PIN check is running"};
    }
    PendingPin pending = std::move(*pending_pin_);
    pending_pin_.reset();
    const bool matched = pending.check.matched();
    dirty_ = true;
    // The session may have been reset while the KDF ran: then nobody is signed in.
    if (pending.generation != session_.generation())
        return Error{Errc::NotFound, "error.identify_first", "the session ended during the check"};
    return pending.subject == PinSubject::Customer ? finish_customer_pin(pending, matched)
                                                   : finish_staff_pin(pending, matched);
}

Status Terminal::finish_customer_pin(const PendingPin& pending, bool matched) {
    const Error locked{Errc::Locked, "verify.locked", {}};
    auto& scratch = session_.scratch();
    try {
        if (matched) {
            const std::string& customer_id = pending.who.customer_id;
            forget_pin_failures(store_.db(), PinSubject::Customer, customer_id);
            note_customer_served(store_.db(), customer_id, clock_.now());
            session_.sign_in(pending.who);
            scratch.identified_customer.clear();
            // A language chosen in this session wins; only when nobody chose one does the
            // session speak the customer's preferred language from here on (they can still
            // choose another). A preference outside the terminal's languages changes nothing.
            if (!scratch.language_chosen && is_terminal_language(pending.language))
                scratch.language = pending.language;
            record_interaction("session_started", {});
            return Ok{};
        }
    } catch (const DbException& e) {
        return Error{Errc::DbIo, "error.pin_unavailable", e.what()};
    }
    if (pending.attempt.locks_on_fail) {
        end_session();
        return locked;
    }
    return Error{Errc::Unauthorized, "verify.wrong_pin", {}, {{"attempts", pending.attempt.tries_left}}};
}

Status Terminal::finish_staff_pin(const PendingPin& pending, bool matched) {
    // Neither answer says whether the staff ID exists.
    const Error wrong{Errc::Unauthorized, "staff.wrong_pin", {}};
    if (pending.who.staff_id.empty()) return wrong;
    try {
        if (matched) {
            forget_pin_failures(store_.db(), PinSubject::Staff, pending.who.staff_id);
            if (pending.exit) exit_approved_ = true;
            else session_.sign_in(pending.who);
            return Ok{};
        }
    } catch (const DbException& e) {
        return Error{Errc::DbIo, "error.sign_in_unavailable", e.what()};
    }
    if (pending.attempt.locks_on_fail) return staff_locked(pending.attempt);
    return wrong;
}

// The lock says for how long, in whole minutes.
Error Terminal::staff_locked(const PinTry& attempt) const {
    const Millis left = std::max<Millis>(attempt.locked_until - clock_.now(), 0);
    return Error{Errc::Locked, "staff.locked", {},
                 {{"minutes", static_cast<std::int64_t>((left + 59'999) / 60'000)}}};
}

}  // namespace tp
