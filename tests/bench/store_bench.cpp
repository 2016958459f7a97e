// store_bench: the terminal's local store at scale (docs/performance.md).
//   P3  durable enqueue of one command (outbox row + overlay, synchronous=FULL), p50 and p99,
//       with 0 and with 100,000 commands pending, beside a bare one-row insert with
//       synchronous=FULL in the same directory, all measured in alternating rounds (each store
//       gains the commands the run enqueues);
//   P4  customer search as you type over 1,000,000 cached customers, p99 over every prefix of
//       realistic queries, beside an indexed exact lookup (identify by loyalty number);
// and, informative: what Store::open costs on the big database beside the whole-file check it
// ran on every open before, and settling 1,000 confirmed commands over the big cache.
// --quick: 100,000 customers and 10,000 pending commands.

#include <sqlite3.h>

#include <array>
#include <ctime>
#include <iostream>
#include <random>

#include "bench_report.hpp"
#include "touchpoint/cache.hpp"
#include "touchpoint/domain_json.hpp"
#include "touchpoint/outbox.hpp"
#include "touchpoint/queries.hpp"
#include "touchpoint/store.hpp"

using namespace tp;
using namespace tp::bench;

namespace {


struct Names {
    const char* phone_prefix;
    std::array<const char*, 8> first;
    std::array<const char*, 8> last;
};

// A spread like the demo generator's: four languages, accented names, shared e-mail domain.
const std::array<Names, 4> kNames{{
    {"+34 6",
     {"José", "María", "Lucía", "Ángel", "Iñaki", "Begoña", "Sofía", "Raúl"},
     {"García", "Núñez", "Pérez", "Ibáñez", "Muñoz", "Gómez", "Cañete", "Martín"}},
    {"+49 15",
     {"Zoë", "Jürgen", "Lena", "Björn", "Käthe", "Lukas", "Anja", "Günter"},
     {"Müller", "Schäfer", "Weiß", "Köhler", "Groß", "Bäcker", "Hoffmann", "Krüger"}},
    {"+33 6",
     {"François", "Hélène", "Amélie", "Jérôme", "Chloé", "Gaël", "Inès", "Noël"},
     {"Lefèvre", "Dupont", "Bérard", "Girard", "Mercier", "Lemaître", "Faure", "Roche"}},
    {"+44 7",
     {"Søren", "Emily", "Oliver", "Siobhán", "Ciarán", "Liam", "Ava", "Noah"},
     {"Smith", "O'Brien", "Østergaard", "Jones", "Taylor", "Brown", "Walsh", "Evans"}},
}};

// Lower-case ASCII of a name for its e-mail address (accents dropped, other letters skipped).
std::string mail_part(const std::string& name) {
    static const std::array<std::pair<const char*, char>, 22> kFold{{
        {"á", 'a'}, {"à", 'a'}, {"ä", 'a'}, {"é", 'e'}, {"è", 'e'}, {"ë", 'e'}, {"ê", 'e'},
        {"í", 'i'}, {"ï", 'i'}, {"ó", 'o'}, {"ö", 'o'}, {"ø", 'o'}, {"ú", 'u'}, {"ü", 'u'},
        {"ñ", 'n'}, {"ç", 'c'}, {"ß", 's'}, {"Á", 'a'}, {"Ø", 'o'}, {"Í", 'i'}, {"É", 'e'},
        {"Ö", 'o'},
    }};
    std::string out;
    for (std::size_t i = 0; i < name.size();) {
        const char c = name[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
            out.push_back(static_cast<char>(c | 0x20));
            ++i;
            continue;
        }
        bool folded = false;
        for (const auto& [from, to] : kFold) {
            const std::size_t n = std::strlen(from);
            if (name.compare(i, n, from) == 0) {
                out.push_back(to);
                i += n;
                folded = true;
                break;
            }
        }
        if (!folded) ++i;
    }
    return out;
}

Customer make_customer(int n, std::mt19937& rng) {
    const Names& pool = kNames[static_cast<std::size_t>(n) % kNames.size()];
    std::uniform_int_distribution<int> pick(0, 7), two(10, 99), three(100, 999);
    const std::string first = pool.first[static_cast<std::size_t>(pick(rng))];
    const std::string last = pool.last[static_cast<std::size_t>(pick(rng))];
    Customer c;
    char id[16];
    std::snprintf(id, sizeof id, "C%07d", n);
    c.id = id;
    c.name = first + " " + last;
    c.store_id = n % 5 == 0 ? "S2" : "S1";
    c.version = 1;
    c.phone = std::string(pool.phone_prefix) + std::to_string(two(rng)) + " " +
              std::to_string(three(rng)) + " " + std::to_string(three(rng));
    c.email = mail_part(first) + "." + mail_part(last) + std::to_string(n) + "@example.com";
    char loyalty[16];
    std::snprintf(loyalty, sizeof loyalty, "LOY%08lld",
                  static_cast<long long>((n * 7919LL + 1234567) % 100000000));
    c.loyalty_number = loyalty;
    return c;
}

std::unique_ptr<Store> open_or_die(const std::string& path,
                                   Store::Verify verify = Store::Verify::Needed) {
    auto opened = Store::open(path, -1, verify);
    if (!opened) {
        std::cerr << "cannot open " << path << ": " << opened.error().detail << "\n";
        std::exit(1);
    }
    return std::move(*opened);
}

// The cache's own row format (cache.cpp's customer upsert), many rows in one transaction.
void fill_customers(Store& store, int count, int first = 0) {
    std::mt19937 rng(42);
    store.db().exec("PRAGMA cache_size=-1048576");  // setup only: no page spills mid-fill
    Transaction txn(store.db());
    auto insert = store.db().prepare(
        "INSERT INTO customers(id, store_id, name, phone, email, loyalty, data) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)");
    for (int n = first; n < first + count; ++n) {
        const Customer c = make_customer(n, rng);
        insert.reset();
        insert.bind_all(c.id, c.store_id, c.name, c.phone, c.email, c.loyalty_number,
                        nlohmann::json(c).dump());
        insert.run();
    }
    txn.commit();
}

void fill_cases(Store& store, int count) {
    Transaction txn(store.db());
    auto insert = store.db().prepare(
        "INSERT INTO cases(id, customer_id, kind, status, reference, version, data) "
        "VALUES (?, ?, 'order', 'placed', ?, 1, ?)");
    for (int n = 0; n < count; ++n) {
        Case c;
        c.id = "ORD-" + std::to_string(n);
        c.customer_id = "C" + std::string(7 - std::min<std::size_t>(7, std::to_string(n).size()), '0') +
                        std::to_string(n);
        c.reference = "TP-" + c.id;
        c.kind = CaseKind::Order;
        c.status = "placed";
        c.version = 1;
        insert.reset();
        insert.bind_all(c.id, c.customer_id, c.reference, nlohmann::json(c).dump());
        insert.run();
    }
    txn.commit();
}

// `count` pending commands written straight into the outbox, spread over the cached cases'
// lanes, one in ten creating a case of its own.
void fill_outbox(Store& store, int count, int cases) {
    Transaction txn(store.db());
    auto insert = store.db().prepare(
        "INSERT INTO outbox(command_id, action, lane, lane_prev_seq, case_id, customer_id, "
        "payload, actor_role, actor_id, device_time, new_case_id) "
        "VALUES (?, 'add_note', ?, 0, ?, '', ?, 'rep', 'S-1', 1789000000000, ?)");
    for (int n = 0; n < count; ++n) {
        const std::string case_id = "ORD-" + std::to_string(n % cases);
        const std::string created = n % 10 == 0 ? "K-bulk-" + std::to_string(n) : std::string();
        nlohmann::json payload{{"text", "note " + std::to_string(n)}};
        if (!created.empty()) payload["new_case_id"] = created;
        insert.reset();
        insert.bind_all("bulk-" + std::to_string(n), "case:" + case_id, case_id, payload.dump(),
                        created);
        insert.run();
    }
    txn.commit();
}

struct Pair {
    Samples enqueue;
    Samples bare;
};

// Enqueues and bare inserts, one after the other, so both see the same disk and noise; the
// commands go to cases first + 37 i (mod cases).
void measure_enqueue(Store& store, sqlite3* bare, int samples, int cases, int first, Pair& out) {
    sqlite3_stmt* insert = nullptr;
    sqlite3_prepare_v2(bare, "INSERT INTO t(v) VALUES (?)", -1, &insert, nullptr);
    const std::string value(200, 'x');
    for (int i = first; i < first + samples; ++i) {
        const std::string n = std::to_string((i * 37) % cases);
        CommandDraft d;
        d.action = ActionType::CancelOrder;  // a requested status laid over the cached case
        d.case_id = "ORD-" + n;
        d.customer_id = "C" + std::string(7 - n.size(), '0') + n;
        d.role = Role::Rep;
        d.actor_id = "S-1";
        bool ok = true;
        out.enqueue.add(time_once([&] { ok = record_command(store, d, 1'789'000'000'000).ok(); }));
        if (!ok) {
            std::cerr << "enqueue failed\n";
            std::exit(1);
        }
        out.bare.add(time_once([&] {
            sqlite3_exec(bare, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
            sqlite3_bind_text(insert, 1, value.c_str(), static_cast<int>(value.size()),
                              SQLITE_STATIC);
            sqlite3_step(insert);
            sqlite3_reset(insert);
            sqlite3_exec(bare, "COMMIT", nullptr, nullptr, nullptr);
        }));
    }
    sqlite3_finalize(insert);
}

// Past two checkpoints of the WAL with small commits to a table of the benchmark's own.
void wrap_wal(sqlite3* db) {
    sqlite3_exec(db,
                 "CREATE TABLE IF NOT EXISTS bench_wal(v TEXT); PRAGMA synchronous=NORMAL",
                 nullptr, nullptr, nullptr);
    for (int i = 0; i < 2500; ++i)
        sqlite3_exec(db, "INSERT INTO bench_wal VALUES ('wrap')", nullptr, nullptr, nullptr);
    sqlite3_exec(db, "DELETE FROM bench_wal", nullptr, nullptr, nullptr);
}

struct EnqueueFigure {
    Pair pair;
    double ratio50 = 0, ratio99 = 0;
};

// A store with `cases` cached customers and orders and `pending` commands queued.
std::unique_ptr<Store> enqueue_store(const std::filesystem::path& dir, int pending, int cases) {
    const std::string path = (dir / ("enqueue-" + std::to_string(pending) + ".db")).string();
    auto store = open_or_die(path);
    fill_customers(*store, cases);
    fill_cases(*store, cases);
    if (pending > 0) fill_outbox(*store, pending, cases);
    return store;
}

// P3 on a store with no command pending and on one with `pending`, measured in alternating
// rounds so that both, and the bare inserts beside them, see the same disk.
std::pair<EnqueueFigure, EnqueueFigure> enqueue_figures(const std::filesystem::path& dir,
                                                        int pending, int samples, sqlite3* bare) {
    const int cases = 2000;
    auto empty = enqueue_store(dir, 0, cases);
    auto full = enqueue_store(dir, pending, cases);
    // A commit that extends its WAL file pays for the file's new size in its fsync; one that
    // reuses the WAL after a checkpoint does not. Every WAL is wrapped first, so all are
    // measured reusing theirs, as on a terminal that has been running.
    wrap_wal(empty->db().handle());
    wrap_wal(full->db().handle());
    wrap_wal(bare);
    sqlite3_exec(bare, "PRAGMA synchronous=FULL", nullptr, nullptr, nullptr);
    Pair warm;
    measure_enqueue(*empty, bare, samples / 10, cases, 0, warm);  // the page caches
    measure_enqueue(*full, bare, samples / 10, cases, 0, warm);
    std::pair<EnqueueFigure, EnqueueFigure> f;
    for (int round = 0; round < samples / 10; ++round) {
        measure_enqueue(*empty, bare, 10, cases, samples + round * 10, f.first.pair);
        measure_enqueue(*full, bare, 10, cases, samples + round * 10, f.second.pair);
    }
    for (EnqueueFigure* e : {&f.first, &f.second}) {
        e->ratio50 = e->pair.enqueue.median() / e->pair.bare.median();
        e->ratio99 = e->pair.enqueue.p99() / e->pair.bare.p99();
    }
    return f;
}

void print_enqueue(const std::string& label, const EnqueueFigure& f, const std::string& tail,
                   bool met) {
    figure("P3", "enqueue with " + label + " pending: p50 " + duration(f.pair.enqueue.median()) +
                     " p99 " + duration(f.pair.enqueue.p99()) + " vs bare insert p50 " +
                     duration(f.pair.bare.median()) + " p99 " + duration(f.pair.bare.p99()) +
                     " = ratio " + number(f.ratio50) + " (p99 " + number(f.ratio99) +
                     ", target <= 1.5 on both)" + tail,
           met);
}

// Every prefix of each query, as typed one character at a time.
std::vector<std::string> typed_prefixes(const std::vector<std::string>& queries) {
    std::vector<std::string> out;
    for (const auto& q : queries)
        for (std::size_t i = 1; i <= q.size(); ++i) {
            if (i < q.size() && (static_cast<unsigned char>(q[i]) & 0xC0) == 0x80) continue;
            out.push_back(q.substr(0, i));
        }
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    const Options options = parse_options(argc, argv, "store_bench");
    const int customers = options.quick ? 100'000 : 1'000'000;
    const int pending = options.quick ? 10'000 : 100'000;
    const int samples = options.quick ? 200 : 500;

    if (options.wants("P3")) {
        // P3: the bare insert's database lives beside the store, in WAL mode as the store is.
        sqlite3* bare = nullptr;
        sqlite3_open((options.dir / "bare.db").c_str(), &bare);
        sqlite3_exec(bare,
                     "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
                     "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT NOT NULL);",
                     nullptr, nullptr, nullptr);
        const auto [empty, full] = enqueue_figures(options.dir, pending, samples, bare);
        sqlite3_close(bare);
        const double growth = full.pair.enqueue.median() / empty.pair.enqueue.median();
        print_enqueue("0", empty, "", empty.ratio50 <= 1.5 && empty.ratio99 <= 1.5);
        print_enqueue(count(pending), full,
                      "; p50 with " + count(pending) + " / with 0 = " + number(growth) +
                          " (flat: <= 1.5)",
                      full.ratio50 <= 1.5 && full.ratio99 <= 1.5 && growth <= 1.5);
    }
    if (!options.wants("P4")) {
        if (!options.keep) std::filesystem::remove_all(options.dir);
        return 0;
    }

    // P4: the big cache.
    const std::string big = (options.dir / "customers.db").string();
    double fill_seconds = 0;
    {
        auto store = open_or_die(big);
        fill_seconds = time_once([&] { fill_customers(*store, customers); });
        fill_cases(*store, 1000);
    }
    std::cout << "  filled " << count(customers) << " customers in " << duration(fill_seconds)
              << "; database " << megabytes(static_cast<double>(std::filesystem::file_size(big)))
              << std::endl;

    // Store::open on it: as every open runs now, with the whole-file check, and that check alone.
    Samples open_now, open_checked;
    for (int i = 0; i < 5; ++i) {
        open_now.add(time_once([&] { open_or_die(big); }));
        open_checked.add(time_once([&] { open_or_die(big, Store::Verify::Always); }));
    }
    std::cout << "  Store::open on the " << count(customers) << "-customer database: "
              << duration(open_now.median()) << " (median of 5); with the whole-file check "
              << "every open ran before: " << duration(open_checked.median()) << std::endl;

    auto store = open_or_die(big);
    const std::vector<std::string> queries = {
        "José García", "María Núñez",  "Zoë Müller",       "Søren Østergaard",
        "François Lefèvre", "Lukas Hoffmann", "Siobhán O'Brien", "Iñaki Cañete",
        "LOY00012345", "LOY51234567", "612 345 678", "+49 151 234",
        "6",           "é",           "ø",                "Ñ",
        "hélène",      "jurgen krug", "emily.smith",      "noah",
    };
    const auto prefixes = typed_prefixes(queries);
    for (const auto& p : prefixes) (void)search_customers(*store, p);  // warm the page cache
    Samples search, search_cpu;
    std::size_t hits = 0;
    std::string slowest;
    double slowest_time = 0;
    for (int round = 0; round < 5; ++round)
        for (const auto& p : prefixes) {
            std::size_t n = 0;
            const double cpu_start = thread_cpu_seconds();
            const double t = time_once([&] { n = search_customers(*store, p).size(); });
            search_cpu.add(thread_cpu_seconds() - cpu_start);
            search.add(t);
            hits += n;
            if (t > slowest_time) {
                slowest_time = t;
                slowest = p;
            }
        }
    Samples exact;
    std::mt19937 rng(7);
    std::uniform_int_distribution<int> any(0, customers - 1);
    for (int i = 0; i < 2000; ++i) {
        const int n = any(rng);
        char loyalty[16];
        std::snprintf(loyalty, sizeof loyalty, "LOY%08lld",
                      static_cast<long long>((n * 7919LL + 1234567) % 100000000));
        exact.add(time_once([&] { (void)find_customer(*store, loyalty); }));
    }
    figure("P4", "search as you type over " + count(customers) + " customers: p99 " +
                     duration(search.p99()) + " (p50 " + duration(search.median()) + ", " +
                     count(static_cast<long long>(search.size())) + " searches of " +
                     count(static_cast<long long>(prefixes.size())) +
                     " prefixes) vs indexed exact lookup p99 " + duration(exact.p99()) +
                     " (target p99 < 5 ms)",
           search.p99() < 0.005);
    std::cout << "  search CPU time of this thread: p99 " << duration(search_cpu.p99()) << " (p50 "
              << duration(search_cpu.median()) << "); wall time beyond it is waiting for a core"
              << std::endl;
    std::cout << "  slowest search: \"" << slowest << "\" " << duration(slowest_time) << "; "
              << count(static_cast<long long>(hits / 5)) << " hits per round" << std::endl;

    // Settling: 1,000 commands laid over the big cache's orders are confirmed, and the next
    // page settles them (five overlay UPDATEs each).
    {
        std::vector<std::pair<std::string, CommandResult>> answers;
        for (int i = 0; i < 1000; ++i) {
            CommandDraft d;
            d.action = ActionType::CancelOrder;
            d.case_id = "ORD-" + std::to_string(i);
            d.role = Role::Rep;
            d.actor_id = "S-1";
            auto recorded = record_command(*store, d, 1'789'000'000'000);
            if (!recorded) {
                std::cerr << "enqueue failed\n";
                return 1;
            }
            CommandResult r;
            r.status = "applied";
            r.case_id = d.case_id;
            r.case_version = 1;
            answers.emplace_back(recorded->command_id, r);
        }
        const double settle = time_once([&] {
            (void)record_results(*store, answers, 1'789'000'000'000);
            (void)apply_entities(*store, {});
        });
        std::cout << "  settle 1,000 confirmed commands over " << count(customers)
                  << " cached customers: " << duration(settle) << std::endl;
    }
    if (!options.keep) std::filesystem::remove_all(options.dir);
    return 0;
}
