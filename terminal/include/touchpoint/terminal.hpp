#pragma once
// The core's one entry point for the UI: intents in, a snapshot out. Runs on the UI thread; the
// sync engine works beside it on its own connection to the same store and reports through the
// StatusBoard. No call here blocks on the network.

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "touchpoint/actions.hpp"
#include "touchpoint/app_state.hpp"
#include "touchpoint/clock.hpp"
#include "touchpoint/error.hpp"
#include "touchpoint/pin_check.hpp"
#include "touchpoint/pin_lockout.hpp"
#include "touchpoint/session.hpp"
#include "touchpoint/store.hpp"
#include "touchpoint/sync_status.hpp"

namespace tp {

struct TerminalConfig {
    Channel channel = Channel::Kiosk;
    SessionConfig session;
    // PIN lockouts (pin_lockout.hpp): the first lock after max_pin_attempts failures, doubling
    // with each further lock up to max_lockout.
    Millis customer_lockout = 60'000;
    Millis staff_lockout = 5 * 60'000;
    Millis max_lockout = 24 * 3'600'000LL;
};

class Terminal {
  public:
    // `store`, `clock` and `board` must outlive the Terminal.
    Terminal(Store& store, const Clock& clock, StatusBoard& board, TerminalConfig config = {});

    // ---- session ----
    // The language someone chose in this session (the language screen, the home's "Language"):
    // it holds until the session ends, over the customer's preferred language at verify_pin.
    // A privacy reset returns to the configured language with no choice made.
    void choose_language(const std::string& language);
    // Looks the customer up in the cache by loyalty number, e-mail or phone. NotFound if absent;
    // DbIo when the local database could not be read (never NotFound then). The other calls
    // that read the cache (verify_pin, staff_sign_in, serve_customer, open_case, issue) answer
    // DbIo likewise.
    Status identify(const std::string& identifier);
    // Checks the identified customer's PIN against the cached verifier (works offline). Failures
    // count per customer in the database, across identifications and restarts; the try that
    // locks, and any try while locked, answers Locked and resets the session.
    Status verify_pin(const std::string& pin);
    // Staff PIN sign-in against the cached verifier; failures and locks persist likewise.
    Status staff_sign_in(const std::string& staff_id, const std::string& pin);
    // The same two in two steps, for a screen that keeps drawing while the KDF runs (most of a
    // second): begin_* counts the try and starts the check on its own thread, or answers at once
    // (nothing to check, locked, Busy while another check runs). pin_check_pending() is then
    // true, and finish_pin_check() gives what the one-step call would have; it waits when
    // pin_check_ready() is still false. A privacy reset while a check runs drops it: finish
    // then answers NotFound and signs nobody in.
    Status begin_verify_pin(const std::string& pin);
    Status begin_staff_sign_in(const std::string& staff_id, const std::string& pin);
    // The signed-in staff member's PIN again, to close the kiosk: checked and counted like a
    // sign-in (same verifier, same lockout). When right, finish_pin_check() answers Ok and
    // exit_approved() turns true; the session is left as it was. Unauthorized
    // ("exit.staff_only") when no staff member is signed in.
    Status begin_staff_exit(const std::string& pin);
    bool exit_approved() const { return exit_approved_; }
    bool pin_check_pending() const;
    bool pin_check_ready() const;
    Status finish_pin_check();
    // A signed-in rep starts serving a customer of the store.
    Status serve_customer(const std::string& customer_id);
    // A rep or technician stops serving the current customer (stays signed in).
    void release_customer();
    // A touch or a key on a screen past attract: starts or continues the session, signed in or
    // not (typing a PIN on a keypad is activity). While the idle warning is shown — someone is
    // signed in — only more_time() extends it, so a stray tap cannot keep a session alive.
    void user_activity();
    void more_time();
    // Ends the session now (the customer's "done" button): a privacy reset.
    void end_session();
    // Advances idle rules; call once per frame. Returns true if a privacy reset happened.
    bool tick();

    // ---- navigation ----
    Status open_case(const std::string& case_id);
    void close_case();
    void search(const std::string& query);

    // ---- commands ----
    // Issues `action` as the current identity. Checks the action table (role, connectivity)
    // and records the command with its local effect. `case_id` may be empty for customer-level
    // actions.
    Result<OutboxEntry> issue(ActionType action, const std::string& case_id,
                              nlohmann::json payload = nlohmann::json::object());
    // Staff: drop a refused or held command — from needs attention, or housekeeping from sync
    // diagnostics — so it is no longer counted as refused.
    Status dismiss(const std::string& command_id);
    // Staff or customer: take the alternative a refusal offered (a new command on the same case).
    Result<OutboxEntry> take_alternative(const std::string& command_id,
                                         nlohmann::json payload = nlohmann::json::object());

    // Called after every command recorded (e.g. to wake the sync worker). UI thread.
    void on_command_recorded(std::function<void()> fn) { on_command_ = std::move(fn); }
    // Publishes the state of the staff's online lookup into the snapshot (cleared on reset).
    void set_online_lookup(OnlineRequest lookup);

    // The current snapshot; rebuilt when anything it shows may have changed.
    const AppSnapshot& snapshot();
    // Forces the next snapshot() to re-read the store.
    void invalidate() { dirty_ = true; }

    const Session& session() const { return session_; }

  private:
    bool online() const;
    void record_interaction(const std::string& kind, const std::string& case_id);
    void rebuild();
    PinLockoutPolicy lockout_policy(Millis first_lock) const;

    // A PIN check begun and not finished. `who` is whom a right PIN signs in; an empty staff id
    // is an id this terminal does not know (the check is a decoy).
    struct PendingPin {
        PinSubject subject = PinSubject::Customer;
        Identity who;
        std::string language;  // the customer's preferred language
        PinTry attempt;
        std::uint64_t generation = 0;
        PinCheck check;
        bool exit = false;  // begin_staff_exit: a right PIN approves closing, signs nobody in
    };
    Status finish_customer_pin(const PendingPin& pending, bool matched);
    Status finish_staff_pin(const PendingPin& pending, bool matched);
    Error staff_locked(const PinTry& attempt) const;

    Store& store_;
    const Clock& clock_;
    StatusBoard& board_;
    TerminalConfig config_;
    Session session_;
    AppSnapshot snapshot_;
    bool dirty_ = true;
    std::function<void()> on_command_;
    OnlineRequest online_lookup_;
    std::uint64_t lookup_generation_ = 0;
    std::uint64_t seen_data_version_ = ~0ull;
    std::uint64_t seen_status_version_ = ~0ull;
    std::optional<PendingPin> pending_pin_;
    bool exit_approved_ = false;
};

}  // namespace tp
