#pragma once
// A transport decorator that breaks the network on purpose, deterministically from a seed:
// requests lost before the service sees them, answers lost after the service committed,
// gateway errors, rate limiting, truncated bodies, and slow answers. Used by the sync contract
// tests against the real service.

#include <chrono>
#include <mutex>
#include <random>
#include <thread>

#include "touchpoint/sync/transport.hpp"

namespace tp::test {

struct FaultRates {
    double drop_request = 0;    // fail before sending (connection refused)
    double drop_response = 0;   // send, let the service commit, then lose the answer
    double gateway_error = 0;   // answer 500/502/503 without sending
    double rate_limited = 0;    // answer 429 without sending
    double truncate = 0;        // send, then cut the body in half (a reset mid-body)
    double delay = 0;           // send after a short sleep
    int delay_ms = 20;
};

class FaultyTransport final : public sync::Transport {
public:
    FaultyTransport(sync::Transport& inner, std::uint64_t seed, FaultRates rates = {})
        : inner_(inner), rng_(seed), rates_(rates) {}

    void set_rates(FaultRates rates) {
        std::lock_guard lock(mutex_);
        rates_ = rates;
    }
    // While down, every request fails as if the service were unreachable.
    void set_down(bool down) {
        std::lock_guard lock(mutex_);
        down_ = down;
    }
    int faults_injected() const {
        std::lock_guard lock(mutex_);
        return faults_;
    }

    Result<sync::HttpResponse> send(const sync::HttpRequest& request) override {
        enum class Fault { None, DropRequest, DropResponse, Gateway, RateLimited, Truncate, Delay };
        Fault fault = Fault::None;
        int gateway_status = 503;
        {
            std::lock_guard lock(mutex_);
            if (down_) return network("service down");
            std::uniform_real_distribution<double> u(0, 1);
            const double r = u(rng_);
            double acc = 0;
            auto hit = [&](double p) { return r < (acc += p); };
            if (hit(rates_.drop_request)) fault = Fault::DropRequest;
            else if (hit(rates_.drop_response)) fault = Fault::DropResponse;
            else if (hit(rates_.gateway_error)) fault = Fault::Gateway;
            else if (hit(rates_.rate_limited)) fault = Fault::RateLimited;
            else if (hit(rates_.truncate)) fault = Fault::Truncate;
            else if (hit(rates_.delay)) fault = Fault::Delay;
            gateway_status = std::array{500, 502, 503}[rng_() % 3];
            if (fault != Fault::None && fault != Fault::Delay) ++faults_;
        }
        switch (fault) {
            case Fault::DropRequest: return network("connection refused (injected)");
            case Fault::Gateway:
                return sync::HttpResponse{gateway_status, "<html>bad gateway</html>"};
            case Fault::RateLimited: return sync::HttpResponse{429, ""};
            case Fault::Delay:
                std::this_thread::sleep_for(std::chrono::milliseconds(rates_.delay_ms));
                break;
            default: break;
        }
        auto response = inner_.send(request);
        if (!response) return response;
        if (fault == Fault::DropResponse) return network("connection reset after send (injected)");
        if (fault == Fault::Truncate) {
            auto cut = *response;
            cut.body.resize(cut.body.size() / 2);
            return cut;
        }
        return response;
    }

    void wake() override { inner_.wake(); }

private:
    static Result<sync::HttpResponse> network(const char* what) {
        return Error{Errc::Network, "The service cannot be reached.", what};
    }

    sync::Transport& inner_;
    mutable std::mutex mutex_;
    std::mt19937_64 rng_;
    FaultRates rates_;
    bool down_ = false;
    int faults_ = 0;
};

}  // namespace tp::test
