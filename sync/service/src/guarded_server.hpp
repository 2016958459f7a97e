#pragma once
// The service's HTTP server: httplib's routing and request parsing behind the connection guard
// (connection_guard.hpp), over plain TCP or TLS. httplib accepts; the guard holds each connection
// until its head has arrived; a handler thread then reads and answers one request on it, through a
// stream that bounds how long reading the request may take and how many bytes it may have. Over
// plain HTTP a GET (no body, so its bytes are known exactly) is answered keep-alive unless the
// client asked to close: the connection goes back to the guard, holding no thread, until its next
// head has arrived. Every other answer says Connection: close.

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "connection_guard.hpp"

typedef struct ssl_ctx_st SSL_CTX;

namespace tp::service {

struct StreamLimits {
    std::chrono::milliseconds read_timeout{5'000};      // longest wait for the next bytes
    std::chrono::milliseconds request_timeout{30'000};  // from accept to the end of the request
    std::chrono::milliseconds write_timeout{5'000};     // longest wait to send the next bytes
    std::size_t max_request_bytes = 2 * 1024 * 1024;    // head and body as sent, framing included
};

class GuardedServer final : public httplib::Server {
  public:
    // Plain HTTP when `tls_cert` is empty; otherwise HTTPS with that PEM certificate chain and
    // PEM private key. is_valid() is false when they cannot be loaded (tls_error() says why).
    GuardedServer(GuardConfig guard, StreamLimits limits, const std::string& tls_cert,
                  const std::string& tls_key);
    ~GuardedServer() override;

    bool is_valid() const override;
    const std::string& tls_error() const { return tls_error_; }
    // After httplib's stop(): closes waiting connections and waits for the handler threads.
    // From its start no connection is kept alive: each one's answer in progress is its last.
    void stop_guard();
    ConnectionGuard& guard() { return *guard_; }

  private:
    bool process_and_close_socket(socket_t sock) override;
    bool serve(int sock, ConnectionGuard::Admitted admitted);
    // One request; true when the connection stays open for the next (else it was closed).
    bool serve_one(int sock, const ConnectionGuard::Admitted& admitted);
    // A kept-alive connection's next bodiless request when its whole head arrives within a short
    // linger and no other connection waits for a thread: its bytes (Admitted::request_bytes).
    std::optional<std::size_t> next_request(int sock) const;

    StreamLimits limits_;
    HeadLimits head_limits_;
    SSL_CTX* tls_ = nullptr;
    bool tls_wanted_ = false;
    std::string tls_error_;
    std::unique_ptr<ConnectionGuard> guard_;
    std::atomic<bool> stopping_{false};
};

}  // namespace tp::service
