#include "pin_upgrade.hpp"

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

#include "entity_store.hpp"
#include "touchpoint/crypto.hpp"
#include "touchpoint/domain_json.hpp"

namespace tp::service {
namespace {

// Wraps every hash in place, spread over the machine's cores.
void wrap_all(std::vector<std::string>& hashes) {
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    const std::size_t workers = std::min<std::size_t>(cores, hashes.size());
    std::atomic<std::size_t> next{0};
    std::vector<std::thread> threads;
    std::exception_ptr failure;
    std::mutex failure_mutex;
    for (std::size_t w = 0; w < workers; ++w)
        threads.emplace_back([&] {
            for (std::size_t i = next++; i < hashes.size(); i = next++) {
                try {
                    hashes[i] = wrap_legacy_pin_hash(hashes[i]);
                } catch (...) {
                    std::lock_guard lock(failure_mutex);
                    failure = std::current_exception();
                    return;
                }
            }
        });
    for (auto& t : threads) t.join();
    if (failure) std::rethrow_exception(failure);
}

template <typename T>
std::vector<T> with_legacy_verifiers(Sql& db, const char* type) {
    auto stmt = db.prepare("SELECT data FROM entities WHERE type = ? ORDER BY id");
    stmt.bind(1, type);
    std::vector<T> out;
    while (stmt.step()) {
        T v = nlohmann::json::parse(stmt.text(0)).get<T>();
        if (is_legacy_pin_hash(v.pin_hash)) out.push_back(std::move(v));
    }
    return out;
}

}  // namespace

int upgrade_legacy_pin_verifiers(Sql& db) {
    Transaction txn(db);
    auto customers = with_legacy_verifiers<Customer>(db, "customer");
    auto staff = with_legacy_verifiers<Staff>(db, "staff");
    if (customers.empty() && staff.empty()) return 0;
    std::vector<std::string> hashes;
    for (const auto& c : customers) hashes.push_back(c.pin_hash);
    for (const auto& s : staff) hashes.push_back(s.pin_hash);
    wrap_all(hashes);
    EntityStore store(db);
    std::size_t i = 0;
    for (auto& c : customers) {
        c.pin_hash = hashes[i++];
        store.save(c);
    }
    for (auto& s : staff) {
        s.pin_hash = hashes[i++];
        store.save(s);
    }
    txn.commit();
    return static_cast<int>(hashes.size());
}

}  // namespace tp::service
