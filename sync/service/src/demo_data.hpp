#pragma once
// The deterministic demo data set (protocol §9). The same size and anchor give the same data:
// a fixed-seed generator, and every time is an offset from the anchor.

#include <vector>

#include "touchpoint/service/service.hpp"
#include "storage/sql.hpp"

namespace tp::service {

// Seeds `size` customers (the fixed customers C0001-C0005 first), the staff, stores S1/S2 and the
// demo enrollment codes, in one transaction. Does nothing and returns false when the database
// already has customers. Throws StorageError.
bool seed_demo(Sql& db, int size, Millis anchor);

// KIOSK-S1-01..20 for S1, KIOSK-S2-01..05 for S2.
std::vector<EnrollCode> demo_enroll_codes();

// 00:00 UTC of the day containing `now`.
Millis default_demo_anchor(Millis now);

}  // namespace tp::service
