#pragma once
// The fleet page (GET /fleet, docs/operations.md): every terminal and its health as one plain
// HTML document for an operator's browser — no script, no external resource, every value from
// the database escaped.

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "touchpoint/service/service.hpp"

namespace tp::service {

// `text` with & < > " ' replaced by their character references.
std::string html_escape(std::string_view text);

std::string fleet_page(const std::vector<TerminalRecord>& terminals, Millis now,
                       std::chrono::milliseconds silent_after);

}  // namespace tp::service
