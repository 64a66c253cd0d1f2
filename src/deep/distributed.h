// Data-parallel training of the deep models on PyTorch's own distributed layer (c10d with
// the Gloo backend, as built into Debian's LibTorch): rendezvous through a TCPStore (or a
// FileStore on a shared disk), identical initial weights broadcast from rank 0, each rank
// training on its shard of users, gradients all-reduced (flattened buckets, averaged) after
// every backward pass, DistributedDataParallel-style. No torch types in this header.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/collective.h"

namespace torch::nn {
class Module;
}

namespace ss::deep {

struct GlooOptions {
  int world_size = 0;        // 0: from WORLD_SIZE (else 1)
  int rank = -1;             // -1: from RANK (else 0)
  std::string master_addr;   // empty: from MASTER_ADDR (else 127.0.0.1)
  int master_port = 0;       // 0: from MASTER_PORT (else 29500)
  std::string file_store;    // rendezvous through this file instead of TCP (shared disk)
  double timeout_s = 300;    // rendezvous and collective timeout
};

// Joins the job (blocks until all ranks arrived) and returns its Gloo process group as a
// Communicator. Rank 0 hosts the TCPStore at master_addr:master_port.
std::unique_ptr<Communicator> connect_gloo(GlooOptions options);

// The hooks the training loop calls; each is a no-op when comm is null or has one rank.
// Rank 0's parameters copied to every rank.
void broadcast_parameters(Communicator* comm, torch::nn::Module& net);
// Gradients summed over ranks and divided by their number, in flattened buckets; missing
// gradients count as zero so every rank reduces the same buckets.
void allreduce_gradients(Communicator* comm, torch::nn::Module& net);
// Keeps this rank's samples (users with user % size == rank) and repeats a few of them so
// every rank takes the same number of steps per epoch; returns the per-rank batch size
// (the global batch divided by the ranks, so one step still sees about `batch` samples).
int64_t shard_samples(Communicator* comm, std::vector<std::pair<uint32_t, uint32_t>>& samples, int64_t batch,
                      uint64_t seed);
// Keeps this rank's users (user % size == rank).
void keep_own_users(Communicator* comm, std::vector<uint32_t>& users);
// The mean over all ranks' items of per-rank means over `count` items each.
double global_mean(Communicator* comm, double local_mean, size_t count);
// True on every rank when it is true on any (so all ranks stop together).
bool any_rank(Communicator* comm, bool flag);
// Whether this process writes files (rank 0, or a single process).
inline bool writes_files(const Communicator* comm) { return !comm || comm->rank() == 0; }

}  // namespace ss::deep
