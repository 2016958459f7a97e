#pragma once
// Who is using the terminal right now, and the idle/privacy rules around it (brief §6).
// A session is Idle (attract screen), Active, or Warning (idle long enough that the "are you
// still there?" prompt shows). After `idle_timeout` without activity the warning starts; after
// `warning` more the session is reset. A reset forgets everything the session showed or typed
// and bumps `generation()` so views can drop their local state; the outbox is not touched.

#include <cstdint>
#include <optional>
#include <string>

#include "touchpoint/clock.hpp"
#include "touchpoint/domain.hpp"

namespace tp {

struct SessionConfig {
    Millis idle_timeout = 60'000;
    Millis warning = 15'000;
    int max_pin_attempts = 5;  // wrong PINs in a row before a lock (pin_lockout.hpp)
    // The terminal's configured language: every session starts in it, and a privacy reset
    // returns to it whatever the last customer chose.
    std::string language = "en";
};

enum class SessionPhase { Idle, Active, Warning };

struct Identity {
    Role role = Role::Customer;
    std::string customer_id;  // the customer being served (self-service or assisted)
    std::string customer_name;
    std::string staff_id;  // rep or technician signed in; empty for self-service
    std::string staff_name;
};

// Everything the session has shown or typed. Cleared whole on reset.
struct SessionScratch {
    std::string language = "en";
    // True once someone chose the language in this session (Terminal::choose_language); a
    // chosen language wins over the customer's preferred one at identification.
    bool language_chosen = false;
    std::string identified_customer;  // identified, PIN not yet verified
    std::string open_case;
    std::string search_query;
};

class Session {
  public:
    Session(const Clock& clock, SessionConfig config) : clock_(clock), config_(std::move(config)) {
        scratch_.language = config_.language;
    }

    SessionPhase phase() const { return phase_; }
    const std::optional<Identity>& identity() const { return identity_; }
    SessionScratch& scratch() { return scratch_; }
    const SessionScratch& scratch() const { return scratch_; }
    std::uint64_t generation() const { return generation_; }
    const SessionConfig& config() const { return config_; }

    // Starts (or continues) a session: leaving attract counts as activity.
    void touch();
    void sign_in(Identity identity);
    // Advances the idle rules; returns true when this call performed a privacy reset.
    bool tick();
    // "I need more time": back to Active with a fresh idle period.
    void more_time() { touch(); }
    // Milliseconds until the reset while in Warning, else 0.
    Millis warning_remaining() const;
    // Privacy reset: identity and scratch gone, phase Idle, generation bumped.
    void reset();

  private:
    const Clock& clock_;
    SessionConfig config_;
    SessionPhase phase_ = SessionPhase::Idle;
    Millis last_activity_ = 0;
    std::optional<Identity> identity_;
    SessionScratch scratch_;
    std::uint64_t generation_ = 0;
};

}  // namespace tp
