#include "fleet_page.hpp"

#include <algorithm>
#include <cstdio>

#include "text.hpp"

namespace tp::service {
namespace {

std::string moment_text(Millis ms) {
    return ms <= 0 ? "never" : utc_text(ms);
}

// "45 s", "12 min", "3 h", "2 days".
std::string duration_text(Millis ms) {
    const Millis s = std::max<Millis>(0, ms) / 1000;
    if (s < 120) return std::to_string(s) + " s";
    if (s < 7200) return std::to_string(s / 60) + " min";
    if (s < 172800) return std::to_string(s / 3600) + " h";
    return std::to_string(s / 86400) + " days";
}

std::string bytes_text(std::int64_t bytes) {
    char text[32];
    const double b = static_cast<double>(bytes);
    if (b >= 1e9)
        std::snprintf(text, sizeof text, "%.1f GB", b / 1e9);
    else if (b >= 1e6)
        std::snprintf(text, sizeof text, "%.1f MB", b / 1e6);
    else
        std::snprintf(text, sizeof text, "%lld kB", static_cast<long long>(bytes / 1000));
    return text;
}

std::string offset_text(std::int64_t ms) {
    if (ms == 0) return "0 s";
    const std::string sign = ms > 0 ? "+" : "\u2212";
    const std::int64_t a = ms > 0 ? ms : -ms;
    char text[32];
    std::snprintf(text, sizeof text, "%.1f s", static_cast<double>(a) / 1000.0);
    return sign + text;
}

// Black on white and dark red on light red: both above 7:1 (WCAG AAA). The state is always
// written out; colour only repeats it.
constexpr const char* kStyle = R"css(
body { font-family: sans-serif; color: #111; background: #fff; margin: 1.5rem; line-height: 1.4; }
h1 { font-size: 1.6rem; margin: 0 0 .5rem; }
p.summary { font-size: 1.1rem; }
table { border-collapse: collapse; width: 100%; }
caption { text-align: left; font-weight: bold; padding: .5rem 0; }
th, td { border: 1px solid #555; padding: .4rem .6rem; text-align: left; vertical-align: top; }
th { background: #e8e8e8; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.silent td, tr.silent th { background: #fde2e2; color: #6b0000; }
tr.silent td.state { font-weight: bold; }
.state-live { color: #0b4f1c; font-weight: bold; }
)css";

struct Row {
    std::string state_text;
    std::string row_class;
};

Row state_of(const TerminalRecord& t, Millis now, std::chrono::milliseconds silent_after) {
    if (t.wiped_at) return {"Wiped " + moment_text(t.wiped_at), ""};
    if (t.revoked_at) return {"Revoked " + moment_text(t.revoked_at), ""};
    std::string wipe = t.wipe_ordered_at ? "; wipe ordered " + moment_text(t.wipe_ordered_at) : "";
    if (is_silent(t, now, silent_after)) {
        const Millis heard = t.health ? t.health->received_at : t.enrolled_at;
        return {"SILENT for " + duration_text(now - heard) + wipe, "silent"};
    }
    return {"Live" + wipe, "live"};
}

}  // namespace

std::string html_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

std::string fleet_page(const std::vector<TerminalRecord>& terminals, Millis now,
                       std::chrono::milliseconds silent_after) {
    int silent = 0;
    for (const auto& t : terminals) silent += is_silent(t, now, silent_after) ? 1 : 0;
    std::string html;
    html += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
    html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    html += "<meta http-equiv=\"refresh\" content=\"30\">\n";
    html += "<title>Touchpoint fleet: " + std::to_string(silent) + " silent</title>\n";
    html += "<style>" + std::string(kStyle) + "</style>\n</head>\n<body>\n<main>\n";
    html += "<h1>Touchpoint fleet</h1>\n";
    html += "<p class=\"summary\" id=\"summary\">" + std::to_string(terminals.size()) +
            (terminals.size() == 1 ? " terminal, " : " terminals, ") + std::to_string(silent) + " silent (nothing heard for more than " +
            duration_text(silent_after.count()) + "). As of " + moment_text(now) +
            "; this page reloads every 30 s.</p>\n";
    html += "<table id=\"terminals\">\n<caption>Terminals and their latest heartbeat</caption>\n";
    html += "<thead><tr>";
    for (const char* h : {"Terminal", "Name", "Store", "State", "Last heartbeat", "Version",
                          "Waiting commands", "Oldest waiting", "Stuck lanes", "Refused",
                          "Last sync", "Clock offset", "Free disk"})
        html += std::string("<th scope=\"col\">") + h + "</th>";
    html += "</tr></thead>\n<tbody>\n";
    for (const auto& t : terminals) {
        const Row row = state_of(t, now, silent_after);
        html += "<tr class=\"" + row.row_class + "\" data-terminal=\"" + html_escape(t.id) + "\">";
        html += "<th scope=\"row\">" + html_escape(t.id) + "</th>";
        html += "<td>" + html_escape(t.name) + "</td>";
        html += "<td>" + html_escape(t.store_id) + "</td>";
        html += "<td class=\"state\"><span class=\"state-" + row.row_class + "\">" +
                html_escape(row.state_text) + "</span></td>";
        if (!t.health) {
            html += "<td colspan=\"9\">No heartbeat yet (enrolled " + moment_text(t.enrolled_at) +
                    ")</td></tr>\n";
            continue;
        }
        const TerminalHealth& h = *t.health;
        html += "<td>" + moment_text(h.received_at) + " (" + duration_text(now - h.received_at) +
                " ago)</td>";
        html += "<td>" + html_escape(h.version) + "</td>";
        html += "<td class=\"num\">" + std::to_string(h.queue_depth) + "</td>";
        html += "<td class=\"num\">" +
                (h.queue_depth ? duration_text(h.oldest_pending_age_ms) : std::string("\u2014")) +
                "</td>";
        html += "<td class=\"num\">" + std::to_string(h.stuck_lanes) + "</td>";
        html += "<td class=\"num\">" + std::to_string(h.refused) + "</td>";
        html += "<td>" + moment_text(h.last_sync_at) + "</td>";
        html += "<td class=\"num\">" + offset_text(h.clock_offset_ms) + "</td>";
        html += "<td class=\"num\">" + bytes_text(h.free_disk_bytes) + "</td></tr>\n";
    }
    if (terminals.empty()) html += "<tr><td colspan=\"13\">No terminal is enrolled.</td></tr>\n";
    html += "</tbody>\n</table>\n</main>\n</body>\n</html>\n";
    return html;
}

}  // namespace tp::service
