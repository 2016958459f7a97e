#include "touchpoint/store.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "search_query.hpp"
#include "touchpoint/log.hpp"
#include "touchpoint/schema.hpp"
#include "touchpoint/vacuum.hpp"

namespace tp {
namespace {

void digits_only(sqlite3_context* ctx, int, sqlite3_value** argv) {
    const auto* text = sqlite3_value_text(argv[0]);
    std::string out;
    if (text)
        for (const unsigned char* p = text; *p; ++p)
            if (*p >= '0' && *p <= '9') out.push_back(static_cast<char>(*p));
    sqlite3_result_text(ctx, out.c_str(), static_cast<int>(out.size()), SQLITE_TRANSIENT);
}

void split_words(sqlite3_context* ctx, int, sqlite3_value** argv) {
    const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
    const std::string out = search_words(text ? text : "");
    sqlite3_result_text(ctx, out.c_str(), static_cast<int>(out.size()), SQLITE_TRANSIENT);
}

// The error of the database file at `path`, keyed by its code (the key's {path} names the file).
Error db_error(Errc code, const std::string& path, const std::string& detail = {}) {
    const char* key = code == Errc::DbNotTouchpoint ? "error.db_not_touchpoint"
                      : code == Errc::DbCorrupt     ? "error.db_corrupt"
                      : code == Errc::DbTooNew      ? "error.db_too_new"
                      : code == Errc::DbCannotOpen  ? "error.db_cannot_open"
                                                    : "error.db_io";
    return Error{code, key, detail, {{"path", path}}};
}

// True when the file exists, is non-empty and does not start with SQLite's header.
bool has_foreign_header(const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec) || std::filesystem::file_size(path, ec) == 0)
        return false;
    std::ifstream in(path, std::ios::binary);
    char header[16] = {};
    in.read(header, sizeof header);
    return in.gcount() < 16 || std::memcmp(header, "SQLite format 3\0", 16) != 0;
}

[[noreturn]] void io_failure(const std::string& what) {
    throw DbException(SQLITE_IOERR, what + ": " + std::strerror(errno));
}

// Creates the file (0600) when it does not exist, so that SQLite, which gives -wal and -shm files
// the mode of the database, starts from 0600. A missing directory is left to SQLite to report.
void create_private(const std::string& path) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0) ::close(fd);
}

// Existing files of an older Touchpoint may be 0644: narrowed to 0600.
void narrow_modes(const std::string& path) {
    for (const char* suffix : {"", "-wal", "-shm", "-journal", ".token", ".verified"}) {
        const std::string file = path + suffix;
        struct stat st {};
        if (::stat(file.c_str(), &st) == 0 && (st.st_mode & 0077) != 0)
            ::chmod(file.c_str(), st.st_mode & 0700);
    }
}

void write_all(int fd, const std::string& data, const std::string& what) {
    std::size_t done = 0;
    while (done < data.size()) {
        const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) io_failure(what);
        done += static_cast<std::size_t>(n);
    }
}

// Moves a token an older Touchpoint kept in the meta table to the token file, then removes it
// from the database: the row is deleted (overwritten, secure_delete), the file vacuumed so no
// free page keeps an older copy, and the WAL truncated.
void move_token_out_of_db(Store& store) {
    {
        auto has_meta = store.db().prepare(
            "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'meta'");
        if (!has_meta.step()) return;  // an empty file, or kept at version 0 by a test
    }
    auto token = store.meta("token");
    if (!token) return;
    if (!store.token()) store.set_token(*token);
    store.db().prepare("DELETE FROM meta WHERE key = 'token'").run();
    store.db().exec("VACUUM");
    store.db().exec("PRAGMA wal_checkpoint(TRUNCATE)");
}

int pragma_int(Db& db, const char* pragma) {
    auto stmt = db.prepare(pragma);
    return stmt.step() ? stmt.integer(0) : 0;
}

// The identity of the database file as `<path>.verified` records it: device, inode and, where
// the file system keeps it, the time the file was created (an inode number can be reused).
std::string file_identity(const std::string& path) {
    struct statx st {};
    if (::statx(AT_FDCWD, path.c_str(), 0, STATX_INO | STATX_BTIME, &st) != 0) return {};
    std::string id = std::to_string(st.stx_dev_major) + "." + std::to_string(st.stx_dev_minor) +
                     ":" + std::to_string(st.stx_ino);
    if (st.stx_mask & STATX_BTIME)
        id += "@" + std::to_string(st.stx_btime.tv_sec) + "." +
              std::to_string(st.stx_btime.tv_nsec);
    return id + "\n";
}

std::string read_fd(int fd) {
    std::string text;
    char buf[128];
    for (off_t at = 0;;) {
        const ssize_t n = ::pread(fd, buf, sizeof buf, at);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        text.append(buf, static_cast<std::size_t>(n));
        at += n;
        if (text.size() > 4096) break;
    }
    return text;
}

bool nonempty_file(const std::string& path) {
    std::error_code ec;
    return std::filesystem::exists(path, ec) && std::filesystem::file_size(path, ec) > 0 && !ec;
}

}  // namespace

// `<path>.verified`: held open with a shared lock by every open Store, and naming the database
// file (device:inode) the last whole-file check passed on.
class Store::Marker {
  public:
    // Opens the marker and decides whether open() must check the whole file. `created` is set
    // when the marker did not exist before.
    Marker(const std::string& db_path, Verify verify)
        : db_path_(db_path), path_(db_path + ".verified") {
        fd_ = ::open(path_.c_str(), O_RDWR | O_CLOEXEC);
        if (fd_ < 0) {
            fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
            created_ = fd_ >= 0;
        }
        if (fd_ < 0) {
            full_check_ = true;  // no marker to trust: check every time
            return;
        }
        const bool alone = ::flock(fd_, LOCK_EX | LOCK_NB) == 0;
        // Alone, a WAL left beside the database means the last connection did not close
        // (SQLite removes it when the last one closes cleanly).
        const bool unclean = alone && nonempty_file(db_path + "-wal");
        const bool known = !file_identity(db_path).empty() && read_fd(fd_) == file_identity(db_path);
        full_check_ = verify == Verify::Always || unclean || !known;
    }
    Marker(const Marker&) = delete;
    Marker& operator=(const Marker&) = delete;
    ~Marker() {
        if (fd_ >= 0) ::close(fd_);  // releases the lock
    }

    bool full_check() const { return full_check_; }

    // The whole file was checked and found intact.
    void verified() {
        if (fd_ < 0) return;
        const std::string id = file_identity(db_path_);
        if (::ftruncate(fd_, 0) == 0) (void)!::pwrite(fd_, id.data(), id.size(), 0);
    }

    // Open from here on: others may open alongside, and only this lock says someone has.
    void hold_shared() {
        if (fd_ < 0) return;
        while (::flock(fd_, LOCK_SH) != 0 && errno == EINTR) {
        }
    }

    // The file was refused: a marker this open made is removed again.
    void discard() {
        if (fd_ < 0) return;
        if (created_) ::unlink(path_.c_str());
        ::close(fd_);
        fd_ = -1;
    }

  private:
    std::string db_path_;
    std::string path_;
    int fd_ = -1;
    bool created_ = false;
    bool full_check_ = true;
};

namespace {

}  // namespace

bool create_private_directory(const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::create_directories(path, ec) && ec) return false;
    std::filesystem::permissions(path, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::replace, ec);
    return !ec;
}

void register_store_functions(Db& db) {
    sqlite3_create_function(db.handle(), "touchpoint_digits", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                            nullptr, digits_only, nullptr, nullptr);
    sqlite3_create_function(db.handle(), "touchpoint_search_words", 1,
                            SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr, split_words, nullptr,
                            nullptr);
}

Store::Store(Db db, std::unique_ptr<Marker> marker)
    : marker_(std::move(marker)), db_(std::move(db)) {}
Store::~Store() = default;

Result<std::unique_ptr<Store>> Store::open(const std::string& path, int migrate_to, Verify verify) {
    if (has_foreign_header(path))
        return db_error(Errc::DbNotTouchpoint, path);
    create_private(path);
    narrow_modes(path);
    Db db;
    try {
        db = Db(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX);
    } catch (const DbException& e) {
        return db_error(Errc::DbCannotOpen, path, e.what());
    }
    auto marker = std::make_unique<Marker>(path, verify);
    auto refuse = [&](Error error) {
        db = Db();  // closed before the marker goes, so no WAL or shared memory stays behind
        marker->discard();
        return error;
    };
    try {
        // Read-only checks first: nothing is written until the file is known to be ours. The
        // header and schema are read on every open (the checks below); the whole file only
        // when the marker says so.
        if (marker->full_check()) {
            bool intact = false;
            {
                auto check = db.prepare("PRAGMA quick_check");
                intact = check.step() && check.text(0) == "ok";
            }
            if (!intact) return refuse(db_error(Errc::DbCorrupt, path));
        }
        const int app_id = pragma_int(db, "PRAGMA application_id");
        const int version = pragma_int(db, "PRAGMA user_version");
        const int tables = pragma_int(db, "SELECT count(*) FROM sqlite_schema");
        if (app_id != schema::kApplicationId && (app_id != 0 || tables != 0 || version != 0))
            return refuse(db_error(Errc::DbNotTouchpoint, path));
        if (version > schema::latest_version())
            return refuse(db_error(Errc::DbTooNew, path));
        register_store_functions(db);
        // Before anything is written: a new file takes it at once (vacuum.hpp).
        db.exec("PRAGMA auto_vacuum=INCREMENTAL");
        db.exec("PRAGMA journal_mode=WAL");
        db.exec("PRAGMA synchronous=NORMAL");
        db.exec("PRAGMA foreign_keys=ON");
        db.exec("PRAGMA secure_delete=ON");
        schema::migrate(db, migrate_to < 0 ? schema::latest_version() : migrate_to);
        enable_incremental_vacuum(db);
        if (marker->full_check()) marker->verified();
    } catch (const DbException& e) {
        const int primary = e.code() & 0xFF;
        if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB)
            return refuse(db_error(
                primary == SQLITE_NOTADB ? Errc::DbNotTouchpoint : Errc::DbCorrupt, path,
                e.what()));
        return refuse(db_error(Errc::DbIo, path, e.what()));
    }
    marker->hold_shared();
    std::unique_ptr<Store> store(new Store(std::move(db), std::move(marker)));
    try {
        move_token_out_of_db(*store);
        narrow_modes(path);  // -wal and -shm exist now
    } catch (const DbException& e) {
        return db_error(Errc::DbIo, path, e.what());
    }
    return store;
}

std::optional<std::string> Store::token() const {
    const int fd = ::open(token_path().c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT) return std::nullopt;
        io_failure("read " + token_path());
    }
    std::string text;
    char buf[256];
    for (;;) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            ::close(fd);
            io_failure("read " + token_path());
        }
        if (n == 0) break;
        text.append(buf, static_cast<std::size_t>(n));
    }
    ::close(fd);
    if (text.empty()) return std::nullopt;
    return text;
}

void Store::set_token(const std::string& token) const {
    const std::string final_path = token_path();
    const std::string temp = final_path + ".tmp";
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) io_failure("write " + temp);
    try {
        ::fchmod(fd, 0600);
        write_all(fd, token, "write " + temp);
        if (::fsync(fd) != 0) io_failure("sync " + temp);
    } catch (...) {
        ::close(fd);
        ::unlink(temp.c_str());
        throw;
    }
    ::close(fd);
    if (::rename(temp.c_str(), final_path.c_str()) != 0) {
        const int saved = errno;
        ::unlink(temp.c_str());
        errno = saved;
        io_failure("rename " + temp);
    }
    const std::string dir = std::filesystem::path(final_path).parent_path().string();
    const int dfd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        ::fsync(dfd);
        ::close(dfd);
    }
}

void Store::release_memory() {
    sqlite3_db_release_memory(db_.handle());
}

int Store::schema_version() {
    return pragma_int(db_, "PRAGMA user_version");
}

std::optional<std::string> Store::meta(const std::string& key) {
    auto stmt = db_.prepare("SELECT value FROM meta WHERE key = ?");
    stmt.bind(1, key);
    if (!stmt.step()) return std::nullopt;
    return stmt.text(0);
}

void Store::set_meta(const std::string& key, const std::string& value) {
    db_.prepare(
           "INSERT INTO meta(key, value) VALUES (?, ?) "
           "ON CONFLICT(key) DO UPDATE SET value = excluded.value")
        .bind_all(key, value)
        .run();
}

void Store::report_failure(std::string_view where, const std::exception& error) {
    log::error("store", std::string(where) + ": " + error.what());
    failure_ = "error.local_unreadable";
}

const char* to_string(Errc code) {
    switch (code) {
        case Errc::DbCannotOpen:
            return "db_cannot_open";
        case Errc::DbNotTouchpoint:
            return "db_not_touchpoint";
        case Errc::DbCorrupt:
            return "db_corrupt";
        case Errc::DbTooNew:
            return "db_too_new";
        case Errc::DbIo:
            return "db_io";
        case Errc::NotAllowed:
            return "not_allowed";
        case Errc::OfflineNotAllowed:
            return "offline_not_allowed";
        case Errc::InvalidInput:
            return "invalid_input";
        case Errc::NotFound:
            return "not_found";
        case Errc::Locked:
            return "locked";
        case Errc::Network:
            return "network";
        case Errc::Unavailable:
            return "unavailable";
        case Errc::Unauthorized:
            return "unauthorized";
        case Errc::TokenExpired:
            return "token_expired";
        case Errc::CursorExpired:
            return "cursor_expired";
        case Errc::Service:
            return "service";
        case Errc::Revoked:
            return "revoked";
        case Errc::Untrusted:
            return "untrusted";
        case Errc::Busy:
            return "busy";
        case Errc::Rejected:
            return "rejected";
    }
    return "unknown";
}

}  // namespace tp
