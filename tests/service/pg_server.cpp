#include "pg_server.hpp"

#include <fcntl.h>
#include <pwd.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <system_error>

namespace tp::service::testing {
namespace {

namespace fs = std::filesystem;

constexpr const char* kSuperuser = "touchpoint";
constexpr const char* kPort = "5432";  // only names the socket file; nothing listens on TCP

bool has_programs(const fs::path& dir) {
    std::error_code ec;
    return fs::exists(dir / "initdb", ec) && fs::exists(dir / "pg_ctl", ec) && fs::exists(dir / "createdb", ec);
}

fs::path find_bindir() {
    if (const char* env = std::getenv("TOUCHPOINT_PG_BINDIR"); env && *env) {
        if (has_programs(env)) return env;
        throw std::runtime_error(std::string("TOUCHPOINT_PG_BINDIR=") + env + " holds no initdb, pg_ctl and createdb");
    }
    std::error_code ec;
    fs::path best;
    int best_version = -1;
    for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", ec)) {
        const std::string name = entry.path().filename().string();
        if (name.empty() || !std::all_of(name.begin(), name.end(), [](char c) { return c >= '0' && c <= '9'; }))
            continue;
        const int version = std::stoi(name);
        if (version > best_version && has_programs(entry.path() / "bin")) {
            best = entry.path() / "bin";
            best_version = version;
        }
    }
    if (!best.empty()) return best;
    if (const char* path = std::getenv("PATH")) {
        std::istringstream dirs(path);
        for (std::string dir; std::getline(dirs, dir, ':');)
            if (!dir.empty() && has_programs(dir)) return dir;
    }
    throw std::runtime_error(
        "PostgreSQL is not installed: no initdb, pg_ctl and createdb in /usr/lib/postgresql/<version>/bin or "
        "on PATH (packaging/install-deps.sh installs Debian's postgresql; TOUCHPOINT_PG_BINDIR names another "
        "folder)");
}

std::string tail_of(const fs::path& file, std::size_t lines) {
    std::ifstream in(file);
    std::vector<std::string> all;
    for (std::string line; std::getline(in, line);) all.push_back(line);
    std::string out;
    for (std::size_t i = all.size() > lines ? all.size() - lines : 0; i < all.size(); ++i) out += all[i] + "\n";
    return out;
}

std::string percent_encoded(const std::string& s) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (const unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

}  // namespace

PgServer::PgServer() : bindir_(find_bindir()) {
    const passwd* owner = nullptr;
    if (geteuid() == 0) {
        owner = getpwnam("postgres");
        if (!owner)
            throw std::runtime_error("running as root, and there is no postgres user to run PostgreSQL as");
    }
    std::string templ = (fs::temp_directory_path() / "tp-pg-XXXXXX").string();
    if (!mkdtemp(templ.data())) throw std::runtime_error("cannot create a folder for PostgreSQL under /tmp");
    folder_ = templ;
    if (owner && chown(folder_.c_str(), owner->pw_uid, owner->pw_gid) != 0) {
        fs::remove_all(folder_);
        throw std::runtime_error("cannot give " + folder_.string() + " to the postgres user");
    }
    try {
        const std::string data = (folder_ / "data").string();
        run("initdb", {"-D", data, "-U", kSuperuser, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"},
            "initdb");
        start();
        started_ = true;
        uri_ = new_database();
    } catch (...) {
        stop();
        throw;
    }
}

PgServer::~PgServer() { stop(); }

void PgServer::start() {
    run("pg_ctl",
        {"-D", (folder_ / "data").string(), "-l", (folder_ / "server.log").string(), "-w", "-t", "60", "-o",
         "-c listen_addresses='' -k " + folder_.string() + " -p " + kPort + " -c fsync=off", "start"},
        "starting PostgreSQL");
}

void PgServer::restart() {
    run("pg_ctl", {"-D", (folder_ / "data").string(), "-m", "immediate", "-w", "stop"}, "stopping PostgreSQL");
    start();
}

void PgServer::stop() noexcept {
    if (started_) {
        try {
            run("pg_ctl", {"-D", (folder_ / "data").string(), "-m", "immediate", "-w", "stop"}, "stopping PostgreSQL");
        } catch (...) {
        }
        started_ = false;
    }
    std::error_code ec;
    if (!folder_.empty()) fs::remove_all(folder_, ec);
    folder_.clear();
}

std::string PgServer::new_database() {
    const std::string name = "touchpoint_test_" + std::to_string(++databases_);
    run("createdb", {"-h", folder_.string(), "-p", kPort, "-U", kSuperuser, name}, "creating database " + name);
    return uri_of(name);
}

std::string PgServer::uri_of(const std::string& database) const {
    return "postgresql:///" + database + "?host=" + percent_encoded(folder_.string()) + "&port=" + kPort +
           "&user=" + kSuperuser;
}

// Runs bindir/program in the folder (as the postgres user when root), its output appended to
// setup.log; throws with the logs' tails unless it exits 0.
void PgServer::run(const std::string& program, const std::vector<std::string>& args, const std::string& doing) const {
    std::vector<std::string> argv;
    if (geteuid() == 0) argv = {"/usr/sbin/runuser", "-u", "postgres", "--"};
    argv.push_back((bindir_ / program).string());
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<char*> cargv;
    for (auto& a : argv) cargv.push_back(a.data());
    cargv.push_back(nullptr);

    const fs::path log = folder_ / "setup.log";
    const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0) throw std::runtime_error(doing + ": cannot write " + log.string());
    const pid_t pid = fork();
    if (pid == 0) {
        if (chdir(folder_.c_str()) != 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0) _exit(126);
        execv(cargv[0], cargv.data());
        _exit(127);
    }
    ::close(fd);
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        throw std::runtime_error(doing + " failed (" + argv[0] + "):\n" + tail_of(log, 20) +
                                 tail_of(folder_ / "server.log", 20));
}

}  // namespace tp::service::testing
