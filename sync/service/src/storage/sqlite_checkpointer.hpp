#pragma once
// Moves an SQLite file's write-ahead log back into the file on a thread of its own, so that no
// request pays for it. Every connection of the service to the file shares one checkpointer
// (checkpointer_for); attaching it to a connection replaces SQLite's automatic checkpoint in the
// committing connection. Once the log holds kWakeFrames frames after a commit, the checkpointer
// runs a PASSIVE checkpoint on its own connection: it copies what no reader still needs and never
// waits for, blocks or fails a reader or the writer. A log that still grows past kCatchUpFrames
// (writes faster than the copying: the log cannot start over while it is never wholly copied)
// is checkpointed by the committing connection itself, which bounds it. It stops, after a last
// checkpoint, when the last connection sharing it is gone.

#include <memory>
#include <string>

struct sqlite3;

namespace tp::service::storage {

class SqliteCheckpointer {
  public:
    static constexpr int kWakeFrames = 1000;  // SQLite's own automatic-checkpoint threshold
    static constexpr int kCatchUpFrames = 4 * kWakeFrames;

    virtual ~SqliteCheckpointer() = default;
    // Makes `db` (a connection to this checkpointer's file) wake it after its commits.
    virtual void attach(sqlite3* db) = 0;
    // Checkpoints this thread completed so far (for tests).
    virtual long long checkpoints() const = 0;
};

// The checkpointer of the file at `path`, started on first use; nullptr for a database in memory,
// a URI, or when its own connection cannot be opened (the connections then keep SQLite's
// automatic checkpoint). Like SQLite connections, checkpointers do not survive fork().
std::shared_ptr<SqliteCheckpointer> checkpointer_for(const std::string& path);

}  // namespace tp::service::storage
