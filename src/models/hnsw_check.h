// Validation of a saved hnswlib graph before hnswlib reads it. hnswlib 0.6's loadIndex only
// checks that the link-list sizes add up to the file length: a damaged or crafted model file
// could otherwise hand it out-of-range neighbour ids, levels or layout fields, which it
// follows blindly at search time (reads outside its buffers, a crash of the server).
#pragma once
#include <span>
#include <string>

#include "models/factors.h"

namespace ss {

// Empty when `blob` (hnswlib's saveIndex bytes) is a consistent graph over exactly the rows
// [q_i, bias_i] of `items` (every element's vector bit for bit, labels a permutation of the
// items): safe to load and equivalent to a fresh build. Otherwise a short description of
// the first problem found. Never reads outside `blob`.
std::string check_hnsw_blob(std::span<const char> blob, const ItemFactors& items);

}  // namespace ss
