#include "connection_guard.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>

#include "touchpoint/log.hpp"

namespace tp::service {
namespace {

using Clock = std::chrono::steady_clock;

// A handler thread's stack: a request needs far less (httplib, JSON, one SQL unit), and a
// service with a thousand long polls keeps a thousand threads.
#if defined(__SANITIZE_ADDRESS__)
constexpr std::size_t kHandlerStack = 8 * 1024 * 1024;  // sanitizers' frames are larger
#else
constexpr std::size_t kHandlerStack = 1024 * 1024;
#endif

std::string peer_address(int sock) {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    if (getpeername(sock, reinterpret_cast<sockaddr*>(&addr), &len) != 0) return "?";
    char text[INET6_ADDRSTRLEN] = {};
    if (addr.ss_family == AF_INET)
        inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(&addr)->sin_addr, text, sizeof text);
    else if (addr.ss_family == AF_INET6)
        inet_ntop(AF_INET6, &reinterpret_cast<sockaddr_in6*>(&addr)->sin6_addr, text, sizeof text);
    return text;
}

const char* reason_phrase(int status) {
    switch (status) {
        case 400:
            return "Bad Request";
        case 408:
            return "Request Timeout";
        case 413:
            return "Payload Too Large";
        case 429:
            return "Too Many Requests";
        case 431:
            return "Request Header Fields Too Large";
        default:
            return "Error";
    }
}

// The protocol's error body for the answers the guard gives itself.
std::string error_answer(int status, const std::string& request_id) {
    const char* code = "invalid";
    const char* message = "The request cannot be read.";
    switch (status) {
        case 408:
            code = "timeout";
            message = "The request took too long to arrive.";
            break;
        case 413:
            code = "too_large";
            message = "The request body is too large.";
            break;
        case 429:
            code = "busy";
            message = "Too many connections from this address; retry shortly.";
            break;
        case 431:
            code = "headers_too_large";
            message = "The request has too many or too large headers.";
            break;
        default:
            break;
    }
    std::string body = std::string(R"({"error":{"code":")") + code + R"(","message":")" +
                       message + "\"";
    if (!request_id.empty()) body += R"(,"request_id":")" + request_id + "\"";  // checked form
    body += "}}";
    std::string out = "HTTP/1.1 " + std::to_string(status) + " " + reason_phrase(status) +
                      "\r\nContent-Type: application/json\r\nContent-Length: " +
                      std::to_string(body.size()) + "\r\nConnection: close\r\n";
    if (status == 429) out += "Retry-After: 1\r\n";
    return out + "\r\n" + body;
}

// Sends a short answer on a fresh connection (its send buffer is empty), reads away what the
// client sent so that closing does not reset the connection before the answer is read, closes.
void answer_and_close(int sock, const std::string& answer) {
    (void)send(sock, answer.data(), answer.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
    shutdown(sock, SHUT_WR);
    std::array<char, 4096> sink{};
    for (int i = 0; i < 64 && recv(sock, sink.data(), sink.size(), MSG_DONTWAIT) > 0; ++i) {
    }
    close(sock);
}

}  // namespace

ConnectionGuard::ConnectionGuard(GuardConfig config, Serve serve)
    : config_(config), serve_(std::move(serve)) {
    epoll_ = epoll_create1(EPOLL_CLOEXEC);
    watcher_ = std::thread([this] { watch(); });
    std::lock_guard lock(mutex_);
    for (std::size_t i = 0; i < std::max<std::size_t>(1, config_.handler_threads); ++i)
        start_handler();
}

void ConnectionGuard::start_handler() {
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, kHandlerStack);
    pthread_t thread{};
    auto body = [](void* self) -> void* {
        static_cast<ConnectionGuard*>(self)->run_handler();
        return nullptr;
    };
    if (pthread_create(&thread, &attr, body, this) == 0) handlers_.push_back(thread);
    pthread_attr_destroy(&attr);
}

bool ConnectionGuard::begin_long_wait() {
    std::lock_guard lock(mutex_);
    if (long_waiting_ >= config_.max_long_waits) return false;
    ++long_waiting_;
    const std::size_t wanted = std::max<std::size_t>(1, config_.handler_threads) + long_waiting_;
    if (handlers_.size() < wanted && !handlers_stopping_) start_handler();
    return true;
}

void ConnectionGuard::end_long_wait() {
    std::lock_guard lock(mutex_);
    if (long_waiting_ > 0) --long_waiting_;
}

std::size_t ConnectionGuard::thread_count() const {
    std::lock_guard lock(mutex_);
    return handlers_.size();
}

std::size_t ConnectionGuard::queued() const {
    std::lock_guard lock(mutex_);
    return ready_.size() + ready_later_.size();
}

std::size_t ConnectionGuard::long_waits() const {
    std::lock_guard lock(mutex_);
    return long_waiting_;
}

ConnectionGuard::~ConnectionGuard() {
    stop();
}

void ConnectionGuard::admit(int sock) {
    const int yes = 1;
    setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
    std::string address = peer_address(sock);
    {
        std::lock_guard lock(mutex_);
        if (stopping_) {  // the service is stopping: no answer, as from a service that is gone
            close(sock);
            return;
        }
        if (per_address_[address] < config_.max_per_address) {
            ++per_address_[address];
            waiting_[sock] = Waiting{address, Clock::now()};
            epoll_event ev{};
            ev.events = EPOLLIN | EPOLLRDHUP | EPOLLET;
            ev.data.fd = sock;
            if (epoll_ctl(epoll_, EPOLL_CTL_ADD, sock, &ev) == 0) return;
            waiting_.erase(sock);
            if (--per_address_[address] == 0) per_address_.erase(address);
        } else if (per_address_[address] == 0) {
            per_address_.erase(address);
        }
    }
    log::debug("service", "connection refused: too many from one address");
    if (config_.tls)
        close(sock);
    else
        answer_and_close(sock, error_answer(429, ""));
}

void ConnectionGuard::watch() {
    std::array<epoll_event, 64> events{};
    for (;;) {
        {
            std::lock_guard lock(mutex_);
            if (stopping_) break;
        }
        const int n = epoll_wait(epoll_, events.data(), static_cast<int>(events.size()), 50);
        for (int i = 0; i < n; ++i)
            inspect(events[i].data.fd, (events[i].events & (EPOLLRDHUP | EPOLLHUP | EPOLLERR)) != 0);
        // Heads that did not arrive in time: answered 408, so no slow client keeps a place.
        std::vector<int> late;
        {
            std::lock_guard lock(mutex_);
            const auto now = Clock::now();
            for (const auto& [sock, w] : waiting_)
                if (now - w.accepted >= (w.kept ? config_.keep_alive_idle : config_.head_timeout))
                    late.push_back(sock);
        }
        for (int sock : late) {
            bool kept = false;
            {
                std::lock_guard lock(mutex_);
                auto it = waiting_.find(sock);
                kept = it != waiting_.end() && it->second.kept;
            }
            if (config_.tls || kept)
                drop(sock);
            else
                refuse(sock, 408);
        }
    }
    std::vector<int> left;
    {
        std::lock_guard lock(mutex_);
        for (const auto& [sock, w] : waiting_) left.push_back(sock);
    }
    for (int sock : left) drop(sock);
}

void ConnectionGuard::inspect(int sock, bool closed) {
    {
        std::lock_guard lock(mutex_);
        if (!waiting_.count(sock)) return;
    }
    std::string peeked(config_.head.max_head_bytes + 1, '\0');
    const ssize_t n = recv(sock, peeked.data(), peeked.size(), MSG_PEEK | MSG_DONTWAIT);
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
        drop(sock);  // closed or reset before sending a whole head
        return;
    }
    if (n < 0) return;
    peeked.resize(static_cast<std::size_t>(n));
    if (config_.tls) {
        // A TLS record: type 22 (handshake), version, 2-byte length. Wait for the whole record.
        if (peeked.size() < 5) return;
        if (static_cast<unsigned char>(peeked[0]) != 22) {
            drop(sock);
            return;
        }
        const std::size_t record = 5 + ((static_cast<unsigned char>(peeked[3]) << 8) |
                                        static_cast<unsigned char>(peeked[4]));
        if (peeked.size() >= record || peeked.size() > config_.head.max_head_bytes)
            hand_off(sock, 0);
        else if (closed)
            drop(sock);
        return;
    }
    const HeadCheck check = check_head(peeked, config_.head);
    switch (check.verdict) {
        case HeadCheck::Verdict::Incomplete:
            if (closed) drop(sock);  // the client went away before finishing its head
            return;
        case HeadCheck::Verdict::Ready:
            hand_off(sock, check.body_framed ? 0 : check.head_bytes,
                     config_.may_wait_long &&
                         config_.may_wait_long(std::string_view(peeked).substr(0, check.head_bytes)));
            return;
        case HeadCheck::Verdict::HeadersTooLarge:
            log::debug("service", "request refused: headers over the limits");
            refuse(sock, 431);
            return;
        case HeadCheck::Verdict::BodyTooLarge:
            log::debug("service", "request refused: body over the limit");
            refuse(sock, 413);
            return;
        case HeadCheck::Verdict::Malformed:
            refuse(sock, 400);
            return;
    }
}

void ConnectionGuard::hand_off(int sock, std::size_t request_bytes, bool later) {
    std::lock_guard lock(mutex_);
    auto it = waiting_.find(sock);
    if (it == waiting_.end()) return;
    epoll_ctl(epoll_, EPOLL_CTL_DEL, sock, nullptr);
    it->second.request_bytes = request_bytes;
    (later ? ready_later_ : ready_).emplace_back(sock, it->second);
    waiting_.erase(it);
    ready_cv_.notify_one();
}

void ConnectionGuard::refuse(int sock, int status) {
    std::string request_id;
    if (!config_.tls) {
        std::string peeked(config_.head.max_head_bytes + 1, '\0');
        const ssize_t n = recv(sock, peeked.data(), peeked.size(), MSG_PEEK | MSG_DONTWAIT);
        if (n > 0) {
            peeked.resize(static_cast<std::size_t>(n));
            request_id = check_head(peeked, config_.head).request_id;
        }
    }
    auto address = take_waiting(sock);
    if (!address) return;
    answer_and_close(sock, error_answer(status, request_id));
    release(*address);
}

void ConnectionGuard::drop(int sock) {
    auto address = take_waiting(sock);
    if (!address) return;
    close(sock);
    release(*address);
}

std::optional<std::string> ConnectionGuard::take_waiting(int sock) {
    std::lock_guard lock(mutex_);
    auto it = waiting_.find(sock);
    if (it == waiting_.end()) return std::nullopt;
    std::string address = it->second.address;
    epoll_ctl(epoll_, EPOLL_CTL_DEL, sock, nullptr);
    waiting_.erase(it);
    return address;
}

void ConnectionGuard::release(const std::string& address) {
    std::lock_guard lock(mutex_);
    auto it = per_address_.find(address);
    if (it != per_address_.end() && --it->second == 0) per_address_.erase(it);
}

void ConnectionGuard::watch_again(int sock, Waiting waiting) {
    {
        std::lock_guard lock(mutex_);
        if (!stopping_) {
            waiting.accepted = Clock::now();
            waiting.request_bytes = 0;
            waiting.kept = true;
            waiting_[sock] = waiting;
            epoll_event ev{};
            ev.events = EPOLLIN | EPOLLRDHUP | EPOLLET;
            ev.data.fd = sock;
            // Adding reports bytes that have arrived already (a request sent right after the
            // answer was read).
            if (epoll_ctl(epoll_, EPOLL_CTL_ADD, sock, &ev) == 0) return;
            waiting_.erase(sock);
        }
    }
    close(sock);
    release(waiting.address);
}

void ConnectionGuard::run_handler() {
    for (;;) {
        std::pair<int, Waiting> next;
        {
            std::unique_lock lock(mutex_);
            ready_cv_.wait(lock, [&] {
                return handlers_stopping_ || !ready_.empty() || !ready_later_.empty();
            });
            auto& queue = !ready_.empty() ? ready_ : ready_later_;
            if (queue.empty()) return;  // stopping, and nothing left to serve
            next = std::move(queue.front());
            queue.pop_front();
        }
        if (serve_(next.first, Admitted{next.second.accepted, next.second.request_bytes}))
            watch_again(next.first, std::move(next.second));
        else
            release(next.second.address);
    }
}

void ConnectionGuard::stop() {
    {
        std::lock_guard lock(mutex_);
        if (stopped_) return;
        stopping_ = true;  // admit() refuses from now on; the watcher drops what waits
    }
    if (watcher_.joinable()) watcher_.join();
    // Only now, with nothing more to hand off, may the handler threads end (each after the
    // connections still queued for it).
    {
        std::lock_guard lock(mutex_);
        handlers_stopping_ = true;
    }
    ready_cv_.notify_all();
    // No thread starts once handlers_stopping_ is set, so the list is complete.
    std::vector<pthread_t> threads;
    {
        std::lock_guard lock(mutex_);
        threads.swap(handlers_);
    }
    for (pthread_t t : threads) pthread_join(t, nullptr);
    if (epoll_ >= 0) close(epoll_);
    epoll_ = -1;
    std::lock_guard lock(mutex_);
    stopped_ = true;
}

}  // namespace tp::service
