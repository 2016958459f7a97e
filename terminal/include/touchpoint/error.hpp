#pragma once
// The one error table. Across module boundaries functions return Result<T>. An Error names what
// a user may read as `key`, a string-table key (assets/strings/*.json, e.g. "error.storage"),
// with its named `args`; screens word it in their language, consoles and logs in English
// (english_text.hpp). `detail` is English for logs only (it may carry SQL or exception text) and
// never reaches a screen.

#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace tp {

enum class Errc {
    DbCannotOpen,       // the file cannot be opened or created
    DbNotTouchpoint,    // a file that is not a Touchpoint database
    DbCorrupt,          // SQLite reports damage
    DbTooNew,           // written by a newer Touchpoint
    DbIo,               // a read or write failed
    NotAllowed,         // the role may not issue this action
    OfflineNotAllowed,  // needs a live answer and the terminal is offline
    InvalidInput,       // bad input from a user, a file or the network
    NotFound,
    Locked,        // too many failed PIN attempts
    Network,       // no answer from the service (or not the service's answer): retry later
    Unavailable,   // the service answered that it cannot decide now (internal, unavailable)
    Unauthorized,  // credentials rejected
    TokenExpired,  // the terminal's token expired: renew it
    CursorExpired, // the service no longer knows the feed cursor: bootstrap again
    Service,       // the service answered with an error meant for the user (wrong code, PIN)
    Rejected,      // the service called what this terminal sent invalid: a terminal bug
    Revoked,       // the operator disabled this terminal: stop syncing, keep the outbox
    Untrusted,     // the service's TLS certificate is not trusted: no request was sent
    Busy,          // the service has no room for this request now (429 busy): retry shortly
};

const char* to_string(Errc code);

// A named argument of an error's key ("{minutes}" in its ICU pattern).
struct ErrorArg {
    std::string name;
    std::variant<std::string, std::int64_t> value;
};

struct Error {
    Errc code;
    std::string key;     // string-table key; never empty
    std::string detail;  // English, for logs
    std::vector<ErrorArg> args = {};
};

template <typename T>
class [[nodiscard]] Result {
  public:
    Result(T value) : v_(std::move(value)) {}
    Result(Error error) : v_(std::move(error)) {}

    bool ok() const { return std::holds_alternative<T>(v_); }
    explicit operator bool() const { return ok(); }
    T& value() & { return std::get<T>(v_); }
    const T& value() const& { return std::get<T>(v_); }
    T&& value() && { return std::get<T>(std::move(v_)); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    const Error& error() const { return std::get<Error>(v_); }

  private:
    std::variant<T, Error> v_;
};

struct Ok {};
using Status = Result<Ok>;

}  // namespace tp
