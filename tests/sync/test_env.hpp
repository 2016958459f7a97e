#pragma once
// Environment of the long sync tests (middlebox soak, simulation).

#include <stdlib.h>

#include <cstdlib>
#include <filesystem>

#include "touchpoint/log.hpp"

namespace tp::test {

// TOUCHPOINT_TEST_LOG=debug|info|warn|error|off shows the engine's and the service's log; the
// default is error, so thousands of injected faults do not flood the output.
inline void set_test_log_level() {
    auto level = log::Level::Error;
    if (const char* name = std::getenv("TOUCHPOINT_TEST_LOG"))
        if (auto parsed = log::level_from_string(name)) level = *parsed;
    log::set_level(level);
}

// Puts the test's databases (service and terminals) on /dev/shm when TMPDIR is not set and
// /dev/shm exists. These tests are about the protocol, not the disk (sync_crash_test is): with
// synchronous=FULL on both sides, the fsyncs of thousands of commands would double the runtime
// on a shared disk. Call before any TempDir is made, while the process has one thread.
inline void use_memory_tmpdir() {
    std::error_code ec;
    if (!std::getenv("TMPDIR") && std::filesystem::is_directory("/dev/shm", ec))
        ::setenv("TMPDIR", "/dev/shm", 0);
}

}  // namespace tp::test
