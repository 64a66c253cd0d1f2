// Duplicate events: exact copies (every column equal, the first copy in table order is
// kept) and repeated views of one item by one user (a view within `window_ms` after the
// user's previous view of the same item is removed; "previous" counts removed views too,
// so a refresh storm collapses to its first view however long it lasts).
#pragma once
#include <cstdint>

#include "core/context.h"
#include "prep/removal.h"
#include "prep/user_index.h"

namespace ss::prep {

struct DedupOptions {
  bool exact = true;
  int64_t view_window_ms = 0;  // 0: keep repeated views
};

struct DedupCounts {
  uint64_t exact = 0, repeated_views = 0;
};

// Rows without a user are never touched.
DedupCounts remove_duplicates(const EventTable& events, const UserIndex& index, const DedupOptions& options,
                              RemovalMask& mask, Context& ctx);

// True when rows a and b agree in every column the table has.
bool same_event(const EventTable& events, size_t a, size_t b);

}  // namespace ss::prep
