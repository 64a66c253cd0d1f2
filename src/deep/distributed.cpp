#include "deep/distributed.h"

#include <torch/csrc/distributed/c10d/FileStore.hpp>
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#include <torch/torch.h>

#include <algorithm>
#include <cstdlib>
#include <numeric>

#include "core/error.h"
#include "core/rng.h"

namespace ss::deep {
namespace {

std::string env_or(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::string(v) : fallback;
}

int env_int(const char* name, int fallback) {
  const std::string v = env_or(name, "");
  if (v.empty()) return fallback;
  try {
    return std::stoi(v);
  } catch (const std::exception&) {
    throw Error(std::string(name) + "=" + v + " is not a number");
  }
}

torch::Tensor bytes_tensor(std::span<std::byte> v) {
  return torch::from_blob(v.data(), {int64_t(v.size())}, torch::kUInt8);
}

class GlooCommunicator final : public Communicator {
 public:
  GlooCommunicator(c10::intrusive_ptr<c10d::Store> store, int rank, int size, std::chrono::milliseconds timeout,
                   const std::string& host)
      : store_(std::move(store)), rank_(rank), size_(size) {
    auto opts = c10d::ProcessGroupGloo::Options::create(timeout);
    // GLOO_SOCKET_IFNAME picks the network interface, as in PyTorch; otherwise loopback for
    // a local job and this host's address for a multi-machine one.
    if (const std::string ifname = env_or("GLOO_SOCKET_IFNAME", ""); !ifname.empty())
      opts->devices.push_back(c10d::ProcessGroupGloo::createDeviceForInterface(ifname));
    else if (host.empty() || host == "localhost" || host.rfind("127.", 0) == 0)
      opts->devices.push_back(c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1"));
    else
      opts->devices.push_back(c10d::ProcessGroupGloo::createDefaultDevice());
    opts->threads = 2;
    pg_ = c10::make_intrusive<c10d::ProcessGroupGloo>(store_, rank, size, opts);
  }
  int rank() const override { return rank_; }
  int size() const override { return size_; }
  std::string backend() const override { return "gloo"; }

 protected:
  void do_allreduce(std::span<float> v) override { reduce(torch::from_blob(v.data(), {int64_t(v.size())}, torch::kFloat32)); }
  void do_allreduce(std::span<double> v) override { reduce(torch::from_blob(v.data(), {int64_t(v.size())}, torch::kFloat64)); }
  void do_broadcast(std::span<std::byte> v, int root) override {
    std::vector<at::Tensor> ts{bytes_tensor(v)};
    c10d::BroadcastOptions o;
    o.rootRank = root;
    pg_->broadcast(ts, o)->wait();
  }
  // Gloo's all-gather wants equal blocks: sizes first, then blocks padded to the largest.
  std::vector<std::byte> do_allgatherv(std::span<const std::byte> mine, std::vector<size_t>& sizes) override {
    const auto all = gather_sizes(int64_t(mine.size()));
    sizes.assign(all.begin(), all.end());
    const int64_t widest = std::max<int64_t>(1, *std::max_element(all.begin(), all.end()));
    auto in = torch::zeros({widest}, torch::kUInt8);
    std::memcpy(in.data_ptr(), mine.data(), mine.size());
    std::vector<std::vector<at::Tensor>> out(1);
    for (int r = 0; r < size_; ++r) out[0].push_back(torch::empty({widest}, torch::kUInt8));
    std::vector<at::Tensor> ins{in};
    pg_->allgather(out, ins)->wait();
    std::vector<std::byte> result;
    for (int r = 0; r < size_; ++r) {
      const auto* p = reinterpret_cast<const std::byte*>(out[0][size_t(r)].data_ptr());
      result.insert(result.end(), p, p + all[size_t(r)]);
    }
    return result;
  }
  std::vector<std::vector<std::byte>> do_alltoallv(const std::vector<std::vector<std::byte>>& send) override {
    const size_t R = size_t(size_);
    auto scount = torch::empty({int64_t(R)}, torch::kInt64), rcount = torch::empty({int64_t(R)}, torch::kInt64);
    for (size_t r = 0; r < R; ++r) scount.data_ptr<int64_t>()[r] = int64_t(send[r].size());
    std::vector<int64_t> equal;
    pg_->alltoall_base(rcount, scount, equal, equal)->wait();
    std::vector<int64_t> in_counts(R), out_counts(R);
    int64_t in_total = 0, out_total = 0;
    for (size_t r = 0; r < R; ++r) {
      in_counts[r] = int64_t(send[r].size()), in_total += in_counts[r];
      out_counts[r] = rcount.data_ptr<int64_t>()[r], out_total += out_counts[r];
    }
    auto in = torch::empty({in_total}, torch::kUInt8), out = torch::empty({out_total}, torch::kUInt8);
    auto* ip = reinterpret_cast<std::byte*>(in.data_ptr());
    for (const auto& s : send) ip = std::copy(s.begin(), s.end(), ip);
    pg_->alltoall_base(out, in, out_counts, in_counts)->wait();
    std::vector<std::vector<std::byte>> result(R);
    const auto* op = reinterpret_cast<const std::byte*>(out.data_ptr());
    for (size_t r = 0; r < R; ++r) result[r].assign(op, op + out_counts[r]), op += out_counts[r];
    return result;
  }
  void do_barrier() override { pg_->barrier()->wait(); }

 private:
  void reduce(torch::Tensor t) {
    std::vector<at::Tensor> ts{std::move(t)};
    pg_->allreduce(ts)->wait();
  }
  std::vector<int64_t> gather_sizes(int64_t mine) {
    std::vector<std::vector<at::Tensor>> out(1);
    for (int r = 0; r < size_; ++r) out[0].push_back(torch::empty({1}, torch::kInt64));
    std::vector<at::Tensor> ins{torch::full({1}, mine, torch::kInt64)};
    pg_->allgather(out, ins)->wait();
    std::vector<int64_t> all;
    for (const auto& t : out[0]) all.push_back(t.item<int64_t>());
    return all;
  }

  c10::intrusive_ptr<c10d::Store> store_;
  c10::intrusive_ptr<c10d::ProcessGroupGloo> pg_;
  int rank_, size_;
};

}  // namespace

std::unique_ptr<Communicator> connect_gloo(GlooOptions o) {
  if (o.world_size <= 0) o.world_size = env_int("WORLD_SIZE", 1);
  if (o.rank < 0) o.rank = env_int("RANK", 0);
  if (o.master_addr.empty()) o.master_addr = env_or("MASTER_ADDR", "127.0.0.1");
  if (o.master_port <= 0) o.master_port = env_int("MASTER_PORT", 29500);
  if (o.world_size < 1 || o.rank < 0 || o.rank >= o.world_size)
    throw Error("distributed training: rank " + std::to_string(o.rank) + " is not in [0, world size " +
                std::to_string(o.world_size) + ")");
  if (o.master_port < 1 || o.master_port > 65535) throw Error("MASTER_PORT must be in 1..65535");
  const auto timeout = std::chrono::milliseconds(int64_t(o.timeout_s * 1000));
  c10::intrusive_ptr<c10d::Store> store;
  try {
    if (!o.file_store.empty()) {
      store = c10::make_intrusive<c10d::FileStore>(o.file_store, o.world_size);
    } else {
      c10d::TCPStoreOptions so;
      so.port = uint16_t(o.master_port);
      so.isServer = o.rank == 0;
      so.numWorkers = size_t(o.world_size);
      so.waitWorkers = true;
      so.timeout = timeout;
      store = c10::make_intrusive<c10d::TCPStore>(o.master_addr, so);
    }
    store->setTimeout(timeout);
    return std::make_unique<GlooCommunicator>(store, o.rank, o.world_size, timeout, o.master_addr);
  } catch (const c10::Error& e) {
    throw Error("distributed training: could not join the job at " +
                (o.file_store.empty() ? o.master_addr + ":" + std::to_string(o.master_port) : o.file_store) +
                " as rank " + std::to_string(o.rank) + " of " + std::to_string(o.world_size) + ": " +
                e.what_without_backtrace());
  }
}

void broadcast_parameters(Communicator* comm, torch::nn::Module& net) {
  if (!distributed(comm)) return;
  torch::NoGradGuard ng;
  auto params = net.parameters();
  auto flat = torch::nn::utils::parameters_to_vector(params).to(torch::kCPU).contiguous();
  comm->broadcast(std::span<std::byte>(reinterpret_cast<std::byte*>(flat.data_ptr()), size_t(flat.nbytes())), 0);
  torch::nn::utils::vector_to_parameters(flat.to(params.front().device()), params);
}

void allreduce_gradients(Communicator* comm, torch::nn::Module& net) {
  if (!distributed(comm)) return;
  torch::NoGradGuard ng;
  // Buckets of about 4M floats (16 MB): few calls, bounded extra memory.
  constexpr int64_t kBucket = int64_t(1) << 22;
  std::vector<torch::Tensor> bucket;
  int64_t filled = 0;
  auto flush = [&] {
    if (bucket.empty()) return;
    std::vector<torch::Tensor> flat_parts;
    for (auto& g : bucket) flat_parts.push_back(g.reshape({-1}));
    auto flat = torch::cat(flat_parts).to(torch::kCPU).contiguous();
    comm->allreduce_sum(std::span<float>(flat.data_ptr<float>(), size_t(flat.numel())));
    flat.div_(double(comm->size()));
    int64_t at = 0;
    for (auto& g : bucket) {
      g.copy_(flat.slice(0, at, at + g.numel()).view_as(g));
      at += g.numel();
    }
    bucket.clear(), filled = 0;
  };
  for (auto& p : net.parameters()) {
    if (!p.requires_grad()) continue;
    if (!p.grad().defined()) p.mutable_grad() = torch::zeros_like(p);
    if (p.grad().scalar_type() != torch::kFloat32) throw Error("distributed training supports float32 parameters only");
    bucket.push_back(p.mutable_grad());
    filled += p.numel();
    if (filled >= kBucket) flush();
  }
  flush();
}

int64_t shard_samples(Communicator* comm, std::vector<std::pair<uint32_t, uint32_t>>& samples, int64_t batch,
                      uint64_t seed) {
  if (!distributed(comm)) return batch;
  const uint32_t R = uint32_t(comm->size()), me = uint32_t(comm->rank());
  std::erase_if(samples, [&](const auto& s) { return s.first % R != me; });
  const int64_t local_batch = std::max<int64_t>(1, (batch + R - 1) / R);
  const uint64_t mine = samples.size();
  const auto counts = allgatherv<uint64_t>(*comm, std::span<const uint64_t>(&mine, 1));
  int64_t steps = 0;
  for (uint64_t n : counts) steps = std::max<int64_t>(steps, (int64_t(n) + local_batch - 1) / local_batch);
  // Decided on every rank from the same counts, so all ranks stop together.
  for (size_t r = 0; r < counts.size(); ++r)
    if (counts[r] == 0)
      throw Error("distributed training: rank " + std::to_string(r) + " has no users to train on; use fewer ranks");
  // Pad with repeats of this rank's own samples so all ranks take `steps` steps per epoch.
  Rng rng(seed ^ (0xd157ull + me));
  const size_t own = samples.size(), target = size_t(steps * local_batch);
  while (samples.size() < target) samples.push_back(samples[rng.below(own)]);
  return local_batch;
}

void keep_own_users(Communicator* comm, std::vector<uint32_t>& users) {
  if (!distributed(comm)) return;
  const uint32_t R = uint32_t(comm->size()), me = uint32_t(comm->rank());
  std::erase_if(users, [&](uint32_t u) { return u % R != me; });
}

double global_mean(Communicator* comm, double local_mean, size_t count) {
  if (!distributed(comm)) return local_mean;
  double v[2] = {local_mean * double(count), double(count)};
  comm->allreduce_sum(std::span<double>(v, 2));
  return v[1] > 0 ? v[0] / v[1] : 0.0;
}

bool any_rank(Communicator* comm, bool flag) {
  if (!distributed(comm)) return flag;
  double v = flag ? 1.0 : 0.0;
  comm->allreduce_sum(std::span<double>(&v, 1));
  return v > 0;
}

}  // namespace ss::deep
