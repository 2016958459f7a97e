#include "touchpoint/sync/runtime.hpp"

#include <filesystem>

#include "touchpoint/cache.hpp"
#include "touchpoint/domain_json.hpp"
#include "touchpoint/english_text.hpp"
#include "touchpoint/log.hpp"
#include "touchpoint/queries.hpp"
#include "touchpoint/sync/answers.hpp"
#include "touchpoint/sync/enrollment.hpp"

namespace tp::sync {
namespace {

using nlohmann::json;

// Turns a customer context answer into feed changes so it enters the cache the same way.
std::vector<Change> context_changes(const json& context) {
    std::vector<Change> changes;
    if (context.contains("customer"))
        changes.push_back({"customer", context["customer"].value("id", ""), context["customer"]});
    static constexpr std::pair<const char*, const char*> kLists[] = {
        {"cases", "case"},
        {"intray", "intray"},
        {"interactions", "interaction"},
        {"offers", "offer"},
        {"work_orders", "work_order"}};
    for (const auto& [field, type] : kLists) {
        if (!context.contains(field) || !context[field].is_array()) continue;
        for (const auto& e : context[field]) {
            const std::string id =
                std::string(type) == "work_order" ? e.value("case_id", "") : e.value("id", "");
            changes.push_back({type, id, e});
        }
    }
    return changes;
}

}  // namespace

Result<std::unique_ptr<Runtime>> Runtime::open(RuntimeConfig config, const Clock& clock) {
    std::unique_ptr<Runtime> rt(new Runtime());
    rt->config_ = config;
    rt->clock_ = &clock;
    auto ui_store = Store::open(config.db_path);
    if (!ui_store) return ui_store.error();
    rt->ui_store_ = std::move(*ui_store);
    auto sync_store = Store::open(config.db_path);
    if (!sync_store) return sync_store.error();
    rt->sync_store_ = std::move(*sync_store);
    auto job_store = Store::open(config.db_path);
    if (!job_store) return job_store.error();
    rt->job_store_ = std::move(*job_store);

    rt->terminal_ = std::make_unique<Terminal>(*rt->ui_store_, clock, rt->board_, config.terminal);
    const std::string url = config.service_url.empty()
                                ? rt->ui_store_->meta("service_url").value_or("")
                                : config.service_url;
    if (!url.empty()) rt->attach_service(url);
    // With a service, the engine said whether this terminal holds a token; without one, ask.
    std::optional<bool> has_token;
    if (url.empty()) {
        try {
            has_token = rt->ui_store_->token().has_value();
        } catch (const DbException& e) {
            rt->ui_store_->report_failure("runtime start", e);
        }
    }
    rt->board_.update([&](SyncStatus& s) {
        if (has_token) s.enrolled = *has_token;
        s.service_url = url;
        std::error_code ec;
        const auto absolute = std::filesystem::absolute(config.db_path, ec);
        s.db_path = ec ? config.db_path : absolute.string();
    });
    return rt;
}

void Runtime::attach_service(const std::string& url) {
    TlsOptions tls = config_.tls;
    if (tls.ca_file.empty()) tls.ca_file = ui_store_->meta("ca_file").value_or("");
    if (is_unencrypted_remote(url)) {
        log::warn("sync", "the service URL is plain http:// to a network host: tokens and "
                          "customer data cross the network unencrypted; use https://");
        board_.update([](SyncStatus& s) { s.unencrypted = true; });
    }
    service_url_ = url;
    sync_transport_ = make_curl_transport(url, tls);
    job_transport_ = make_curl_transport(url, tls);
    job_client_ = std::make_unique<ServiceClient>(*job_transport_);
    job_client_->set_cancelled([this] {
        std::lock_guard lock(mutex_);
        return stopping_;
    });
    auto engine = std::make_unique<SyncEngine>(*sync_store_, *sync_transport_, *clock_, board_, config_.engine);
    if (config_.run_sync) {
        worker_ = std::make_unique<SyncWorker>(std::move(engine), *sync_transport_, config_.worker);
        worker_->start();
        terminal_->on_command_recorded([this] { sync_now(); });
    }
    job_thread_ = std::thread([this] { run_jobs(); });
    board_.update([&](SyncStatus& s) { s.service_url = url; });
}

Runtime::~Runtime() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (job_transport_) job_transport_->wake();
    if (job_thread_.joinable()) job_thread_.join();
    if (enroll_thread_.joinable()) enroll_thread_.join();
    if (worker_) worker_->stop();
}

void Runtime::sync_now() {
    if (worker_) worker_->notify();
}

namespace {
// Why an enrollment failed, as the "not set up" screen says it.
std::string enroll_failure_key(const Error& e) {
    switch (e.code) {
        case Errc::Network:
        case Errc::Unavailable:
        case Errc::Busy:
        case Errc::Untrusted:
            return "not_set_up.unreachable";
        case Errc::DbCannotOpen:
        case Errc::DbCorrupt:
        case Errc::DbIo:
        case Errc::DbNotTouchpoint:
        case Errc::DbTooNew:
            return "not_set_up.not_saved";
        case Errc::InvalidInput:
            return e.key == "not_set_up.bad_address" ? e.key : "not_set_up.code_refused";
        default:
            return protocol_code(e) == "code_used" ? "not_set_up.code_used" : "not_set_up.code_refused";
    }
}
}  // namespace

void Runtime::enroll(const std::string& code, const std::string& terminal_name,
                     const std::string& service_url) {
    if (board_.read().enrolling) return;
    if (enroll_thread_.joinable()) enroll_thread_.join();  // the last one has ended
    const bool attached = !service_url_.empty();
    sync::EnrollRequest request;
    request.service_url = attached ? service_url_ : service_url;
    request.code = code;
    request.terminal_name = terminal_name;
    request.tls = config_.tls;
    request.engine = config_.engine;
    request.cancelled = [this] {
        std::lock_guard lock(mutex_);
        return stopping_;
    };
    board_.update([](SyncStatus& s) {
        s.enrolling = true;
        s.enroll_failure.clear();
    });
    enroll_thread_ = std::thread([this, attached, request = std::move(request)] {
        Status enrolled = Ok{};
        if (auto store = Store::open(config_.db_path); !store)
            enrolled = store.error();
        else
            enrolled = enroll_terminal(**store, *clock_, board_, request);
        if (!enrolled)
            log::warn("sync", "enrollment on screen failed: " + english_text(enrolled.error()));
        // A kiosk started with no service starts syncing with the one it is now enrolled with.
        const std::string url = enrolled && !attached ? *checked_service_url(request.service_url) : "";
        if (!url.empty()) deliver([this, url] { attach_service(url); });
        board_.update([&](SyncStatus& s) {
            s.enrolling = false;
            s.enroll_failure = enrolled ? "" : enroll_failure_key(enrolled.error());
        });
        if (enrolled && attached) sync_now();
    });
}

void Runtime::post(std::function<void(ServiceClient&)> job) {
    if (!job_client_) return;
    {
        std::lock_guard lock(mutex_);
        jobs_.push_back(std::move(job));
    }
    wake_.notify_all();
}

void Runtime::deliver(std::function<void()> on_ui_thread) {
    std::lock_guard lock(mutex_);
    done_.push_back(std::move(on_ui_thread));
}

void Runtime::run_jobs() {
    for (;;) {
        std::function<void(ServiceClient&)> job;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [&] { return stopping_ || !jobs_.empty(); });
            if (stopping_) return;
            job = std::move(jobs_.front());
            jobs_.pop_front();
        }
        // The token may have been renewed by the sync engine: always use the stored one.
        if (auto token = job_store_->token()) job_client_->set_token(*token);
        job(*job_client_);
    }
}

void Runtime::poll() {
    std::deque<std::function<void()>> ready;
    {
        std::lock_guard lock(mutex_);
        ready.swap(done_);
    }
    for (auto& fn : ready) fn();
}

bool Runtime::has_results() {
    std::lock_guard lock(mutex_);
    return !done_.empty();
}

void Runtime::lookup_customers(const std::string& query) {
    OnlineRequest started;
    started.phase = OnlineRequest::Phase::InProgress;
    started.what = query;
    if (!job_client_) {
        started.phase = OnlineRequest::Phase::Failed;
        started.error = "error.no_service";
        terminal_->set_online_lookup(started);
        return;
    }
    terminal_->set_online_lookup(started);
    post([this, query, proof = staff_proof()](ServiceClient& client) {
        const std::string path = "/v1/customers?q=" + url_encode(query);
        auto answer = client.get(path, proof);
        OnlineRequest done;
        done.what = query;
        if (!answer) {
            done.phase = OnlineRequest::Phase::Failed;
            done.error =
                (answer.error().code == Errc::Network || answer.error().code == Errc::Unavailable ||
                 answer.error().code == Errc::Busy)
                    ? "error.lookup_offline"
                    : answer.error().key;
        } else {
            done.phase = OnlineRequest::Phase::Succeeded;
            for (const auto& c : answer->value("customers", json::array())) {
                done.customers.push_back({c.value("id", ""), c.value("name", ""),
                                          c.value("loyalty_number", ""), c.value("email", ""),
                                          c.value("phone", "")});
            }
        }
        deliver([this, done] { terminal_->set_online_lookup(done); });
    });
}

std::map<std::string, std::string> Runtime::staff_proof() {
    const AppSnapshot& snap = terminal_->snapshot();
    std::lock_guard lock(mutex_);
    const StaffGrant& g = staff_grant_;
    // Its expiry is the service's to judge (the clocks may differ): an expired grant is ignored.
    if (g.grant.empty() || !snap.identity || snap.identity->staff_id != g.staff_id ||
        snap.session_generation != g.session)
        return {};
    return {{"X-Staff-Grant", g.grant}};
}

void Runtime::update_lookup(std::function<void(OnlineRequest&)> change) {
    deliver([this, change = std::move(change)] {
        OnlineRequest lookup = terminal_->snapshot().online_lookup;
        change(lookup);
        terminal_->set_online_lookup(std::move(lookup));
    });
}

void Runtime::fetch_context(ServiceClient& client, const std::string& customer_id,
                            const std::map<std::string, std::string>& proof) {
    auto context = client.get("/v1/customers/" + url_encode(customer_id) + "/context", proof);
    if (!context) {
        const bool needs_pin = protocol_code(context.error()) == "forbidden";
        std::string error = context.error().key;
        update_lookup([customer_id, needs_pin, error](OnlineRequest& lookup) {
            if (needs_pin) {
                lookup.needs_pin_for = customer_id;
                return;
            }
            lookup.phase = OnlineRequest::Phase::Failed;
            lookup.error = error;
        });
        return;
    }
    auto applied = apply_entities(*job_store_, context_changes(*context));
    board_.bump_data();
    deliver([this, customer_id, ok = applied.ok()] {
        if (ok) (void)terminal_->serve_customer(customer_id);
    });
}

void Runtime::fetch_and_serve(const std::string& customer_id) {
    if (load_customer(*ui_store_, customer_id)) {
        (void)terminal_->serve_customer(customer_id);
        return;
    }
    post([this, customer_id, proof = staff_proof()](ServiceClient& client) {
        fetch_context(client, customer_id, proof);
    });
}

void Runtime::identify_and_serve(const std::string& customer_id, const std::string& pin) {
    post([this, customer_id, pin, proof = staff_proof()](ServiceClient& client) {
        auto identified = client.identify_customer(customer_id, pin, proof);
        const std::string grant =
            identified ? identified->value("grant", std::string()) : std::string();
        if (grant.empty()) {
            const Errc code = identified ? Errc::Network : identified.error().code;
            std::string why =
                code == Errc::Service  ? "error.wrong_pin"
                : code == Errc::Locked ? "error.customer_locked_here"
                                       : "error.unreachable";
            update_lookup([why](OnlineRequest& lookup) { lookup.pin_error = why; });
            return;
        }
        update_lookup([](OnlineRequest& lookup) {
            lookup.needs_pin_for.clear();
            lookup.pin_error.clear();
        });
        fetch_context(client, customer_id, {{"X-Customer-Grant", grant}});
    });
}

void Runtime::register_staff_online(const std::string& staff_id, const std::string& pin) {
    const std::uint64_t session = terminal_->snapshot().session_generation;
    post([staff_id, pin, session, this](ServiceClient& client) {
        auto verified = client.verify_staff(staff_id, pin);
        if (!verified) return;
        {
            std::lock_guard lock(mutex_);
            staff_grant_ = {staff_id, verified->value("grant", std::string()), session};
        }
        sync_now();  // new scope: pull it now
    });
}

}  // namespace tp::sync
