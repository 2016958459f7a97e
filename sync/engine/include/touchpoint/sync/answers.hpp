#pragma once
// How the terminal reads every HTTP answer it gets (docs/sync-protocol.md §2, "What the terminal
// makes of an answer"). This is the one place where an answer is classified:
//
//   2xx with a JSON object body              -> the body
//   2xx anything else (empty, HTML, cut)     -> Network   (transient)
//   4xx/5xx that is a protocol error         -> by its code, below
//   4xx/5xx that is not a protocol error     -> Network   (transient: a proxy, a portal, a gateway)
//
// A protocol error is a JSON body {"error": {"code": C, "request_id": R}} whose C is a code of
// the protocol's table and whose R is the id this request was sent with. By code:
//   token_expired -> TokenExpired; unauthorized -> Unauthorized       (credentials)
//   cursor_expired -> CursorExpired; locked -> Locked; not_found -> NotFound
//   invalid_code, code_used, wrong_pin -> Service                     (the user's input)
//   bad_json, invalid, too_many, too_large, forbidden -> Rejected      (a terminal bug)
//   internal, unavailable -> Unavailable              (transient, but the service was reached)

#include <nlohmann/json.hpp>
#include <string>

#include "touchpoint/error.hpp"
#include "touchpoint/sync/transport.hpp"

namespace tp::sync {

// A fresh id for the X-Request-Id header (1-64 of [A-Za-z0-9-]).
std::string new_request_id();

// Classifies `response` to a request sent with `request_id`. With `require_echo`, a 2xx counts
// only when its body carries the same "request_id" (the commands endpoint echoes it).
Result<nlohmann::json> read_answer(const HttpResponse& response, const std::string& request_id,
                                   bool require_echo = false);

// The protocol code of an error read_answer made from a protocol error ("forbidden",
// "wrong_pin", ...); "" for any other error.
std::string protocol_code(const Error& error);

}  // namespace tp::sync
