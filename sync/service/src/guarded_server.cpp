#include "guarded_server.hpp"

#include <fcntl.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <csignal>

namespace tp::service {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// httplib hands each accepted socket to process_and_close_socket() through its task queue; this
// one runs it at once on the accepting thread, where it only admits the socket to the guard.
class AdmitAtOnce final : public httplib::TaskQueue {
  public:
    void enqueue(std::function<void()> fn) override { fn(); }
    void shutdown() override {}
};

std::string ip_and_port(const sockaddr_storage& addr, int& port) {
    char text[INET6_ADDRSTRLEN] = {};
    port = 0;
    if (addr.ss_family == AF_INET) {
        const auto* a = reinterpret_cast<const sockaddr_in*>(&addr);
        inet_ntop(AF_INET, &a->sin_addr, text, sizeof text);
        port = ntohs(a->sin_port);
    } else if (addr.ss_family == AF_INET6) {
        const auto* a = reinterpret_cast<const sockaddr_in6*>(&addr);
        inet_ntop(AF_INET6, &a->sin6_addr, text, sizeof text);
        port = ntohs(a->sin6_port);
    }
    return text;
}

// One request's connection, plain or TLS, on a non-blocking socket. Every read gives up after
// read_timeout without bytes, at the request's deadline, or past max_request_bytes; every write
// after write_timeout without progress.
class ConnectionStream final : public httplib::Stream {
  public:
    // `max_bytes`: what may be read of the connection in all.
    ConnectionStream(int sock, SSL* ssl, const StreamLimits& limits, Clock::time_point deadline,
                     std::size_t max_bytes)
        : sock_(sock), ssl_(ssl), limits_(limits), deadline_(deadline), max_bytes_(max_bytes) {}

    bool is_readable() const override {
        return pos_ < len_ || (ssl_ && SSL_pending(ssl_) > 0) || wait(POLLIN, true);
    }
    bool is_writable() const override { return wait(POLLOUT, false); }

    ssize_t read(char* ptr, size_t size) override {
        if (pos_ == len_) {
            const ssize_t n = fill();
            if (n <= 0) return n;
        }
        const std::size_t take = std::min(size, len_ - pos_);
        std::copy_n(buffer_.data() + pos_, take, ptr);
        pos_ += take;
        return static_cast<ssize_t>(take);
    }

    ssize_t write(const char* ptr, size_t size) override {
        for (;;) {
            if (ssl_) {
                const int n = SSL_write(ssl_, ptr, static_cast<int>(std::min<size_t>(size, 1 << 20)));
                if (n > 0) return n;
                const int err = SSL_get_error(ssl_, n);
                if (!(err == SSL_ERROR_WANT_WRITE && wait(POLLOUT, false)) &&
                    !(err == SSL_ERROR_WANT_READ && wait(POLLIN, false)))
                    return -1;
            } else {
                const ssize_t n = send(sock_, ptr, size, MSG_NOSIGNAL | MSG_DONTWAIT);
                if (n >= 0) return n;
                if (errno == EINTR) continue;
                if ((errno != EAGAIN && errno != EWOULDBLOCK) || !wait(POLLOUT, false)) return -1;
            }
        }
    }

    void get_remote_ip_and_port(std::string& ip, int& port) const override {
        sockaddr_storage addr{};
        socklen_t len = sizeof addr;
        port = 0;
        if (getpeername(sock_, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
            ip = ip_and_port(addr, port);
    }
    void get_local_ip_and_port(std::string& ip, int& port) const override {
        sockaddr_storage addr{};
        socklen_t len = sizeof addr;
        port = 0;
        if (getsockname(sock_, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
            ip = ip_and_port(addr, port);
    }
    socket_t socket() const override { return sock_; }

  private:
    // Reads what has arrived into the buffer: > 0 bytes, 0 at the end (or past a request that
    // has no body), -1 on failure or past max_request_bytes.
    ssize_t fill() {
        if (received_ >= max_bytes_) return max_bytes_ < limits_.max_request_bytes ? 0 : -1;
        const std::size_t room = std::min(buffer_.size(), max_bytes_ - received_);
        for (;;) {
            ssize_t n = 0;
            if (ssl_) {
                const int r = SSL_read(ssl_, buffer_.data(), static_cast<int>(room));
                if (r > 0) {
                    n = r;
                } else {
                    const int err = SSL_get_error(ssl_, r);
                    if (err == SSL_ERROR_ZERO_RETURN) return 0;
                    if (err == SSL_ERROR_WANT_READ && wait(POLLIN, true)) continue;
                    if (err == SSL_ERROR_WANT_WRITE && wait(POLLOUT, true)) continue;
                    return -1;
                }
            } else {
                n = recv(sock_, buffer_.data(), room, MSG_DONTWAIT);
                if (n == 0) return 0;
                if (n < 0) {
                    if (errno == EINTR) continue;
                    if ((errno == EAGAIN || errno == EWOULDBLOCK) && wait(POLLIN, true)) continue;
                    return -1;
                }
            }
            received_ += static_cast<std::size_t>(n);
            pos_ = 0;
            len_ = static_cast<std::size_t>(n);
            return n;
        }
    }

    // Waits for the socket; a read waits at most read_timeout and never past the deadline.
    bool wait(short events, bool reading) const {
        auto timeout = reading ? limits_.read_timeout : limits_.write_timeout;
        if (reading) {
            const auto left = std::chrono::duration_cast<milliseconds>(deadline_ - Clock::now());
            timeout = std::min(timeout, left);
            if (timeout.count() <= 0) return false;
        }
        pollfd p{sock_, events, 0};
        int rc = 0;
        do {
            rc = poll(&p, 1, static_cast<int>(timeout.count()));
        } while (rc < 0 && errno == EINTR);
        return rc > 0 && (p.revents & (events | POLLHUP)) != 0;
    }

    int sock_;
    SSL* ssl_;
    const StreamLimits& limits_;
    Clock::time_point deadline_;
    std::size_t max_bytes_;
    std::array<char, 4096> buffer_{};
    std::size_t pos_ = 0;
    std::size_t len_ = 0;
    std::size_t received_ = 0;
};

// The TLS handshake on a non-blocking socket, within the request's deadline.
bool accept_tls(SSL* ssl, int sock, Clock::time_point deadline) {
    for (;;) {
        const int rc = SSL_accept(ssl);
        if (rc == 1) return true;
        const int err = SSL_get_error(ssl, rc);
        short events = 0;
        if (err == SSL_ERROR_WANT_READ)
            events = POLLIN;
        else if (err == SSL_ERROR_WANT_WRITE)
            events = POLLOUT;
        else
            return false;
        const auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
        if (left.count() <= 0) return false;
        pollfd p{sock, events, 0};
        if (poll(&p, 1, static_cast<int>(std::min<long long>(left.count(), 5000))) <= 0)
            return false;
    }
}

std::string openssl_error() {
    const unsigned long code = ERR_get_error();
    if (code == 0) return "unknown error";
    std::array<char, 256> text{};
    ERR_error_string_n(code, text.data(), text.size());
    return text.data();
}

}  // namespace

GuardedServer::GuardedServer(GuardConfig guard, StreamLimits limits, const std::string& tls_cert,
                             const std::string& tls_key)
    : limits_(limits), head_limits_(guard.head), tls_wanted_(!tls_cert.empty()) {
    if (tls_wanted_) {
        // A client that goes away mid-answer must not kill the service: OpenSSL writes with
        // write(2), which raises SIGPIPE.
        std::signal(SIGPIPE, SIG_IGN);
        tls_ = SSL_CTX_new(TLS_server_method());
        if (!tls_) {
            tls_error_ = openssl_error();
        } else {
            SSL_CTX_set_min_proto_version(tls_, TLS1_2_VERSION);
            if (SSL_CTX_use_certificate_chain_file(tls_, tls_cert.c_str()) != 1)
                tls_error_ = "certificate " + tls_cert + ": " + openssl_error();
            else if (SSL_CTX_use_PrivateKey_file(tls_, tls_key.c_str(), SSL_FILETYPE_PEM) != 1)
                tls_error_ = "private key " + tls_key + ": " + openssl_error();
            else if (SSL_CTX_check_private_key(tls_) != 1)
                tls_error_ = "the private key does not match the certificate";
        }
    }
    guard.tls = tls_wanted_;
    new_task_queue = [] { return new AdmitAtOnce(); };
    guard_ = std::make_unique<ConnectionGuard>(
        guard, [this](int sock, const ConnectionGuard::Admitted& admitted) {
            return serve(sock, admitted);
        });
    set_keep_alive_timeout(std::max<long long>(
        1, std::chrono::duration_cast<std::chrono::seconds>(guard.keep_alive_idle).count()));
    set_keep_alive_max_count(1'000'000);  // not counted: an idle connection holds no thread
}

GuardedServer::~GuardedServer() {
    stop_guard();
    if (tls_) SSL_CTX_free(tls_);
}

bool GuardedServer::is_valid() const {
    return !tls_wanted_ || (tls_ && tls_error_.empty());
}

void GuardedServer::stop_guard() {
    stopping_ = true;
    if (guard_) guard_->stop();
}

bool GuardedServer::process_and_close_socket(socket_t sock) {
    guard_->admit(sock);
    return true;
}

std::optional<std::size_t> GuardedServer::next_request(int sock) const {
    // A client that sends its next request as soon as it has read an answer (a health probe, a
    // long poll renewed) is served on this thread, without the guard's hand-off.
    constexpr timespec kLinger{0, 500'000};
    if (stopping_ || guard_->queued() > 0) return std::nullopt;
    pollfd p{sock, POLLIN, 0};
    if (ppoll(&p, 1, &kLinger, nullptr) != 1 || (p.revents & POLLIN) == 0) return std::nullopt;
    std::string peeked(head_limits_.max_head_bytes + 1, '\0');
    const ssize_t n = recv(sock, peeked.data(), peeked.size(), MSG_PEEK | MSG_DONTWAIT);
    if (n <= 0) return std::nullopt;
    peeked.resize(static_cast<std::size_t>(n));
    const HeadCheck check = check_head(peeked, head_limits_);
    if (check.verdict != HeadCheck::Verdict::Ready || check.body_framed) return std::nullopt;
    return check.head_bytes;
}

bool GuardedServer::serve(int sock, ConnectionGuard::Admitted admitted) {
    while (serve_one(sock, admitted)) {
        const auto next = next_request(sock);
        if (!next) return true;  // to the guard, until its next head
        admitted = {Clock::now(), *next};
    }
    return false;
}

bool GuardedServer::serve_one(int sock, const ConnectionGuard::Admitted& admitted) {
    fcntl(sock, F_SETFL, fcntl(sock, F_GETFL, 0) | O_NONBLOCK);
    const auto deadline = admitted.accepted + limits_.request_timeout;
    // A request whose head announces no body ends with its head: httplib would otherwise read a
    // POST without Content-Length until the client closes.
    const std::size_t max_bytes =
        admitted.request_bytes > 0 ? std::min(admitted.request_bytes, limits_.max_request_bytes)
                                   : limits_.max_request_bytes;
    SSL* ssl = nullptr;
    bool ready = true;
    if (tls_) {
        ssl = SSL_new(tls_);
        ready = ssl && SSL_set_fd(ssl, sock) == 1 && accept_tls(ssl, sock, deadline);
    }
    // Only a bodiless plain request is read to its exact end, so only then can the next one
    // follow on the same connection; of those, only a GET is kept alive (a POST's answer closes).
    bool may_keep = !tls_ && admitted.request_bytes > 0 && !stopping_;
    if (may_keep) {
        char method[4] = {};
        may_keep = recv(sock, method, sizeof method, MSG_PEEK | MSG_DONTWAIT) == 4 &&
                   std::string_view(method, 4) == "GET ";
    }
    if (ready) {
        ConnectionStream stream(sock, ssl, limits_, deadline, max_bytes);
        bool closed = false;
        const bool answered = process_request(stream, !may_keep, closed, {});
        if (may_keep && answered && !closed) return true;
        if (ssl) SSL_shutdown(ssl);
    }
    if (ssl) SSL_free(ssl);
    ERR_clear_error();
    shutdown(sock, SHUT_RDWR);
    close(sock);
    return false;
}

}  // namespace tp::service
