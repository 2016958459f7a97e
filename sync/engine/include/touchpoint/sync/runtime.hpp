#pragma once
// Everything a running terminal needs besides its screens, wired once: the UI thread's store
// connection and Terminal, the sync worker on its own connection and transport, and a helper
// thread for online requests (lookup beyond the cache, fetching a customer's context, online
// staff verification). Results of online requests come back through a queue that poll() drains
// on the UI thread, so no frame waits on the network.

#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "touchpoint/sync/worker.hpp"
#include "touchpoint/terminal.hpp"

namespace tp::sync {

struct RuntimeConfig {
    std::string db_path = "touchpoint.db";
    std::string service_url;  // empty: use the one stored at enrollment; none: offline only
    TlsOptions tls;
    TerminalConfig terminal;
    WorkerConfig worker;
    EngineConfig engine;  // batch sizes, backoff
    bool run_sync = true;  // false: no worker (screenshots, tests that drive the engine)
};

class Runtime {
  public:
    // Opens the store (twice: UI and sync connections) and starts the worker.
    static Result<std::unique_ptr<Runtime>> open(RuntimeConfig config, const Clock& clock);
    ~Runtime();
    Runtime(const Runtime&) = delete;
    Runtime& operator=(const Runtime&) = delete;

    Terminal& terminal() { return *terminal_; }
    Store& store() { return *ui_store_; }
    StatusBoard& board() { return board_; }

    // Staff: look customers up on the service (beyond the cache). The state shows in the
    // snapshot's online_lookup.
    void lookup_customers(const std::string& query);
    // Staff: make an online result available here (fetches the context into the cache), then
    // serves that customer. When the service opens that customer only with their own proof, the
    // lookup's `needs_pin_for` names them: the customer then enters their PIN.
    void fetch_and_serve(const std::string& customer_id);
    // The customer's PIN checked by the service; when right, fetches their context and serves
    // them. A wrong PIN or a lockout shows as the lookup's `pin_error`.
    void identify_and_serve(const std::string& customer_id, const std::string& pin);
    // After a staff PIN sign-in, tell the service (online) so a technician's work orders join
    // this terminal's scope. Fire and forget; retried by the next sign-in.
    void register_staff_online(const std::string& staff_id, const std::string& pin);
    // Applies finished online requests to the Terminal. Call once per frame on the UI thread.
    void poll();
    // True when finished online requests wait for poll().
    bool has_results();
    // Wakes the sync worker (reconnect, or after a command; commands do this themselves).
    void sync_now();
    // Enrolls this terminal (the "not set up" screen) with a code a staff member typed, off the
    // UI thread, as `touchpoint enroll` does (enrollment.hpp): with the service it was started
    // for, or, when it was started with none, with `service_url` as typed — the kiosk then syncs
    // with it from the next poll() on. The board says it is under way, then enrolled or why not
    // (SyncStatus::enroll_failure, a string-table key).
    void enroll(const std::string& code, const std::string& terminal_name,
                const std::string& service_url = {});

  private:
    Runtime() = default;
    // UI thread: the transports, the sync worker and the online-request thread for `url`.
    void attach_service(const std::string& url);
    void run_jobs();
    void post(std::function<void(ServiceClient&)> job);
    void deliver(std::function<void()> on_ui_thread);
    // On the UI thread: the headers that prove the signed-in staff member (their staff grant),
    // when the grant is of this session.
    std::map<std::string, std::string> staff_proof();
    // Job thread: fetches the context (with `proof`) into the cache and serves the customer.
    void fetch_context(ServiceClient& client, const std::string& customer_id,
                       const std::map<std::string, std::string>& proof);
    // Queues a change of the online lookup's state, made on the UI thread.
    void update_lookup(std::function<void(OnlineRequest&)> change);

    // The staff grant of the last online staff verification (protocol §13), for the session it
    // was obtained in. Guarded by mutex_.
    struct StaffGrant {
        std::string staff_id;
        std::string grant;
        std::uint64_t session = 0;
    };
    StaffGrant staff_grant_;

    RuntimeConfig config_;
    std::string service_url_;  // what the transports talk to (empty: no service)
    const Clock* clock_ = nullptr;
    StatusBoard board_;
    std::unique_ptr<Store> ui_store_;
    std::unique_ptr<Store> sync_store_;  // the worker's connection
    std::unique_ptr<Store> job_store_;   // the online-request thread's connection
    std::unique_ptr<Terminal> terminal_;
    std::unique_ptr<Transport> sync_transport_;
    std::unique_ptr<Transport> job_transport_;
    std::unique_ptr<ServiceClient> job_client_;
    std::unique_ptr<SyncWorker> worker_;

    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::function<void(ServiceClient&)>> jobs_;
    std::deque<std::function<void()>> done_;
    bool stopping_ = false;
    std::thread job_thread_;
    std::thread enroll_thread_;  // the last enrollment typed on screen
};

}  // namespace tp::sync
