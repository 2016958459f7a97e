#pragma once
// An HTTP server on loopback that holds every request until released (or 30 s), then answers
// 503: a service that accepts connections and never answers in time.

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace tp::test {

class HoldingServer {
  public:
    HoldingServer() {
        auto hold = [this](const httplib::Request&, httplib::Response& res) {
            ++in_flight_;
            {
                std::unique_lock lock(mutex_);
                released_cv_.wait_for(lock, std::chrono::seconds(30), [this] { return released_; });
            }
            --in_flight_;
            res.status = 503;
            res.set_content(R"({"error":{"code":"unavailable","message":"held"}})", "application/json");
        };
        server_.Get(".*", hold);
        server_.Post(".*", hold);
        port_ = server_.bind_to_any_port("127.0.0.1");
        thread_ = std::thread([this] { server_.listen_after_bind(); });
        while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ~HoldingServer() {
        release();
        server_.stop();
        thread_.join();
    }
    void release() {
        std::lock_guard lock(mutex_);
        released_ = true;
        released_cv_.notify_all();
    }
    int in_flight() const { return in_flight_.load(); }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  private:
    httplib::Server server_;
    std::thread thread_;
    int port_ = 0;
    std::atomic<int> in_flight_{0};
    std::mutex mutex_;
    std::condition_variable released_cv_;
    bool released_ = false;
};


}  // namespace tp::test
