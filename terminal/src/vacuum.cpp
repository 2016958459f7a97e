#include "touchpoint/vacuum.hpp"

#include <string>

#include "touchpoint/log.hpp"

namespace tp {
namespace {

std::int64_t pragma_value(Db& db, const char* pragma) {
    auto q = db.prepare(pragma);
    return q.step() ? q.int64(0) : 0;
}

constexpr std::int64_t kIncremental = 2;  // PRAGMA auto_vacuum's value for INCREMENTAL

}  // namespace

bool enable_incremental_vacuum(Db& db) {
    try {
        if (pragma_value(db, "PRAGMA auto_vacuum") == kIncremental) return true;
        db.exec("PRAGMA auto_vacuum=INCREMENTAL");
        // A file with no page yet takes the setting as it is; any other needs the VACUUM.
        if (pragma_value(db, "PRAGMA auto_vacuum") == kIncremental) return true;
        log::info("store", "switching the database to incremental vacuum (one VACUUM)");
        db.exec("VACUUM");
        return pragma_value(db, "PRAGMA auto_vacuum") == kIncremental;
    } catch (const DbException& e) {
        log::warn("store", std::string("incremental vacuum not switched on, tried again at the "
                                       "next start: ") + e.what());
        return false;
    }
}

Result<VacuumProgress> vacuum_free_pages(Store& store, int pages_per_step, int max_steps) {
    VacuumProgress progress;
    Db& db = store.db();
    if (pages_per_step < 1) pages_per_step = 1;
    const std::string step = "PRAGMA incremental_vacuum(" + std::to_string(pages_per_step) + ")";
    try {
        progress.free_pages = pragma_value(db, "PRAGMA freelist_count");
        for (int i = 0; i < max_steps && progress.free_pages > 0; ++i) {
            db.exec(step.c_str());
            const std::int64_t left = pragma_value(db, "PRAGMA freelist_count");
            if (left >= progress.free_pages) break;  // not incremental: nothing moves
            progress.freed_pages += progress.free_pages - left;
            progress.free_pages = left;
        }
    } catch (const DbException& e) {
        return Error{Errc::DbIo, "error.storage", e.what()};
    }
    return progress;
}

std::int64_t database_bytes(Db& db) {
    return pragma_value(db, "PRAGMA page_count") * pragma_value(db, "PRAGMA page_size");
}

}  // namespace tp
