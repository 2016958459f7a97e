#pragma once
// How the core answers when a read of the terminal's cache found nothing (terminal.cpp and
// terminal_pins.cpp).

#include <string>

#include "touchpoint/error.hpp"
#include "touchpoint/store.hpp"

namespace tp {

inline const std::string kCannotRead = "error.local_unreadable";

// The answer when a read through `store` found nothing: `not_found`, unless the store reported a
// database failure since its last clear_failures(); then DbIo keyed `unreadable`.
inline Error nothing_found(const Store& store, Error not_found, const std::string& unreadable) {
    if (!store.failure()) return not_found;
    return Error{Errc::DbIo, unreadable, "local read failed: " + not_found.key};
}

}  // namespace tp
