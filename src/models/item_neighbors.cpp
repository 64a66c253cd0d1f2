#include "models/item_neighbors.h"

#include <algorithm>
#include <mutex>

namespace ss {

ItemNeighbors ItemNeighbors::build(uint32_t n, size_t k, Context& ctx, const Accumulate& accumulate,
                                   const Finalize& finalize) {
  std::vector<std::vector<std::pair<uint32_t, float>>> rows(n);
  ctx.pool->parallel_for(n, [&](size_t b, size_t e) {
    // Scratch per chunk, reused across its items: the inner loops allocate nothing.
    std::vector<float> acc(n, 0.0f);
    std::vector<uint32_t> touched;
    std::vector<std::pair<uint32_t, float>> cand;
    for (size_t i = b; i < e; ++i) {
      touched.clear();
      accumulate(static_cast<uint32_t>(i), acc, touched);
      cand.clear();
      for (uint32_t j : touched) {
        if (acc[j] == 0.0f) continue;  // already taken (touched lists may repeat)
        const float raw = acc[j];
        acc[j] = 0.0f;
        if (j == i) continue;
        const float wt = finalize(static_cast<uint32_t>(i), j, raw);
        if (wt > 0.0f) cand.emplace_back(j, wt);
      }
      auto better = [](const auto& a, const auto& b) { return a.second > b.second || (a.second == b.second && a.first < b.first); };
      if (cand.size() > k) {
        std::nth_element(cand.begin(), cand.begin() + static_cast<long>(k), cand.end(), better);
        cand.resize(k);
      }
      std::sort(cand.begin(), cand.end(), better);
      rows[i] = cand;
    }
  }, 16);
  ItemNeighbors nb;
  nb.ptr.assign(n + 1, 0);
  for (uint32_t i = 0; i < n; ++i) nb.ptr[i + 1] = nb.ptr[i] + rows[i].size();
  nb.idx.reserve(nb.ptr[n]);
  nb.w.reserve(nb.ptr[n]);
  for (auto& row : rows)
    for (const auto& [j, wt] : row) nb.idx.push_back(j), nb.w.push_back(wt);
  return nb;
}

ItemNeighbors ItemNeighbors::from_cooccurrence(const Csr& ui, const Csr& iu, size_t k, Context& ctx,
                                               const Finalize& finalize,
                                               const std::function<float(uint32_t, uint32_t, float)>& left,
                                               const std::function<float(uint32_t, uint32_t, float)>& right) {
  return build(iu.rows, k, ctx, [&](uint32_t i, std::span<float> acc, std::vector<uint32_t>& touched) {
    for (uint64_t p = iu.ptr[i]; p < iu.ptr[i + 1]; ++p) {
      const uint32_t u = iu.idx[p];
      const float a = left ? left(u, i, iu.val[p]) : iu.val[p];
      for (uint64_t q = ui.ptr[u]; q < ui.ptr[u + 1]; ++q) {
        const uint32_t j = ui.idx[q];
        const float bv = right ? right(u, j, ui.val[q]) : ui.val[q];
        if (acc[j] == 0.0f) touched.push_back(j);
        acc[j] += a * bv;
      }
    }
  }, finalize);
}

float ItemNeighbors::get(uint32_t from, uint32_t to) const {
  if (from >= size()) return 0.0f;
  for (uint64_t p = ptr[from]; p < ptr[from + 1]; ++p)
    if (idx[p] == to) return w[p];
  return 0.0f;
}

void ItemNeighbors::score(std::span<const std::pair<uint32_t, float>> sources, std::span<float> scores,
                          std::vector<uint32_t>* touched) const {
  for (const auto& [from, weight] : sources) {
    if (from >= size()) continue;
    for (uint64_t p = ptr[from]; p < ptr[from + 1]; ++p) scores[idx[p]] += weight * w[p];
    if (touched) touched->insert(touched->end(), idx.begin() + static_cast<long>(ptr[from]), idx.begin() + static_cast<long>(ptr[from + 1]));
  }
}

uint32_t ItemNeighbors::best_source(std::span<const std::pair<uint32_t, float>> sources, uint32_t item) const {
  uint32_t best = kNone;
  float best_w = 0.0f;
  for (const auto& [from, weight] : sources) {
    const float c = weight * get(from, item);
    if (c > best_w) best_w = c, best = from;
  }
  return best;
}

std::vector<uint32_t> ItemNeighbors::best_sources(std::span<const std::pair<uint32_t, float>> sources,
                                                  std::span<const uint32_t> items) const {
  std::vector<uint32_t> best(items.size(), kNone);
  std::vector<float> best_w(items.size(), 0.0f);
  // Position of each asked item (kNone elsewhere); per thread, restored before returning.
  thread_local std::vector<uint32_t> pos;
  if (pos.size() < size()) pos.assign(size(), kNone);
  for (size_t k = 0; k < items.size(); ++k)
    if (items[k] < size() && pos[items[k]] == kNone) pos[items[k]] = static_cast<uint32_t>(k);
  // Sources in order, strictly better wins: the same answer as best_source() per item.
  for (const auto& [from, weight] : sources) {
    if (from >= size()) continue;
    for (uint64_t p = ptr[from]; p < ptr[from + 1]; ++p) {
      const uint32_t k = pos[idx[p]];
      if (k == kNone) continue;
      const float c = weight * w[p];
      if (c > best_w[k]) best_w[k] = c, best[k] = from;
    }
  }
  for (size_t k = 0; k < items.size(); ++k)  // a repeated item gets its first copy's answer
    if (items[k] < size() && pos[items[k]] != k) best[k] = best[pos[items[k]]];
  for (uint32_t it : items)
    if (it < size()) pos[it] = kNone;
  return best;
}

std::vector<std::pair<uint32_t, float>> ItemNeighbors::neighbours(uint32_t item, size_t k) const {
  std::vector<std::pair<uint32_t, float>> out;
  if (item >= size()) return out;
  for (uint64_t p = ptr[item]; p < ptr[item + 1] && out.size() < k; ++p) out.emplace_back(idx[p], w[p]);
  return out;
}

void ItemNeighbors::save(BinWriter& wr) const {
  wr.vec(ptr);
  wr.vec(idx);
  wr.vec(w);
}

void ItemNeighbors::load(BinReader& r) {
  r.vec(ptr);
  r.vec(idx);
  r.vec(w);
  if (ptr.empty() || ptr.back() != idx.size() || idx.size() != w.size())
    throw Error("model file has an inconsistent neighbour table; retrain it", ErrorCode::kCorrupt);
}

}  // namespace ss
