#pragma once
// Checks the head of an HTTP request (request line and headers) as far as it has arrived, before
// any handler thread reads it: the connection guard peeks at the bytes a client sent and asks
// check_head() whether the head is complete and within the limits (docs/security.md, "A service
// that cannot be starved").

#include <cstddef>
#include <string>
#include <string_view>

namespace tp::service {

struct HeadLimits {
    std::size_t max_head_bytes = 16 * 1024;  // request line, headers and the blank line
    std::size_t max_headers = 64;
    std::size_t max_body_bytes = 1024 * 1024;
};

struct HeadCheck {
    enum class Verdict {
        Incomplete,      // within the limits so far; wait for more bytes
        Ready,           // the whole head is there and within the limits
        HeadersTooLarge, // 431: too many header lines, or more bytes than max_head_bytes
        BodyTooLarge,    // 413: Content-Length over max_body_bytes
        Malformed,       // 400: not an HTTP/1.x request head, or a bad Content-Length
    } verdict = Verdict::Incomplete;
    std::string request_id;  // the X-Request-Id header when well-formed (for the error answer)
    std::size_t head_bytes = 0;  // Ready: the head's length, blank line included
    bool body_framed = false;    // Ready: a Content-Length or Transfer-Encoding says a body follows
};

// `bytes`: everything the client has sent so far (possibly more than the head). Pure.
HeadCheck check_head(std::string_view bytes, const HeadLimits& limits);

// True for 1-64 characters of [A-Za-z0-9-_], the X-Request-Id form a service answer echoes.
bool is_request_id(std::string_view id);

}  // namespace tp::service
