#include "storage/postgres_sql.hpp"

#include <libpq-fe.h>

#include <poll.h>

#include <charconv>
#include <chrono>
#include <cmath>
#include <optional>
#include <unordered_map>
#include <vector>

#include "storage/postgres_dialect.hpp"

namespace tp::service::storage {
namespace {

using Kind = StorageError::Kind;

// Type OIDs fixed by PostgreSQL's catalog (pg_type.dat).
constexpr Oid kBoolOid = 16;
constexpr Oid kByteaOid = 17;

// libpq's message on one line (it may span several, with tabs): a log event is one line.
std::string trimmed(const char* message) {
    std::string s = message ? message : "";
    for (char& c : s)
        if (c == '\n' || c == '\t' || c == '\r') c = ' ';
    while (!s.empty() && s.back() == ' ') s.pop_back();
    return s;
}

struct ResultDeleter {
    void operator()(PGresult* r) const { PQclear(r); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

class PostgresSql;

class PostgresStatement final : public SqlStatement {
  public:
    PostgresStatement(PostgresSql& sql, std::string name, int parameters)
        : sql_(sql), name_(std::move(name)), values_(static_cast<std::size_t>(parameters)),
          null_(static_cast<std::size_t>(parameters), true), binary_(static_cast<std::size_t>(parameters), 0) {}

    void bind(int index, std::int64_t value) override { set(index, std::to_string(value), false); }
    void bind(int index, double value) override { set(index, format_double(value), false); }
    void bind(int index, std::string_view text) override { set(index, std::string(text), false); }
    void bind_bytes(int index, std::string_view bytes) override { set(index, std::string(bytes), true); }
    void bind_null(int index) override {
        slot(index);
        null_[static_cast<std::size_t>(index - 1)] = true;
    }

    bool step() override;
    void reset() override {
        result_.reset();
        row_ = -1;
        changed_ = 0;
    }
    std::int64_t changed() const override { return changed_; }

    bool is_null(int column) const override { return PQgetisnull(result_.get(), row_, check(column)) != 0; }
    std::int64_t int64(int column) const override;
    double real(int column) const override;
    std::string text(int column) const override {
        const int c = check(column);
        return std::string(PQgetvalue(result_.get(), row_, c),
                           static_cast<std::size_t>(PQgetlength(result_.get(), row_, c)));
    }
    std::string bytes(int column) const override;

  private:
    static std::string format_double(double value) {
        if (std::isnan(value)) return "NaN";
        if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
        char buffer[32];
        const auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
        return std::string(buffer, end);
    }
    std::size_t slot(int index) const {
        if (index < 1 || static_cast<std::size_t>(index) > values_.size())
            throw StorageError(Kind::Other, "bind: parameter " + std::to_string(index) + " out of range");
        return static_cast<std::size_t>(index - 1);
    }
    void set(int index, std::string value, bool binary) {
        const std::size_t i = slot(index);
        values_[i] = std::move(value);
        null_[i] = false;
        binary_[i] = binary ? 1 : 0;
    }
    // The column index, once a row is current and the column exists.
    int check(int column) const {
        if (!result_ || row_ < 0 || row_ >= PQntuples(result_.get()))
            throw StorageError(Kind::Other, "column read without a current row");
        if (column < 0 || column >= PQnfields(result_.get()))
            throw StorageError(Kind::Other, "column " + std::to_string(column) + " out of range");
        return column;
    }

    PostgresSql& sql_;
    std::string name_;
    std::vector<std::string> values_;
    std::vector<bool> null_;
    std::vector<int> binary_;
    Result result_;
    int row_ = -1;
    std::int64_t changed_ = 0;
};

class PostgresSql final : public Sql {
  public:
    explicit PostgresSql(PGconn* conn) : conn_(conn) {}
    ~PostgresSql() override { PQfinish(conn_); }

    std::unique_ptr<SqlStatement> statement(std::string_view sql) override {
        auto found = prepared_.find(std::string(sql));
        if (found == prepared_.end()) {
            const PostgresPlaceholders rewritten = rewrite_placeholders(sql);
            std::string name = "tp" + std::to_string(prepared_.size() + 1);
            Result r(PQprepare(conn_, name.c_str(), rewritten.sql.c_str(), rewritten.parameter_count, nullptr));
            expect(r, "prepare");
            found = prepared_.emplace(std::string(sql), Prepared{std::move(name), rewritten.parameter_count}).first;
        }
        return std::make_unique<PostgresStatement>(*this, found->second.name, found->second.parameters);
    }

    void exec(std::string_view sql) override {
        Result r(PQexec(conn_, std::string(sql).c_str()));
        expect(r, "exec");
    }

    void begin() override {
        if (PQtransactionStatus(conn_) != PQTRANS_IDLE)
            throw StorageError(connection_bad() ? Kind::Unavailable : Kind::Other,
                               "begin: the connection is not idle (a transaction is open or it is lost)");
        failed_.reset();
        feed_locked_ = false;
        exec("BEGIN ISOLATION LEVEL SERIALIZABLE");
    }

    // A unit that only reads sees one snapshot of what had committed when it began: it can
    // neither fail a writer's serialization nor have its own fail.
    void begin_read() override {
        if (PQtransactionStatus(conn_) != PQTRANS_IDLE)
            throw StorageError(connection_bad() ? Kind::Unavailable : Kind::Other,
                               "begin: the connection is not idle (a transaction is open or it is lost)");
        failed_.reset();
        feed_locked_ = false;
        exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    }

    void do_commit() override {
        Result r(PQexec(conn_, "COMMIT"));
        expect(r, "commit");
        // PostgreSQL answers COMMIT of a failed transaction with ROLLBACK.
        if (std::string_view(PQcmdStatus(r.get())) == "ROLLBACK") {
            const Kind kind = failed_.value_or(Kind::Other);
            failed_.reset();
            throw StorageError(kind, "commit: an earlier statement failed; the transaction was rolled back");
        }
        failed_.reset();
    }

    void rollback() noexcept override {
        const PGTransactionStatusType status = PQtransactionStatus(conn_);
        if (status == PQTRANS_INTRANS || status == PQTRANS_INERROR) PQclear(PQexec(conn_, "ROLLBACK"));
        failed_.reset();
    }

    Engine engine() const override { return Engine::Postgres; }
    bool usable() const override { return !lost_ && !connection_bad(); }
    void serialize_feed_writes() override {
        if (feed_locked_) return;
        // LOCK TABLE takes no snapshot: as a unit's first statement, the unit then sees every
        // feed writer that committed before it. The mode conflicts with itself and with the
        // plain writes of changes, never with reads.
        exec("LOCK TABLE changes IN SHARE ROW EXCLUSIVE MODE");
        // Delivered to every listening instance when, and only if, this transaction commits.
        exec("NOTIFY " + std::string(kChangesChannel));
        feed_locked_ = true;
    }

    PGconn* conn() const { return conn_; }

    // Throws unless `r` holds a successful result. A failure inside a transaction is remembered,
    // so the statements PostgreSQL then refuses (25P02) and commit() report the first one's kind.
    void expect(const Result& r, std::string_view what) {
        const ExecStatusType status = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
        if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY) return;
        const char* state = r ? PQresultErrorField(r.get(), PG_DIAG_SQLSTATE) : nullptr;
        const std::string sqlstate = state ? state : "";
        // Every error the server sends has a SQLSTATE; one without is libpq's own: the link failed.
        const bool link_failed = connection_bad() || sqlstate.empty();
        Kind kind = link_failed ? Kind::Unavailable : kind_of_sqlstate(sqlstate);
        // The server is ending this session (shutdown, restart, lost link): never use it again.
        if (link_failed || sqlstate.starts_with("08") || sqlstate.starts_with("57P")) lost_ = true;
        if (sqlstate == "25P02" && failed_) kind = *failed_;
        if (PQtransactionStatus(conn_) == PQTRANS_INERROR && !failed_) failed_ = kind;
        std::string message = std::string(what) + ": ";
        if (!sqlstate.empty()) message += "[" + sqlstate + "] ";
        message += trimmed(r ? PQresultErrorMessage(r.get()) : PQerrorMessage(conn_));
        throw StorageError(kind, message);
    }

  private:
    bool connection_bad() const { return PQstatus(conn_) == CONNECTION_BAD; }

    struct Prepared {
        std::string name;
        int parameters;
    };
    PGconn* conn_;
    std::unordered_map<std::string, Prepared> prepared_;
    std::optional<Kind> failed_;
    bool feed_locked_ = false;  // this transaction holds the feed writers' lock
    bool lost_ = false;         // the server ended the session
};

bool PostgresStatement::step() {
    if (!result_) {
        std::vector<const char*> values(values_.size());
        std::vector<int> lengths(values_.size());
        for (std::size_t i = 0; i < values_.size(); ++i) {
            values[i] = null_[i] ? nullptr : values_[i].c_str();
            lengths[i] = static_cast<int>(values_[i].size());
        }
        Result r(PQexecPrepared(sql_.conn(), name_.c_str(), static_cast<int>(values_.size()), values.data(),
                                lengths.data(), binary_.data(), 0));
        sql_.expect(r, "step");
        changed_ = 0;
        // PQcmdTuples also counts the rows a SELECT returned; changed() is about writes only.
        const std::string_view command = PQcmdStatus(r.get());
        if (command.starts_with("INSERT") || command.starts_with("UPDATE") || command.starts_with("DELETE") ||
            command.starts_with("MERGE")) {
            const std::string_view tuples = PQcmdTuples(r.get());
            std::from_chars(tuples.data(), tuples.data() + tuples.size(), changed_);
        }
        result_ = std::move(r);
        row_ = -1;
    }
    if (row_ < PQntuples(result_.get())) ++row_;
    return row_ < PQntuples(result_.get());
}

std::int64_t PostgresStatement::int64(int column) const {
    const int c = check(column);
    if (PQgetisnull(result_.get(), row_, c)) return 0;
    const std::string_view v(PQgetvalue(result_.get(), row_, c),
                             static_cast<std::size_t>(PQgetlength(result_.get(), row_, c)));
    if (PQftype(result_.get(), c) == kBoolOid) return v == "t" ? 1 : 0;
    std::int64_t n = 0;
    const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
    if (ec == std::errc() && end == v.data() + v.size()) return n;
    // A NUMERIC or floating-point value, truncated as SQLite reads a REAL as an integer.
    return static_cast<std::int64_t>(real(column));
}

double PostgresStatement::real(int column) const {
    const int c = check(column);
    if (PQgetisnull(result_.get(), row_, c)) return 0.0;
    const std::string_view v(PQgetvalue(result_.get(), row_, c),
                             static_cast<std::size_t>(PQgetlength(result_.get(), row_, c)));
    double d = 0.0;
    const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), d);
    if (ec != std::errc() || end != v.data() + v.size())
        throw StorageError(Kind::Other, "column " + std::to_string(column) + " is not a number");
    return d;
}

std::string PostgresStatement::bytes(int column) const {
    const int c = check(column);
    if (PQftype(result_.get(), c) != kByteaOid) return text(column);
    if (PQgetisnull(result_.get(), row_, c)) return {};
    std::size_t length = 0;
    unsigned char* raw =
        PQunescapeBytea(reinterpret_cast<const unsigned char*>(PQgetvalue(result_.get(), row_, c)), &length);
    if (!raw) throw StorageError(Kind::Other, "bytes: cannot decode column " + std::to_string(column));
    std::string out(reinterpret_cast<const char*>(raw), length);
    PQfreemem(raw);
    return out;
}

void ignore_notice(void*, const char*) {}

}  // namespace

std::unique_ptr<Sql> open_postgres(const std::string& uri) {
    // libpq's own message for a malformed URI may quote part of it, password included.
    char* parse_error = nullptr;
    PQconninfoOption* options = PQconninfoParse(uri.c_str(), &parse_error);
    if (parse_error) PQfreemem(parse_error);
    if (!options) throw StorageError(Kind::Unavailable, "cannot connect to PostgreSQL: malformed connection URI");
    PQconninfoFree(options);

    // A connect_timeout in the URI comes later in the list, so it wins over this default.
    const char* keywords[] = {"connect_timeout", "dbname", nullptr};
    const char* values[] = {"10", uri.c_str(), nullptr};
    PGconn* conn = PQconnectdbParams(keywords, values, 1);
    if (!conn) throw StorageError(Kind::Unavailable, "cannot connect to PostgreSQL: out of memory");
    if (PQstatus(conn) != CONNECTION_OK) {
        const std::string why = trimmed(PQerrorMessage(conn));
        PQfinish(conn);
        throw StorageError(Kind::Unavailable, "cannot connect to PostgreSQL: " + why);
    }
    if (PQsetClientEncoding(conn, "UTF8") != 0) {
        const std::string why = trimmed(PQerrorMessage(conn));
        PQfinish(conn);
        throw StorageError(Kind::Unavailable, "cannot use UTF-8 with PostgreSQL: " + why);
    }
    PQsetNoticeProcessor(conn, ignore_notice, nullptr);
    return std::make_unique<PostgresSql>(conn);
}

ChangeListener::ChangeListener(std::string uri, std::function<void()> on_change)
    : uri_(std::move(uri)), on_change_(std::move(on_change)), thread_([this] { listen(); }) {}

ChangeListener::~ChangeListener() {
    stopping_ = true;
    thread_.join();
}

void ChangeListener::listen() {
    bool missed = false;  // a connection was lost or never made: changes may have gone unheard
    while (!stopping_) {
        std::unique_ptr<Sql> owner;
        try {
            owner = open_postgres(uri_);
            owner->exec("LISTEN " + std::string(kChangesChannel));
        } catch (const StorageError&) {
            missed = true;
            for (int i = 0; i < 5 && !stopping_; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(200));
            continue;
        }
        if (missed) on_change_();
        missed = false;
        PGconn* conn = static_cast<PostgresSql&>(*owner).conn();
        while (!stopping_) {
            pollfd watched{PQsocket(conn), POLLIN, 0};
            if (watched.fd < 0) break;
            // Woken at least every 200 ms to see stopping_; input (or a closed link) is read.
            if (poll(&watched, 1, 200) <= 0) continue;
            if (PQconsumeInput(conn) == 0) break;  // the connection is lost
            bool heard = false;
            while (PGnotify* note = PQnotifies(conn)) {
                heard = true;
                PQfreemem(note);
            }
            if (heard) on_change_();
        }
        missed = true;
    }
}

}  // namespace tp::service::storage
