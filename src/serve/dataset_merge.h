// One dataset from several replicas' stores, for the trainer: users are partitioned, so each
// store holds a share of the events, numbered in its own order. Merging re-keys every id by
// its external name into the first dataset's dictionaries.
#pragma once
#include <vector>

#include "core/catalogue.h"

namespace ss::serve {

// Appends `other` into `into` (ids translated by name). Sessions are offset so that sessions
// of different stores never share an id. Catalogue entries of `other` replace those of
// `into` for the same item (every replica holds the same catalogue).
void merge_dataset(Dataset& into, const Dataset& other);

}  // namespace ss::serve
