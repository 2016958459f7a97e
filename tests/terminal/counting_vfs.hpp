#pragma once
// A pass-through SQLite VFS that counts xSync calls per kind of file, so a test can observe how
// durably a commit was written (in WAL mode, synchronous=FULL syncs the WAL at every commit;
// synchronous=NORMAL does not). While alive it is the default VFS, so connections opened
// without naming a VFS (Store::open) go through it. Open and close connections within its
// lifetime; not for use from several threads.

#include <sqlite3.h>

#include <atomic>
#include <stdexcept>

namespace tp::test {

class CountingVfs {
  public:
    struct Counts {
        int main_db = 0;
        int wal = 0;
        int other = 0;
    };

    CountingVfs() {
        real_ = sqlite3_vfs_find(nullptr);
        if (!real_) throw std::runtime_error("no default VFS");
        instance() = this;
        vfs_ = *real_;
        vfs_.zName = "touchpoint-counting";
        vfs_.szOsFile = static_cast<int>(sizeof(File)) + real_->szOsFile;
        vfs_.pNext = nullptr;
        vfs_.pAppData = nullptr;
        vfs_.xOpen = &CountingVfs::open;
        vfs_.xDelete = [](sqlite3_vfs*, const char* name, int sync) {
            return real()->xDelete(real(), name, sync);
        };
        vfs_.xAccess = [](sqlite3_vfs*, const char* name, int flags, int* out) {
            return real()->xAccess(real(), name, flags, out);
        };
        vfs_.xFullPathname = [](sqlite3_vfs*, const char* name, int n, char* out) {
            return real()->xFullPathname(real(), name, n, out);
        };
        vfs_.xDlOpen = [](sqlite3_vfs*, const char* name) { return real()->xDlOpen(real(), name); };
        vfs_.xDlError = [](sqlite3_vfs*, int n, char* out) { real()->xDlError(real(), n, out); };
        vfs_.xDlSym = [](sqlite3_vfs*, void* h, const char* sym) {
            return real()->xDlSym(real(), h, sym);
        };
        vfs_.xDlClose = [](sqlite3_vfs*, void* h) { real()->xDlClose(real(), h); };
        vfs_.xRandomness = [](sqlite3_vfs*, int n, char* out) {
            return real()->xRandomness(real(), n, out);
        };
        vfs_.xSleep = [](sqlite3_vfs*, int us) { return real()->xSleep(real(), us); };
        vfs_.xCurrentTime = [](sqlite3_vfs*, double* out) {
            return real()->xCurrentTime(real(), out);
        };
        vfs_.xGetLastError = [](sqlite3_vfs*, int n, char* out) {
            return real()->xGetLastError(real(), n, out);
        };
        if (real_->iVersion >= 2)
            vfs_.xCurrentTimeInt64 = [](sqlite3_vfs*, sqlite3_int64* out) {
                return real()->xCurrentTimeInt64(real(), out);
            };
        if (real_->iVersion >= 3) {
            vfs_.xSetSystemCall = [](sqlite3_vfs*, const char* name, sqlite3_syscall_ptr p) {
                return real()->xSetSystemCall(real(), name, p);
            };
            vfs_.xGetSystemCall = [](sqlite3_vfs*, const char* name) {
                return real()->xGetSystemCall(real(), name);
            };
            vfs_.xNextSystemCall = [](sqlite3_vfs*, const char* name) {
                return real()->xNextSystemCall(real(), name);
            };
        }
        if (sqlite3_vfs_register(&vfs_, 1) != SQLITE_OK)
            throw std::runtime_error("cannot register the counting VFS");
    }
    CountingVfs(const CountingVfs&) = delete;
    CountingVfs& operator=(const CountingVfs&) = delete;
    ~CountingVfs() {
        sqlite3_vfs_unregister(&vfs_);
        sqlite3_vfs_register(real_, 1);
        instance() = nullptr;
    }

    Counts syncs() const { return {main_syncs_.load(), wal_syncs_.load(), other_syncs_.load()}; }
    void reset() {
        main_syncs_ = 0;
        wal_syncs_ = 0;
        other_syncs_ = 0;
    }

  private:
    enum class Kind { Main, Wal, Other };
    struct File {
        sqlite3_file base;
        sqlite3_file* real;
        Kind kind;
    };

    static CountingVfs*& instance() {
        static CountingVfs* self = nullptr;
        return self;
    }
    static sqlite3_vfs* real() { return instance()->real_; }
    static sqlite3_file* inner(sqlite3_file* f) { return reinterpret_cast<File*>(f)->real; }

    static int open(sqlite3_vfs*, const char* name, sqlite3_file* file, int flags,
                    int* out_flags) {
        auto* f = reinterpret_cast<File*>(file);
        f->real = reinterpret_cast<sqlite3_file*>(f + 1);
        f->kind = (flags & SQLITE_OPEN_MAIN_DB) ? Kind::Main
                  : (flags & SQLITE_OPEN_WAL)   ? Kind::Wal
                                                : Kind::Other;
        const int rc = real()->xOpen(real(), name, f->real, flags, out_flags);
        f->base.pMethods = f->real->pMethods ? &methods() : nullptr;
        return rc;
    }

    static int sync(sqlite3_file* file, int flags) {
        auto* f = reinterpret_cast<File*>(file);
        auto* self = instance();
        switch (f->kind) {
            case Kind::Main:
                ++self->main_syncs_;
                break;
            case Kind::Wal:
                ++self->wal_syncs_;
                break;
            case Kind::Other:
                ++self->other_syncs_;
                break;
        }
        return f->real->pMethods->xSync(f->real, flags);
    }

    static const sqlite3_io_methods& methods() {
        static const sqlite3_io_methods m = {
            3,
            [](sqlite3_file* f) { return inner(f)->pMethods->xClose(inner(f)); },
            [](sqlite3_file* f, void* buf, int n, sqlite3_int64 off) {
                return inner(f)->pMethods->xRead(inner(f), buf, n, off);
            },
            [](sqlite3_file* f, const void* buf, int n, sqlite3_int64 off) {
                return inner(f)->pMethods->xWrite(inner(f), buf, n, off);
            },
            [](sqlite3_file* f, sqlite3_int64 size) {
                return inner(f)->pMethods->xTruncate(inner(f), size);
            },
            &CountingVfs::sync,
            [](sqlite3_file* f, sqlite3_int64* size) {
                return inner(f)->pMethods->xFileSize(inner(f), size);
            },
            [](sqlite3_file* f, int lock) { return inner(f)->pMethods->xLock(inner(f), lock); },
            [](sqlite3_file* f, int lock) { return inner(f)->pMethods->xUnlock(inner(f), lock); },
            [](sqlite3_file* f, int* out) {
                return inner(f)->pMethods->xCheckReservedLock(inner(f), out);
            },
            [](sqlite3_file* f, int op, void* arg) {
                return inner(f)->pMethods->xFileControl(inner(f), op, arg);
            },
            [](sqlite3_file* f) { return inner(f)->pMethods->xSectorSize(inner(f)); },
            [](sqlite3_file* f) { return inner(f)->pMethods->xDeviceCharacteristics(inner(f)); },
            [](sqlite3_file* f, int page, int size, int extend, void volatile** out) {
                return inner(f)->pMethods->xShmMap(inner(f), page, size, extend, out);
            },
            [](sqlite3_file* f, int offset, int n, int flags) {
                return inner(f)->pMethods->xShmLock(inner(f), offset, n, flags);
            },
            [](sqlite3_file* f) { inner(f)->pMethods->xShmBarrier(inner(f)); },
            [](sqlite3_file* f, int del) { return inner(f)->pMethods->xShmUnmap(inner(f), del); },
            [](sqlite3_file* f, sqlite3_int64 off, int n, void** out) {
                return inner(f)->pMethods->xFetch(inner(f), off, n, out);
            },
            [](sqlite3_file* f, sqlite3_int64 off, void* p) {
                return inner(f)->pMethods->xUnfetch(inner(f), off, p);
            },
        };
        return m;
    }

    sqlite3_vfs* real_ = nullptr;
    sqlite3_vfs vfs_{};
    std::atomic<int> main_syncs_{0};
    std::atomic<int> wal_syncs_{0};
    std::atomic<int> other_syncs_{0};
};

}  // namespace tp::test
