// Run under `mpirun -np 2`: the MPI communicator's collectives, and iALS / item-kNN trained
// over 2 ranks against the same models trained in one process (same seed, same data).
// Both ranks run every test; the collectives keep them in step.
#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <sstream>

#include "../support/held_out.h"
#include "core/collective.h"
#include "dist/mpi_communicator.h"
#include "models/registry.h"

namespace ss {
namespace {

Communicator* g_comm = nullptr;  // MPI_COMM_WORLD for the whole test program

const testing_support::HeldOut& data() {
  static const auto s = testing_support::make_held_out(500, 200, 11);
  return s;
}

std::unique_ptr<Recommender> fit(const std::string& spec, Communicator* comm) {
  RecommenderRegistry reg;
  register_builtin_models(reg);
  auto m = reg.create(spec);
  Context ctx(1, 7, true);
  m->fit(TrainData{data().shop.data, data().train, {}, comm}, ctx);
  return m;
}

std::string bytes_of(const Recommender& m) {
  std::ostringstream out;
  m.save(out);
  return out.str();
}

// The model bytes of every rank are identical: each ends with the whole model.
void expect_same_on_every_rank(const Recommender& m) {
  const std::string mine = bytes_of(m);
  std::vector<size_t> sizes;
  const auto all = g_comm->allgatherv(std::as_bytes(std::span<const char>(mine.data(), mine.size())), sizes);
  ASSERT_EQ(sizes.size(), size_t(g_comm->size()));
  size_t at = 0;
  for (int r = 0; r < g_comm->size(); ++r) {
    ASSERT_EQ(sizes[size_t(r)], mine.size()) << "rank " << r;
    EXPECT_EQ(0, std::memcmp(all.data() + at, mine.data(), mine.size())) << "rank " << r << " holds another model";
    at += sizes[size_t(r)];
  }
}

TEST(MpiCommunicator, Collectives) {
  const int me = g_comm->rank(), n = g_comm->size();
  ASSERT_EQ(n, 2) << "run with mpirun -np 2";
  std::vector<float> v = {1.0f + float(me), 10.0f};
  g_comm->allreduce_sum(std::span<float>(v));
  EXPECT_EQ(v, (std::vector<float>{3.0f, 20.0f}));
  // Uneven blocks come back whole and in rank order.
  std::vector<uint32_t> mine(size_t(me + 1), uint32_t(100 + me));
  EXPECT_EQ(allgatherv<uint32_t>(*g_comm, mine), (std::vector<uint32_t>{100, 101, 101}));
  std::vector<std::vector<std::byte>> send(2);
  send[0].assign(size_t(me + 1), std::byte(me));
  send[1].assign(size_t(3), std::byte(10 + me));
  const auto got = g_comm->alltoallv(send);
  EXPECT_EQ(got[0].size(), me == 0 ? 1u : 3u);
  EXPECT_EQ(got[1].size(), me == 0 ? 2u : 3u);
  EXPECT_EQ(got[1].front(), std::byte(me == 0 ? 1 : 11));
  std::array<std::byte, 4> b{};
  if (me == 1) b.fill(std::byte(7));
  g_comm->broadcast(b, 1);
  EXPECT_EQ(b[3], std::byte(7));
}

TEST(MpiTraining, IalsMatchesOneProcess) {
  const std::string spec = "ials:factors=16,iters=6";
  const auto one = fit(spec, nullptr);
  g_comm->reset_stats();
  const auto two = fit(spec, g_comm);
  const CommStats st = g_comm->stats();
  expect_same_on_every_rank(*two);
  // Per epoch: one f x f Gram all-reduce per half step, and all user and item rows gathered.
  const size_t f = 16, iters = 6;
  EXPECT_EQ(st.reduced_bytes, iters * 2 * f * f * sizeof(float));
  EXPECT_EQ(st.gathered_bytes, iters * (data().shop.data.num_users() + data().shop.data.num_items()) * f * sizeof(float));
  // The same top 10 for (nearly) every user, with the same scores up to float rounding.
  size_t users = 0, same = 0;
  double worst = 0;
  for (uint32_t u = 0; u < data().held_out.size(); ++u) {
    if (data().hist_items[u].empty()) continue;
    RecommendRequest req;
    req.history.items = data().hist_items[u];
    req.history.types = data().hist_types[u];
    const auto a = one->recommend(req), b = two->recommend(req);
    ++users;
    std::set<uint32_t> sa, sb;
    for (size_t i = 0; i < a.size(); ++i) sa.insert(a[i].item), sb.insert(b[i].item);
    same += sa == sb;
    for (size_t i = 0; i < a.size(); ++i) worst = std::max(worst, double(std::abs(a[i].score - b[i].score)));
  }
  ASSERT_GT(users, 300u);
  EXPECT_GE(double(same) / double(users), 0.97);
  EXPECT_LT(worst, 1e-3);
  const double h1 = testing_support::hit_rate(*one, data()), h2 = testing_support::hit_rate(*two, data());
  EXPECT_NEAR(h1, h2, 0.01);
  EXPECT_GT(h2, testing_support::hit_rate(*fit("pop", nullptr), data()));  // it learnt something
}

TEST(MpiTraining, ItemKnnMatchesOneProcess) {
  const std::string spec = "itemknn:neighbors=30";
  const auto one = fit(spec, nullptr);
  g_comm->reset_stats();
  const auto two = fit(spec, g_comm);
  EXPECT_GT(g_comm->stats().exchanged_bytes, 0u);  // partial co-occurrence rows travelled
  expect_same_on_every_rank(*two);
  // Sums in another order may differ in the last bit: compare neighbours and weights.
  const auto& a = dynamic_cast<const ItemSimilarity&>(*one);
  const auto& b = dynamic_cast<const ItemSimilarity&>(*two);
  size_t rows = 0, same = 0;
  for (uint32_t i = 0; i < data().shop.data.num_items(); ++i) {
    const auto na = a.similar_items(i, 30), nb = b.similar_items(i, 30);
    ASSERT_EQ(na.size(), nb.size()) << "item " << i;
    ++rows;
    bool eq = true;
    for (size_t k = 0; k < na.size(); ++k) {
      EXPECT_NEAR(na[k].score, nb[k].score, 1e-5 * std::max(1.0f, na[k].score));
      eq = eq && na[k].item == nb[k].item;
    }
    same += eq;
  }
  EXPECT_GE(double(same) / double(rows), 0.98);  // only near-ties may swap
  EXPECT_NEAR(testing_support::hit_rate(*one, data()), testing_support::hit_rate(*two, data()), 0.005);
}

}  // namespace
}  // namespace ss

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  auto comm = ss::dist::mpi_world();
  ss::g_comm = comm.get();
  // One report is enough: the other ranks stay quiet unless they fail.
  if (comm->rank() != 0) {
    auto& listeners = ::testing::UnitTest::GetInstance()->listeners();
    delete listeners.Release(listeners.default_result_printer());
  }
  const int rc = RUN_ALL_TESTS();
  // A failure on any rank fails the job.
  double failed = rc != 0 ? 1.0 : 0.0;
  comm->allreduce_sum(std::span<double>(&failed, 1));
  return failed > 0 ? 1 : 0;
}
