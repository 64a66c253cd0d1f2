#include "dist/mpi_communicator.h"

#include <mpi.h>

#include <climits>
#include <cstdlib>
#include <numeric>

#include "core/error.h"

namespace ss::dist {
namespace {

void check(int rc, const char* what) {
  if (rc == MPI_SUCCESS) return;
  char msg[MPI_MAX_ERROR_STRING];
  int len = 0;
  MPI_Error_string(rc, msg, &len);
  throw Error(std::string("MPI ") + what + " failed: " + std::string(msg, size_t(len)));
}

// MPI counts are ints: one call moves at most 2 GiB per rank.
int as_count(size_t n, const char* what) {
  if (n > size_t(INT_MAX)) throw Error(std::string("MPI ") + what + ": a block over 2 GiB; use more ranks");
  return int(n);
}

class MpiCommunicator final : public Communicator {
 public:
  MpiCommunicator() {
    int ready = 0;
    MPI_Initialized(&ready);
    if (!ready) check(MPI_Init(nullptr, nullptr), "init");
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
  }
  ~MpiCommunicator() override {
    int done = 0;
    MPI_Finalized(&done);
    if (!done) MPI_Finalize();
  }
  int rank() const override { return rank_; }
  int size() const override { return size_; }
  std::string backend() const override { return "mpi"; }

 protected:
  void do_allreduce(std::span<float> v) override {
    check(MPI_Allreduce(MPI_IN_PLACE, v.data(), as_count(v.size(), "allreduce"), MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD),
          "allreduce");
  }
  void do_allreduce(std::span<double> v) override {
    check(MPI_Allreduce(MPI_IN_PLACE, v.data(), as_count(v.size(), "allreduce"), MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD),
          "allreduce");
  }
  void do_broadcast(std::span<std::byte> v, int root) override {
    check(MPI_Bcast(v.data(), as_count(v.size(), "broadcast"), MPI_BYTE, root, MPI_COMM_WORLD), "broadcast");
  }
  std::vector<std::byte> do_allgatherv(std::span<const std::byte> mine, std::vector<size_t>& sizes) override {
    int n = as_count(mine.size(), "allgatherv");
    std::vector<int> counts(static_cast<size_t>(size_)), displs(static_cast<size_t>(size_), 0);
    check(MPI_Allgather(&n, 1, MPI_INT, counts.data(), 1, MPI_INT, MPI_COMM_WORLD), "allgather");
    sizes.assign(counts.begin(), counts.end());
    const size_t total = std::accumulate(sizes.begin(), sizes.end(), size_t(0));
    as_count(total, "allgatherv");
    for (int r = 1; r < size_; ++r) displs[size_t(r)] = displs[size_t(r - 1)] + counts[size_t(r - 1)];
    std::vector<std::byte> out(total);
    check(MPI_Allgatherv(mine.data(), n, MPI_BYTE, out.data(), counts.data(), displs.data(), MPI_BYTE, MPI_COMM_WORLD),
          "allgatherv");
    return out;
  }
  std::vector<std::vector<std::byte>> do_alltoallv(const std::vector<std::vector<std::byte>>& send) override {
    const size_t R = size_t(size_);
    std::vector<int> scount(R), rcount(R), sdispl(R, 0), rdispl(R, 0);
    for (size_t r = 0; r < R; ++r) scount[r] = as_count(send[r].size(), "alltoallv");
    check(MPI_Alltoall(scount.data(), 1, MPI_INT, rcount.data(), 1, MPI_INT, MPI_COMM_WORLD), "alltoall");
    std::vector<std::byte> sbuf, rbuf;
    for (size_t r = 0; r < R; ++r) {
      sdispl[r] = as_count(sbuf.size(), "alltoallv");
      sbuf.insert(sbuf.end(), send[r].begin(), send[r].end());
    }
    size_t total = 0;
    for (size_t r = 0; r < R; ++r) rdispl[r] = as_count(total, "alltoallv"), total += size_t(rcount[r]);
    rbuf.resize(total);
    check(MPI_Alltoallv(sbuf.data(), scount.data(), sdispl.data(), MPI_BYTE, rbuf.data(), rcount.data(), rdispl.data(),
                        MPI_BYTE, MPI_COMM_WORLD),
          "alltoallv");
    std::vector<std::vector<std::byte>> out(R);
    for (size_t r = 0; r < R; ++r)
      out[r].assign(rbuf.begin() + rdispl[r], rbuf.begin() + rdispl[r] + rcount[r]);
    return out;
  }
  void do_barrier() override { check(MPI_Barrier(MPI_COMM_WORLD), "barrier"); }

 private:
  int rank_ = 0, size_ = 1;
};

}  // namespace

bool launched_by_mpirun() {
  return std::getenv("OMPI_COMM_WORLD_SIZE") != nullptr || std::getenv("PMI_SIZE") != nullptr ||
         std::getenv("PMIX_RANK") != nullptr;
}

std::unique_ptr<Communicator> mpi_world() { return std::make_unique<MpiCommunicator>(); }

}  // namespace ss::dist
