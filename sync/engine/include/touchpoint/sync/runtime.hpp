#pragma once
// Everything a running terminal needs besides its screens, wired once: the UI thread's store
// connection and Terminal, the sync worker on its own connection and transport, and a helper
// thread for online requests (lookup beyond the cache, fetching a customer's context, online
// staff verification). Results of online requests come back through a queue that poll() drains
// on the UI thread, so no frame waits on the network.

#include <condition_variable>
#include <deque>
#include <functional>
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
    // serves that customer.
    void fetch_and_serve(const std::string& customer_id);
    // After a staff PIN sign-in, tell the service (online) so a technician's work orders join
    // this terminal's scope. Fire and forget; retried by the next sign-in.
    void register_staff_online(const std::string& staff_id, const std::string& pin);
    // Applies finished online requests to the Terminal. Call once per frame on the UI thread.
    void poll();
    // Wakes the sync worker (reconnect, or after a command; commands do this themselves).
    void sync_now();

  private:
    Runtime() = default;
    void run_jobs();
    void post(std::function<void(ServiceClient&)> job);
    void deliver(std::function<void()> on_ui_thread);

    RuntimeConfig config_;
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
};

}  // namespace tp::sync
