#pragma once
// Time is injected everywhere it matters, so sessions and sync can be tested with a fake clock.

#include <atomic>
#include <chrono>

#include "touchpoint/domain.hpp"

namespace tp {

class Clock {
  public:
    virtual ~Clock() = default;
    // Milliseconds since the Unix epoch.
    virtual Millis now() const = 0;
};

class SystemClock final : public Clock {
  public:
    Millis now() const override {
        return std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::system_clock::now().time_since_epoch())
            .count();
    }
};

// A clock that moves only when told to. Safe to read from several threads.
class FakeClock final : public Clock {
  public:
    explicit FakeClock(Millis start = 1'790'000'000'000) : now_(start) {}
    Millis now() const override { return now_.load(); }
    void advance(Millis ms) { now_ += ms; }
    void set(Millis ms) { now_ = ms; }

  private:
    std::atomic<Millis> now_;
};

}  // namespace tp
