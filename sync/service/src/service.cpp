#include "touchpoint/service/service.hpp"

#include <httplib.h>

#include <sys/socket.h>

#include <algorithm>
#include <thread>

#include "auth.hpp"
#include "context.hpp"
#include "feed_waits.hpp"
#include "demo_data.hpp"
#include "guarded_server.hpp"
#include "http_api.hpp"
#include "pin_upgrade.hpp"
#include "storage/migrations.hpp"
#include "schema.hpp"
#include "storage/postgres_sql.hpp"
#include "touchpoint/log.hpp"

namespace tp::service {

std::uint64_t ChangeNotifier::generation() const {
    std::lock_guard lock(mutex_);
    return generation_;
}

void ChangeNotifier::notify() {
    {
        std::lock_guard lock(mutex_);
        ++generation_;
    }
    cv_.notify_all();
}

bool ChangeNotifier::wait_for_change(std::uint64_t seen,
                                     std::chrono::steady_clock::time_point deadline) {
    std::unique_lock lock(mutex_);
    cv_.wait_until(lock, deadline, [&] { return stopped_ || generation_ != seen; });
    return !stopped_;
}

void ChangeNotifier::stop() {
    {
        std::lock_guard lock(mutex_);
        stopped_ = true;
    }
    cv_.notify_all();
}

bool ChangeNotifier::stopped() const {
    std::lock_guard lock(mutex_);
    return stopped_;
}

Millis ServiceContext::now() const {
    if (config.clock) return config.clock();
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

struct Service::Impl {
    Status status = Ok{};
    Status start_status = Ok{};
    std::unique_ptr<ServiceContext> ctx;
    // On PostgreSQL: wakes this instance's long polls on every instance's changes. Declared after
    // ctx, so it stops before ctx goes.
    std::unique_ptr<storage::ChangeListener> listener;
    std::unique_ptr<GuardedServer> server;
    std::thread thread;
    int port = 0;
    int listen_socket = -1;  // the server's, once bound
    bool started = false;
    std::mutex finished_mutex;
    std::condition_variable finished_cv;
    bool finished = false;
};

Service::Service(ServiceConfig config) : impl_(std::make_unique<Impl>()) {
    auto ctx = std::make_unique<ServiceContext>();
    ctx->config = std::move(config);
    std::unique_ptr<Sql> db;
    try {
        db = open_service_db(ctx->config.db_path);
        ctx->epoch = read_epoch(*db);
    } catch (const storage::SchemaTooNew& e) {
        impl_->status = Error{Errc::DbCannotOpen, "error.service_db_newer", e.what()};
        return;
    } catch (const std::exception& e) {
        impl_->status = Error{Errc::DbCannotOpen, "error.service_db_unavailable",
                              e.what()};
        return;
    }
    try {
        {
            Transaction txn(*db);
            add_enroll_codes(*db, ctx->config.enroll_codes);
            txn.commit();
        }
        if (ctx->config.seed_demo_size > 0) {
            Millis anchor = ctx->config.demo_anchor != 0 ? ctx->config.demo_anchor
                                                         : default_demo_anchor(ctx->now());
            seed_demo(*db, ctx->config.seed_demo_size, anchor);
        }
        if (int upgraded = upgrade_legacy_pin_verifiers(*db); upgraded > 0)
            log::info("service", std::to_string(upgraded) + " PIN verifiers upgraded to the KDF");
    } catch (const std::exception& e) {
        impl_->status = Error{Errc::DbIo, "error.service_db_unavailable", e.what()};
        return;
    }
    // Requests get connections of their own, as many as can be served at once; on PostgreSQL at
    // most kPostgresConnections per instance, so that several instances stay well inside the
    // server's max_connections (100 by default) and a unit waits for a free one instead.
    const std::string spec = ctx->config.db_path;
    constexpr std::size_t kPostgresConnections = 8;
    std::size_t connections = std::max<std::size_t>(1, ctx->config.handler_threads);
    if (storage::is_postgres_uri(spec)) connections = std::min(connections, kPostgresConnections);
    ctx->storage = std::make_unique<storage::Storage>([spec] { return storage::connect(spec); },
                                                      static_cast<int>(connections));
    constexpr int kWaiterConnections = 2;
    ctx->waiter_storage = std::make_unique<storage::Storage>(
        [spec] { return storage::connect(spec); }, kWaiterConnections);
    ctx->feed_waits =
        std::make_unique<FeedWaits>(*ctx->waiter_storage, ctx->epoch, kWaiterConnections);
    if (storage::is_postgres_uri(spec))
        impl_->listener = std::make_unique<storage::ChangeListener>(
            spec, [notifier = &ctx->notifier] { notifier->notify(); });
    impl_->ctx = std::move(ctx);
}

Service::~Service() {
    stop();
}

const Status& Service::open_status() const {
    return impl_->status;
}

const Status& Service::start_status() const {
    return impl_->start_status;
}

int Service::start() {
    if (!impl_->ctx || impl_->started) return 0;
    const auto& config = impl_->ctx->config;
    GuardConfig guard;
    guard.head = {config.max_header_bytes, config.max_headers, config.payload_max_bytes};
    guard.head_timeout = config.header_timeout;
    guard.max_per_address = std::max<std::size_t>(1, config.max_connections_per_address);
    guard.handler_threads = std::max<std::size_t>(2, config.handler_threads);
    guard.max_long_waits = config.max_long_polls;
    guard.may_wait_long = [](std::string_view head) {
        constexpr std::string_view kFeed = "GET /v1/changes?";
        if (head.substr(0, kFeed.size()) != kFeed) return false;
        const std::string_view target = head.substr(0, head.find(' ', kFeed.size()));
        const std::size_t wait = target.find("wait=");
        return wait != std::string_view::npos && wait + 5 < target.size() &&
               target[wait + 5] >= '1' && target[wait + 5] <= '9' &&
               (target[wait - 1] == '?' || target[wait - 1] == '&');
    };
    StreamLimits limits;
    limits.read_timeout = config.read_timeout;
    limits.request_timeout = std::max(config.request_timeout, config.header_timeout);
    limits.write_timeout = config.read_timeout;
    // Chunk framing and headers come on top of the body.
    limits.max_request_bytes = config.payload_max_bytes + config.max_header_bytes + 64 * 1024;
    impl_->server = std::make_unique<GuardedServer>(guard, limits, config.tls_cert, config.tls_key);
    auto& server = *impl_->server;
    if (!server.is_valid()) {
        impl_->start_status = Error{Errc::InvalidInput,
                                    "error.service_tls",
                                    server.tls_error()};
        tp::log::error("service", "TLS: " + server.tls_error());
        return 0;
    }
    server.set_tcp_nodelay(true);
    // SO_REUSEADDR only: without httplib's default SO_REUSEPORT a second service cannot bind
    // the same port and silently share it.
    server.set_socket_options([impl = impl_.get()](socket_t sock) {
        int yes = 1;
        setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
        impl->listen_socket = sock;
    });
    impl_->ctx->guard = &server.guard();
    register_routes(server, *impl_->ctx);
    int port = config.port;
    if (port == 0)
        port = server.bind_to_any_port(config.host);
    else if (!server.bind_to_port(config.host, port))
        port = -1;
    // The listening socket's backlog: httplib listens with its own (5 in a prebuilt library,
    // whatever CPPHTTPLIB_LISTEN_BACKLOG says here), and a burst of clients beyond it has SYNs
    // dropped and retried after a second or more. Listening again only resizes the queue.
    constexpr int kListenBacklog = 4096;
    if (port > 0 && impl_->listen_socket >= 0) ::listen(impl_->listen_socket, kListenBacklog);
    if (port <= 0) {
        impl_->start_status = Error{Errc::Network, "error.service_port",
                                    config.host + ":" + std::to_string(config.port)};
        return 0;
    }
    impl_->started = true;
    impl_->port = port;
    impl_->thread = std::thread([this] {
        impl_->server->listen_after_bind();
        std::lock_guard lock(impl_->finished_mutex);
        impl_->finished = true;
        impl_->finished_cv.notify_all();
    });
    while (!server.is_running()) {
        {
            std::lock_guard lock(impl_->finished_mutex);
            if (impl_->finished) return 0;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return port;
}

// The drain: readiness answers 503 from now on; the listening socket closes (no new
// connections); waiting long polls are answered at once with what they have (an empty page and
// the same cursor), and a long poll arriving now does not wait; requests already read, or queued
// for a handler thread, are answered; then the handler threads end.
void Service::stop() {
    if (!impl_ || !impl_->started) return;
    impl_->ctx->draining = true;
    impl_->ctx->notifier.stop();
    impl_->server->stop();
    if (impl_->thread.joinable()) impl_->thread.join();
    impl_->server->stop_guard();
}

void Service::wait() {
    if (!impl_->started) return;
    std::unique_lock lock(impl_->finished_mutex);
    impl_->finished_cv.wait(lock, [&] { return impl_->finished; });
}

int Service::port() const {
    return impl_->port;
}

std::string Service::epoch() const {
    return impl_->ctx ? impl_->ctx->epoch : std::string();
}

std::vector<std::string> Service::routes() {
    return route_list();
}

}  // namespace tp::service
