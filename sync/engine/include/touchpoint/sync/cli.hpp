#pragma once
// The headless command line of the `touchpoint` binary: enroll, sync, status, queue, outbox
// export. Exit codes (stable, for scripts):
//   0 done; 2 usage error; 3 not enrolled; 4 service unreachable (commands stay queued);
//   5 the service rejected this terminal (enroll again); 6 local database error;
//   7 invalid input (the command was not queued); 8 the operator disabled this terminal
//   (commands stay queued: export them); 9 the service's certificate is not trusted (commands
//   stay queued).

#include <string>
#include <vector>

namespace tp::sync {

enum ExitCode {
    kExitOk = 0,
    kExitUsage = 2,
    kExitNotEnrolled = 3,
    kExitOffline = 4,
    kExitUnauthorized = 5,
    kExitDatabase = 6,
    kExitInvalid = 7,
    kExitRevoked = 8,
    kExitUntrusted = 9,
};

// What the command line uses when a flag is not given: the configuration file's values
// (the kiosk's own keys of the same names).
struct CliDefaults {
    std::string db = "touchpoint.db";  // $TOUCHPOINT_DB wins over it
    std::string service;               // wins over the one kept from enroll, as in the kiosk
    std::string ca_file;               // wins over the one kept from enroll, as in the kiosk
    std::string log_level;             // empty: as set before
    bool insecure = false;
    long long forget_after_days = 14;
    long long prune_after_days = 30;
    long long drop_photos_after_hours = 0;
    long long heartbeat_interval_s = 60;
};

// True when `verb` names a command-line verb (the UI is not started then).
bool is_cli_verb(const std::string& verb);
// Runs `touchpoint <args...>` (args[0] is the verb). Prints results on stdout, errors on stderr.
int run_cli(const std::vector<std::string>& args, const CliDefaults& defaults = {});
std::string cli_usage();

}  // namespace tp::sync
