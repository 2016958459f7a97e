#pragma once
// A PIN check on its own thread: a verifier takes most of a second to check (docs/security.md
// "PINs"), and a screen keeps drawing meanwhile.

#include <future>
#include <string>

namespace tp {

class PinCheck {
  public:
    PinCheck() = default;
    // Starts checking `pin` against the verifier (salt, hash) on a new thread. An empty `hash`
    // (an id without a verifier) spends what a check costs and matches nothing.
    static PinCheck start(std::string salt, std::string hash, std::string pin);

    // The answer is in: matched() will not wait. Never blocks.
    bool ready() const;
    // Whether the PIN matched; waits for the answer. Call once.
    bool matched();

  private:
    std::future<bool> answer_;
};

}  // namespace tp
