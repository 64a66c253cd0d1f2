// Data-parallel training over c10d Gloo: two processes (deep_gloo_worker, rendezvous
// through a FileStore) train the same transformer as one process; both ranks must end with
// byte-identical models whose quality matches the single-process one within noise.
#include <gtest/gtest.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include "../support/held_out.h"
#include "models/registry.h"

extern char** environ;

namespace ss {
namespace {

pid_t start_worker(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = 0;
  EXPECT_EQ(0, posix_spawn(&pid, argv[0], nullptr, nullptr, argv.data(), environ));
  return pid;
}

int wait_exit(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

TEST(GlooTraining, TwoRanksMatchOneProcess) {
  const auto dir = std::filesystem::temp_directory_path() / ("ss_gloo_" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string store = (dir / "store").string(), w = SS_GLOO_WORKER;
  const pid_t r0 = start_worker({w, "0", "2", store, (dir / "rank0").string()});
  const pid_t r1 = start_worker({w, "1", "2", store, (dir / "rank1").string()});
  const pid_t one = start_worker({w, "0", "1", "", (dir / "single").string()});
  ASSERT_EQ(wait_exit(r0), 0);
  ASSERT_EQ(wait_exit(r1), 0);
  ASSERT_EQ(wait_exit(one), 0);

  // Same gradients on both ranks at every step: the same weights, byte for byte.
  const std::string m0 = slurp(dir / "rank0.ssm"), m1 = slurp(dir / "rank1.ssm");
  ASSERT_GT(m0.size(), 1000u);
  EXPECT_TRUE(m0 == m1) << "the ranks ended with different models";

  double cat2 = 0, cat1 = 0, hit2 = 0, hit1 = 0;
  uint64_t reduced = 0, none = 1;
  std::istringstream(slurp(dir / "rank0.txt")) >> cat2 >> hit2 >> reduced;
  std::istringstream(slurp(dir / "single.txt")) >> cat1 >> hit1 >> none;
  EXPECT_GT(reduced, 0u);
  EXPECT_EQ(none, 0u);
  // Quality within noise of one process, and well above popularity at recovering the planted
  // tastes (share of the top 10 in the user's favourite categories).
  const auto data = testing_support::make_held_out(400, 150, 11);
  RecommenderRegistry reg;
  register_builtin_models(reg);
  auto pop = reg.create("pop");
  Context ctx(1, 5, true);
  pop->fit(TrainData{data.shop.data, data.train, {}}, ctx);
  const double cat_pop = testing_support::category_share(*pop, data);
  std::printf("favourite-category share of the top 10: 2 ranks %.3f, 1 process %.3f, popularity %.3f; "
              "held-out hit@10: 2 ranks %.3f, 1 process %.3f\n", cat2, cat1, cat_pop, hit2, hit1);
  EXPECT_NEAR(cat2, cat1, 0.05);
  EXPECT_NEAR(hit2, hit1, 0.06);
  EXPECT_GT(cat2, cat_pop + 0.1);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace ss
