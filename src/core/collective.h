// Collective operations between the processes of one training job (MPI ranks or c10d Gloo
// ranks), behind one small interface so that a model's distributed fit is written once and
// runs on either backend. A Context without a communicator trains in one process.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <vector>

namespace ss {

// What a rank moved through the collectives: the numbers behind docs/SCALING.md.
struct CommStats {
  uint64_t reduced_bytes = 0;    // payload of all-reduces (each rank sends and receives about this much)
  uint64_t gathered_bytes = 0;   // bytes received by all-gathers (every rank's block)
  uint64_t exchanged_bytes = 0;  // bytes this rank sent in all-to-all exchanges
  uint64_t broadcast_bytes = 0;
  uint64_t calls = 0;
};

class Communicator {
 public:
  virtual ~Communicator() = default;
  virtual int rank() const = 0;
  virtual int size() const = 0;
  virtual std::string backend() const = 0;  // "mpi" | "gloo"

  // Element-wise sum over all ranks, in place; every rank gets the same result.
  void allreduce_sum(std::span<float> v) { count(stats_.reduced_bytes, v.size_bytes()), do_allreduce(v); }
  void allreduce_sum(std::span<double> v) { count(stats_.reduced_bytes, v.size_bytes()), do_allreduce(v); }
  // Root's bytes copied to every rank.
  void broadcast(std::span<std::byte> v, int root) { count(stats_.broadcast_bytes, v.size_bytes()), do_broadcast(v, root); }
  // Every rank's block, concatenated in rank order; blocks may differ in size.
  std::vector<std::byte> allgatherv(std::span<const std::byte> mine, std::vector<size_t>& sizes) {
    auto out = do_allgatherv(mine, sizes);
    count(stats_.gathered_bytes, out.size());
    return out;
  }
  // send[r] goes to rank r; the result's [r] came from rank r.
  std::vector<std::vector<std::byte>> alltoallv(const std::vector<std::vector<std::byte>>& send) {
    size_t n = 0;
    for (const auto& s : send) n += s.size();
    count(stats_.exchanged_bytes, n);
    return do_alltoallv(send);
  }
  void barrier() { do_barrier(); }
  const CommStats& stats() const { return stats_; }
  void reset_stats() { stats_ = {}; }

 protected:
  virtual void do_allreduce(std::span<float> v) = 0;
  virtual void do_allreduce(std::span<double> v) = 0;
  virtual void do_broadcast(std::span<std::byte> v, int root) = 0;
  virtual std::vector<std::byte> do_allgatherv(std::span<const std::byte> mine, std::vector<size_t>& sizes) = 0;
  virtual std::vector<std::vector<std::byte>> do_alltoallv(const std::vector<std::vector<std::byte>>& send) = 0;
  virtual void do_barrier() = 0;

 private:
  void count(uint64_t& field, size_t bytes) { field += bytes, ++stats_.calls; }
  CommStats stats_;
};

// Rows [begin, end) of an n-row table that `rank` of `size` owns: contiguous blocks.
struct Block {
  size_t begin = 0, end = 0;
  size_t size() const { return end - begin; }
};
inline Block block_of(size_t n, int rank, int size) {
  return {n * size_t(rank) / size_t(size), n * size_t(rank + 1) / size_t(size)};
}

// Typed all-gather of trivially copyable values: every rank's `mine`, in rank order.
template <class T>
std::vector<T> allgatherv(Communicator& comm, std::span<const T> mine) {
  std::vector<size_t> sizes;
  const auto bytes = comm.allgatherv(std::as_bytes(mine), sizes);
  std::vector<T> out(bytes.size() / sizeof(T));
  if (!bytes.empty()) std::memcpy(out.data(), bytes.data(), bytes.size());
  return out;
}

// True when the job has more than one process.
inline bool distributed(const Communicator* comm) { return comm && comm->size() > 1; }

}  // namespace ss
