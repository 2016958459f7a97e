#pragma once
// Errors worded for a screen. The core, the sync engine and the service's answers name what went
// wrong by a string-table key (Error::key, SyncStatus::last_error and local_error, an online
// request's error and pin_error, a held request's reason); a screen shows that key's text in its
// language, its args put in. A key the table does not have (a newer core, a reason an older
// build stored as prose) is shown as `fallback`, the situation's generic wording; never as the
// key or the prose itself.

#include <string>
#include <string_view>

#include "touchpoint/error.hpp"
#include "touchpoint/ui/context.hpp"

namespace tp::ui {

inline constexpr std::string_view kGenericError = "error.generic";

std::string error_words(const UiContext& ui, const Error& error,
                        std::string_view fallback = kGenericError);
std::string key_words(const UiContext& ui, std::string_view key,
                      std::string_view fallback = kGenericError);

}  // namespace tp::ui
