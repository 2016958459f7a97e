#pragma once
// Runs the real touchpoint-service in-process on a free loopback port over a fresh database, with a
// fake clock, and talks to it with httplib::Client. The database is an SQLite file in a temporary
// directory; with TOUCHPOINT_TEST_ENGINE=postgres in the environment it is a new database on the
// test process's own scratch PostgreSQL server (pg_server.hpp), so the same tests hold both engines
// to the same behaviour.

#include <doctest/doctest.h>
#include <httplib.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "pg_server.hpp"
#include "touchpoint/service/service.hpp"

namespace tp::service::testing {

using nlohmann::json;

// 2024-06-11 12:00:00 UTC. The demo anchor is 00:00 UTC of that day.
constexpr Millis kStartTime = 1718107200000;
constexpr Millis kHour = 3600LL * 1000;
constexpr Millis kDay = 24 * kHour;
constexpr const char* kChannelKey = "test-channel-key";

class FakeClock {
  public:
    Millis now() const { return now_.load(); }
    void advance(Millis ms) { now_ += ms; }

  private:
    std::atomic<Millis> now_{kStartTime};
};

// A directory removed with its files when the object goes.
class TempDir {
  public:
    TempDir() {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "tp-service-test-XXXXXX").string();
        path_ = mkdtemp(pattern.data());
    }
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    std::string file(const std::string& name) const { return (path_ / name).string(); }

  private:
    std::filesystem::path path_;
};

inline bool testing_on_postgres() {
    const char* engine = std::getenv("TOUCHPOINT_TEST_ENGINE");
    return engine && std::string(engine) == "postgres";
}

// A fresh database for one service: `file` in `dir`, or a new PostgreSQL database.
inline std::string new_test_database(const TempDir& dir, const std::string& file) {
    if (!testing_on_postgres()) return dir.file(file);
    static PgServer server;  // started on first use, stopped at exit
    return server.new_database();
}

struct Reply {
    int status = 0;  // 0: no HTTP answer at all
    json body;
};

class TestService {
  public:
    explicit TestService(int seed_size = 40) : TestService(seed_size, nullptr) {}

    // `tweak` may change the configuration before the service opens.
    template <typename Tweak>
    TestService(int seed_size, Tweak tweak) {
        config_.db_path = new_test_database(dir_, "service.db");
        config_.seed_demo_size = seed_size;
        config_.channel_key = kChannelKey;
        config_.clock = [this] { return clock_.now(); };
        if constexpr (!std::is_same_v<Tweak, std::nullptr_t>) tweak(config_);
        start();
    }
    ~TestService() { stop(); }

    void start() {
        service_ = std::make_unique<Service>(config_);
        REQUIRE(service_->open_status().ok());
        port_ = service_->start();
        REQUIRE(port_ > 0);
        client_ = std::make_unique<httplib::Client>("127.0.0.1", port_);
        client_->set_read_timeout(30, 0);
    }
    void stop() {
        client_.reset();
        if (service_) service_->stop();
        service_.reset();
    }
    void restart() {
        stop();
        start();
    }
    // Starts again on the port it had, as a real service comes back at the same address.
    void start_on_same_port() { start_on_port(port_); }
    // Starts on `port` (0: any free port) — e.g. reachable by the test but not by a terminal
    // that knows the old address.
    void start_on_port(int port) {
        config_.port = port;
        start();
    }
    // Stops the service, deletes its database and starts on a new, empty one (a new epoch).
    void wipe_and_restart() {
        stop();
        if (testing_on_postgres()) {
            config_.db_path = new_test_database(dir_, "service.db");
        } else {
            for (const char* suffix : {"", "-wal", "-shm"})
                std::filesystem::remove(config_.db_path + suffix);
        }
        start();
    }

    FakeClock& clock() { return clock_; }
    Service& service() { return *service_; }
    int port() const { return port_; }
    httplib::Client& client() { return *client_; }
    const ServiceConfig& config() const { return config_; }

    Reply get(const std::string& path, const httplib::Headers& headers = {}) {
        return reply(client_->Get(path, headers));
    }
    Reply post(const std::string& path, const std::string& body,
               const httplib::Headers& headers = {}) {
        return reply(client_->Post(path, headers, body, "application/json"));
    }
    Reply post(const std::string& path, const json& body, const httplib::Headers& headers = {}) {
        return post(path, body.dump(), headers);
    }

    static httplib::Headers bearer(const std::string& token) {
        return {{"Authorization", "Bearer " + token}};
    }
    static httplib::Headers channel() { return {{"X-Channel-Key", kChannelKey}}; }

    // Enrolls with a demo code and returns the enrollment answer.
    json enroll(const std::string& code = "KIOSK-S1-01") {
        Reply r = post("/v1/enroll", json{{"code", code}, {"terminal_name", "test terminal"}});
        REQUIRE(r.status == 200);
        return r.body;
    }

    // Reads the whole feed from `cursor` (empty: bootstrap), page by page.
    std::vector<json> drain_feed(const std::string& token, std::string& cursor, int limit = 200) {
        std::vector<json> all;
        while (true) {
            std::string path = "/v1/changes?limit=" + std::to_string(limit);
            if (!cursor.empty()) path += "&cursor=" + cursor;
            Reply r = get(path, bearer(token));
            REQUIRE(r.status == 200);
            for (const auto& c : r.body["changes"]) all.push_back(c);
            cursor = r.body["cursor"].get<std::string>();
            if (!r.body["more"].get<bool>()) return all;
        }
    }

    json channel_command(const std::string& case_id, const std::string& action,
                         const json& payload = json::object(),
                         const std::string& channel_name = "call_center") {
        Reply r = post("/v1/cases/" + case_id + "/commands",
                       json{{"channel", channel_name},
                            {"actor", {{"role", "rep"}, {"id", "AG-9"}}},
                            {"action", action},
                            {"payload", payload}},
                       channel());
        REQUIRE(r.status == 200);
        return r.body;
    }

  private:
    static Reply reply(const httplib::Result& result) {
        Reply r;
        if (!result) return r;
        r.status = result->status;
        r.body = json::parse(result->body, nullptr, false);
        return r;
    }

    TempDir dir_;
    FakeClock clock_;
    ServiceConfig config_;
    std::unique_ptr<Service> service_;
    int port_ = 0;
    std::unique_ptr<httplib::Client> client_;
};

// A terminal command envelope (protocol §6).
inline json command(const std::string& id, std::int64_t seq, const std::string& case_id,
                    const std::string& customer_id, const std::string& action,
                    const json& payload = json::object(), const std::string& role = "customer",
                    const std::string& actor_id = "", std::int64_t prev = 0) {
    return json{{"command_id", id},
                {"terminal_seq", seq},
                {"case_id", case_id},
                {"customer_id", customer_id},
                {"action", action},
                {"payload", payload},
                {"actor", {{"role", role}, {"id", actor_id.empty() ? customer_id : actor_id}}},
                {"device_time", kStartTime - 60000},
                {"case_prev_seq", prev}};
}

// Sends one batch; returns the results array.
inline json send_batch(TestService& svc, const std::string& token, const json& commands) {
    Reply r = svc.post("/v1/commands", json{{"commands", commands}}, TestService::bearer(token));
    REQUIRE(r.status == 200);
    return r.body["results"];
}

inline json send_one(TestService& svc, const std::string& token, const json& cmd) {
    json results = send_batch(svc, token, json::array({cmd}));
    REQUIRE(results.size() == 1);
    return results[0];
}

}  // namespace tp::service::testing
