#include "touchpoint/sync/outbox_export.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>

#include "touchpoint/outbox.hpp"
#include "touchpoint/sync/client.hpp"

namespace tp::sync {

Result<int> export_outbox(Store& store, const std::string& path, Millis now) {
    using nlohmann::json;
    store.clear_failures();
    const auto commands = unconfirmed_commands(store);
    if (store.failure())
        return Error{Errc::DbIo, "error.queue_unreadable",
                     *store.failure()};
    json list = json::array();
    for (const auto& c : commands) {
        json entry = command_to_wire(c);
        entry["state"] = to_string(c.state);
        if (!c.held_reason.empty()) entry["held_reason"] = c.held_reason;
        if (c.result) entry["result"] = {{"code", c.result->code}, {"reason", c.result->reason}};
        list.push_back(std::move(entry));
    }
    json out = {{"format", "touchpoint-outbox-export"},
                {"version", 1},
                {"terminal_id", store.meta("terminal_id").value_or("")},
                {"store_id", store.meta("store_id").value_or("")},
                {"exported_at", now},
                {"commands", std::move(list)}};
    const std::string text = out.dump(2, ' ', false, json::error_handler_t::replace) + "\n";

    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return Error{Errc::InvalidInput,
                     errno == EEXIST ? "error.export_exists" : "error.export_cannot_create",
                     path + ": " + std::strerror(errno)};
    std::size_t written = 0;
    while (written < text.size()) {
        const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        written += static_cast<std::size_t>(n);
    }
    const bool ok = written == text.size() && ::fsync(fd) == 0;
    ::close(fd);
    if (!ok) {
        ::unlink(path.c_str());
        return Error{Errc::InvalidInput, "error.export_not_written",
                     path + ": " + std::strerror(errno)};
    }
    return static_cast<int>(commands.size());
}

}  // namespace tp::sync
