// ItemNeighbors::from_cooccurrence_sharded: item-item co-occurrence from user shards,
// reduced at the rank that owns each source item. What travels is the partial sparse rows
// (item, [(j, c_ij)]), so the volume grows with the co-occurring pairs of each shard, not
// with items squared.
#include <algorithm>
#include <cstring>

#include "core/collective.h"
#include "models/item_neighbors.h"

namespace ss {
namespace {

template <class T>
void put(std::vector<std::byte>& out, const T* v, size_t n) {
  const auto* b = reinterpret_cast<const std::byte*>(v);
  out.insert(out.end(), b, b + sizeof(T) * n);
}

// One partial row inside a received buffer: `len` columns, then `len` sums.
struct Segment {
  const std::byte* cols;
  const std::byte* sums;
  uint32_t len;
};

}  // namespace

ItemNeighbors ItemNeighbors::from_cooccurrence_sharded(const Csr& ui, size_t k, Context& ctx, Communicator& comm,
                                                       const Finalize& finalize) {
  const int ranks = comm.size(), me = comm.rank();
  const uint32_t n = ui.cols;
  const Block users = block_of(ui.rows, me, ranks);
  // This rank's users as an item x (local user) matrix.
  Csr mine;
  mine.rows = uint32_t(users.size());
  mine.cols = n;
  mine.ptr.assign(ui.ptr.begin() + long(users.begin), ui.ptr.begin() + long(users.end) + 1);
  for (auto& p : mine.ptr) p -= ui.ptr[users.begin];
  mine.idx.assign(ui.idx.begin() + long(ui.ptr[users.begin]), ui.idx.begin() + long(ui.ptr[users.end]));
  mine.val.assign(ui.val.begin() + long(ui.ptr[users.begin]), ui.val.begin() + long(ui.ptr[users.end]));
  const Csr iu = transpose(mine);

  // Partial rows from this shard, written straight into one buffer per (task, owning rank):
  // [item, len, len columns, len sums]. Tasks cover contiguous item ranges, so
  // concatenating them in task order keeps each owner's items ascending.
  const size_t tasks = std::min<size_t>(n, ctx.threads() * 4);
  std::vector<std::vector<std::vector<std::byte>>> out(tasks, std::vector<std::vector<std::byte>>(size_t(ranks)));
  ctx.pool->parallel_tasks(tasks, [&](size_t t) {
    std::vector<float> acc(n, 0.0f);
    std::vector<uint32_t> touched;
    std::vector<float> sums;
    int owner = 0;
    for (size_t i = n * t / tasks; i < n * (t + 1) / tasks; ++i) {
      touched.clear();
      for (uint64_t p = iu.ptr[i]; p < iu.ptr[i + 1]; ++p) {
        const uint32_t u = iu.idx[p];
        for (uint64_t q = mine.ptr[u]; q < mine.ptr[u + 1]; ++q) {
          const uint32_t j = mine.idx[q];
          if (acc[j] == 0.0f) touched.push_back(j);
          acc[j] += iu.val[p] * mine.val[q];
        }
      }
      if (touched.empty()) continue;
      sums.resize(touched.size());
      for (size_t k = 0; k < touched.size(); ++k) sums[k] = acc[touched[k]], acc[touched[k]] = 0.0f;
      while (i >= block_of(n, owner, ranks).end) ++owner;
      const uint32_t head[2] = {uint32_t(i), uint32_t(touched.size())};
      put(out[t][size_t(owner)], head, 2);
      put(out[t][size_t(owner)], touched.data(), touched.size());
      put(out[t][size_t(owner)], sums.data(), sums.size());
    }
  });
  std::vector<std::vector<std::byte>> send(static_cast<size_t>(ranks));
  for (int r = 0; r < ranks; ++r) {
    size_t bytes = 0;
    for (const auto& o : out) bytes += o[size_t(r)].size();
    send[size_t(r)].reserve(bytes);
    for (auto& o : out) {
      send[size_t(r)].insert(send[size_t(r)].end(), o[size_t(r)].begin(), o[size_t(r)].end());
      std::vector<std::byte>().swap(o[size_t(r)]);
    }
  }
  const auto recv = comm.alltoallv(send);
  std::vector<std::vector<std::byte>>().swap(send);

  // Index the received partial rows by the (owned) source item, in rank order.
  const Block owned = block_of(n, me, ranks);
  std::vector<std::vector<Segment>> segments(owned.size());
  for (const auto& buf : recv) {
    for (size_t at = 0; at < buf.size();) {
      uint32_t head[2];
      std::memcpy(head, buf.data() + at, sizeof head);
      at += sizeof head;
      segments[head[0] - owned.begin].push_back({buf.data() + at, buf.data() + at + 4 * size_t(head[1]), head[1]});
      at += 8 * size_t(head[1]);
    }
  }
  const ItemNeighbors part = build(n, k, ctx, [&](uint32_t i, std::span<float> acc, std::vector<uint32_t>& touched) {
    if (i < owned.begin || i >= owned.end) return;
    for (const Segment& s : segments[i - owned.begin]) {
      for (uint32_t t = 0; t < s.len; ++t) {
        uint32_t j;
        float c;
        std::memcpy(&j, s.cols + 4 * size_t(t), 4);
        std::memcpy(&c, s.sums + 4 * size_t(t), 4);
        if (acc[j] == 0.0f) touched.push_back(j);
        acc[j] += c;
      }
    }
  }, finalize);

  // Owned rows are contiguous and blocks come in rank order: gathering lengths, columns and
  // weights gives the whole table.
  std::vector<uint32_t> lengths(owned.size());
  for (size_t i = owned.begin; i < owned.end; ++i) lengths[i - owned.begin] = uint32_t(part.ptr[i + 1] - part.ptr[i]);
  const auto all_lengths = allgatherv<uint32_t>(comm, lengths);
  ItemNeighbors nb;
  nb.idx = allgatherv<uint32_t>(comm, part.idx);
  nb.w = allgatherv<float>(comm, part.w);
  nb.ptr.assign(size_t(n) + 1, 0);
  for (uint32_t i = 0; i < n; ++i) nb.ptr[i + 1] = nb.ptr[i] + all_lengths[i];
  return nb;
}

}  // namespace ss
