#pragma once
// Capped exponential backoff with full jitter: the n-th consecutive failure waits a uniformly
// random time in [base/2, min(cap, base * 2^(n-1))]. Seeded, so simulations reproduce.

#include <algorithm>
#include <cstdint>
#include <random>

#include "touchpoint/domain.hpp"

namespace tp::sync {

struct BackoffPolicy {
    Millis base = 500;
    Millis cap = 60'000;
};

class Backoff {
  public:
    explicit Backoff(BackoffPolicy policy = {}, std::uint64_t seed = std::random_device{}())
        : policy_(policy), rng_(seed) {}

    // The delay before the next attempt after `failures` consecutive failures (>= 1).
    Millis delay(int failures) {
        const int shift = std::clamp(failures - 1, 0, 30);
        const Millis ceiling = std::min(policy_.cap, policy_.base << shift);
        const Millis floor = std::min(ceiling, policy_.base / 2);
        std::uniform_int_distribution<Millis> pick(floor, ceiling);
        return pick(rng_);
    }

  private:
    BackoffPolicy policy_;
    std::mt19937_64 rng_;
};

}  // namespace tp::sync
