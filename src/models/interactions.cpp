#include "models/interactions.h"

#include <algorithm>
#include <numeric>

namespace ss {

Csr csr_from_triplets(uint32_t rows, uint32_t cols, const std::vector<uint32_t>& r,
                      const std::vector<uint32_t>& c, const std::vector<float>& w, bool binary, Context& ctx) {
  // Counting sort by row, then sort and merge duplicates inside each row in parallel.
  std::vector<uint64_t> start(rows + 1, 0);
  for (size_t e = 0; e < r.size(); ++e)
    if (r[e] < rows && c[e] < cols && w[e] != 0.0f) start[r[e] + 1]++;
  for (uint32_t u = 0; u < rows; ++u) start[u + 1] += start[u];
  std::vector<std::pair<uint32_t, float>> cells(start[rows]);
  std::vector<uint64_t> fill(start.begin(), start.end() - 1);
  for (size_t e = 0; e < r.size(); ++e)
    if (r[e] < rows && c[e] < cols && w[e] != 0.0f) cells[fill[r[e]]++] = {c[e], w[e]};
  std::vector<uint32_t> kept(rows, 0);
  ctx.pool->parallel_for(rows, [&](size_t b, size_t e) {
    for (size_t u = b; u < e; ++u) {
      auto* first = cells.data() + start[u];
      auto* last = cells.data() + start[u + 1];
      std::sort(first, last, [](const auto& a, const auto& b) { return a.first < b.first; });
      size_t out = 0;
      for (auto* p = first; p != last;) {
        uint32_t item = p->first;
        float sum = 0;
        for (; p != last && p->first == item; ++p) sum += p->second;
        if (sum > 0) first[out++] = {item, binary ? 1.0f : sum};
      }
      kept[u] = static_cast<uint32_t>(out);
    }
  }, 256);
  Csr m;
  m.rows = rows;
  m.cols = cols;
  m.ptr.assign(rows + 1, 0);
  for (uint32_t u = 0; u < rows; ++u) m.ptr[u + 1] = m.ptr[u] + kept[u];
  m.idx.resize(m.ptr[rows]);
  m.val.resize(m.ptr[rows]);
  ctx.pool->parallel_for(rows, [&](size_t b, size_t e) {
    for (size_t u = b; u < e; ++u)
      for (uint32_t k = 0; k < kept[u]; ++k) {
        m.idx[m.ptr[u] + k] = cells[start[u] + k].first;
        m.val[m.ptr[u] + k] = cells[start[u] + k].second;
      }
  }, 256);
  return m;
}

Csr user_item_matrix(const TrainData& data, bool binary, Context& ctx) {
  const EventTable& ev = data.events;
  std::vector<uint32_t> r, c;
  std::vector<float> w;
  r.reserve(ev.size());
  c.reserve(ev.size());
  w.reserve(ev.size());
  for (size_t i = 0; i < ev.size(); ++i) {
    if (ev.user[i] == kNone || ev.item[i] == kNone) continue;
    const float wt = is_negative(ev.type[i]) ? -data.weights[ev.type[i]] : data.weights[ev.type[i]];
    if (wt == 0.0f) continue;
    r.push_back(ev.user[i]);
    c.push_back(ev.item[i]);
    w.push_back(wt);
  }
  return csr_from_triplets(static_cast<uint32_t>(data.num_users()), static_cast<uint32_t>(data.num_items()), r, c, w,
                           binary, ctx);
}

Csr transpose(const Csr& m) {
  Csr t;
  t.rows = m.cols;
  t.cols = m.rows;
  t.ptr.assign(m.cols + 1, 0);
  for (uint32_t j : m.idx) t.ptr[j + 1]++;
  for (uint32_t j = 0; j < m.cols; ++j) t.ptr[j + 1] += t.ptr[j];
  t.idx.resize(m.nnz());
  t.val.resize(m.nnz());
  std::vector<uint64_t> fill(t.ptr.begin(), t.ptr.end() - 1);
  for (uint32_t u = 0; u < m.rows; ++u)
    for (uint64_t p = m.ptr[u]; p < m.ptr[u + 1]; ++p) {
      const uint64_t q = fill[m.idx[p]]++;
      t.idx[q] = u;
      t.val[q] = m.val[p];
    }
  return t;
}

std::vector<std::pair<uint32_t, float>> history_weights(const History& h, const BehaviorWeights& w,
                                                         size_t num_items) {
  std::vector<std::pair<uint32_t, float>> out;
  out.reserve(h.items.size());
  for (size_t i = 0; i < h.items.size(); ++i) {
    const uint32_t item = h.items[i];
    if (item >= num_items) continue;  // unknown to the model (a new item)
    float wt = 1.0f;
    if (!h.types.empty()) wt = is_negative(h.types[i]) ? -w[h.types[i]] : w[h.types[i]];
    out.emplace_back(item, wt);
  }
  // Merge repeats of an item (sort, not a quadratic search: live histories can be long).
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  size_t n = 0;
  for (size_t i = 0; i < out.size();) {
    const uint32_t item = out[i].first;
    float sum = 0.0f;
    for (; i < out.size() && out[i].first == item; ++i) sum += out[i].second;
    if (sum > 0.0f) out[n++] = {item, sum};
  }
  out.resize(n);
  return out;
}

}  // namespace ss
