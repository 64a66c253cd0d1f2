// Top-K neighbours per item (sparse item x item weights): built by item-kNN, RP3beta,
// Markov and bought-together models; scores a history by summing its items' neighbours.
#pragma once
#include <cstdint>
#include <functional>
#include <span>
#include <utility>
#include <vector>

#include "core/collective.h"
#include "core/context.h"
#include "models/binary_io.h"
#include "models/interactions.h"

namespace ss {

struct ItemNeighbors {
  std::vector<uint64_t> ptr{0};
  std::vector<uint32_t> idx;  // per source item, best first
  std::vector<float> w;

  // For each item i (in parallel): `accumulate(i, acc, touched)` adds raw weights into the
  // dense row `acc` and lists the touched columns; `finalize(i, j, raw)` turns them into
  // the kept weight. The top `k` positive weights (j != i) are kept.
  using Accumulate = std::function<void(uint32_t i, std::span<float> acc, std::vector<uint32_t>& touched)>;
  using Finalize = std::function<float(uint32_t i, uint32_t j, float raw)>;
  static ItemNeighbors build(uint32_t n, size_t k, Context& ctx, const Accumulate& accumulate,
                             const Finalize& finalize);
  // Co-occurrence through users: acc[j] += f(x_ui) * g(u, x_uj) for u in users(i).
  static ItemNeighbors from_cooccurrence(const Csr& user_item, const Csr& item_user, size_t k, Context& ctx,
                                         const Finalize& finalize,
                                         const std::function<float(uint32_t u, uint32_t i, float x)>& left = {},
                                         const std::function<float(uint32_t u, uint32_t j, float x)>& right = {});

  // The same table built by all ranks of `comm` together from user shards: each rank sums
  // the co-occurrences of its block of users (rows of `user_item` it owns), the partial
  // rows are sent to the rank owning the source item (all-to-all), which adds them and
  // keeps the top `k`, and the item blocks are all-gathered so every rank has the table.
  static ItemNeighbors from_cooccurrence_sharded(const Csr& user_item, size_t k, Context& ctx, Communicator& comm,
                                                 const Finalize& finalize);

  uint32_t size() const { return static_cast<uint32_t>(ptr.size() - 1); }
  float get(uint32_t from, uint32_t to) const;
  // scores[j] += weight * w(from, j) for each (from, weight); lists each j in `touched`
  // when given (an item may appear more than once).
  void score(std::span<const std::pair<uint32_t, float>> sources, std::span<float> scores,
             std::vector<uint32_t>* touched = nullptr) const;
  // The source contributing most to `item`, kNone if none.
  uint32_t best_source(std::span<const std::pair<uint32_t, float>> sources, uint32_t item) const;
  // best_source for several items at once: one pass over each source's list instead of a
  // search of it per item (a request explains ~10-30 items from up to ~50 sources).
  std::vector<uint32_t> best_sources(std::span<const std::pair<uint32_t, float>> sources,
                                     std::span<const uint32_t> items) const;
  std::vector<std::pair<uint32_t, float>> neighbours(uint32_t item, size_t k) const;
  void save(BinWriter& w) const;
  void load(BinReader& r);
};

}  // namespace ss
