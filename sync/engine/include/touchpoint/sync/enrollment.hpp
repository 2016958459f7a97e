#pragma once
// Enrolling a terminal, the one path `touchpoint enroll` and the "not set up" screen share: the
// code typed is read as the service hands codes out (capitals, blanks around it ignored), the
// engine exchanges it for the terminal's token (Store::set_token: its own file, mode 0600; the
// token is never logged), and the service's address and CA file are kept in the store so later
// runs find the service.

#include <functional>
#include <optional>
#include <string>

#include "touchpoint/clock.hpp"
#include "touchpoint/error.hpp"
#include "touchpoint/store.hpp"
#include "touchpoint/sync/engine.hpp"
#include "touchpoint/sync/transport.hpp"
#include "touchpoint/sync_status.hpp"

namespace tp::sync {

struct EnrollRequest {
    std::string service_url;  // http:// or https:// and a host
    std::string code;         // as typed
    std::string terminal_name;
    TlsOptions tls;           // its ca_file is kept for later runs
    EngineConfig engine;
    std::function<bool()> cancelled;  // ends the exchange early (shutting down)
};

// The code as the service knows it: blanks around it dropped, letters in capitals.
std::string normalized_enrollment_code(const std::string& typed);
// The service address, blanks around it dropped; InvalidInput ("not_set_up.bad_address") when
// it is not an http:// or https:// URL with a host.
Result<std::string> checked_service_url(const std::string& typed);

// Enrolls the terminal of `store` with the service at request.service_url. The board shows the
// new identity. Fails with the engine's error (Network, Unavailable, Untrusted, Service with
// protocol code invalid_code or code_used, DbIo) or InvalidInput for a bad address or an empty
// code.
Status enroll_terminal(Store& store, const Clock& clock, StatusBoard& board, const EnrollRequest& request);

}  // namespace tp::sync
