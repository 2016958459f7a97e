#pragma once
// A scratch PostgreSQL server for a test: initdb and pg_ctl in a fresh temporary folder, run as
// the postgres user when the test runs as root. It listens only on a Unix socket in that folder,
// trusts local connections, and is stopped (immediate mode) and its folder removed when the
// object goes. Nothing is assumed to be running.
//
// The PostgreSQL programs are found in $TOUCHPOINT_PG_BINDIR, else the newest
// /usr/lib/postgresql/<version>/bin, else on PATH.

#include <filesystem>
#include <string>
#include <vector>

namespace tp::service::testing {

class PgServer {
  public:
    // Starts the server and creates its first database. Throws std::runtime_error saying what is
    // missing (PostgreSQL not installed, no postgres user) or what failed, with the tail of the log.
    PgServer();
    ~PgServer();
    PgServer(const PgServer&) = delete;
    PgServer& operator=(const PgServer&) = delete;

    // The libpq URI of the first database.
    const std::string& uri() const { return uri_; }
    // Creates another empty database and answers its URI.
    std::string new_database();
    // Stops the server at once (every connection ends) and starts it again on the same data.
    void restart();
    // The folder holding the data, the socket and the logs.
    const std::filesystem::path& folder() const { return folder_; }

  private:
    void start();
    // Stops the server (if it started) and removes the folder.
    void stop() noexcept;
    std::string uri_of(const std::string& database) const;
    void run(const std::string& program, const std::vector<std::string>& args, const std::string& doing) const;

    std::filesystem::path bindir_;
    std::filesystem::path folder_;
    std::string uri_;
    int databases_ = 0;
    bool started_ = false;
};

}  // namespace tp::service::testing
