// Context::cancel: the iterative models stop at their next step once it is set (throwing
// ErrorCode::kCancelled, never returning a half-trained model), and an unset flag changes
// nothing.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "models/registry.h"
#include "synth/generator.h"

using namespace ss;

namespace {

using Clock = std::chrono::steady_clock;

const SyntheticShop& shop() {
  static const SyntheticShop s = generate_shop(GeneratorConfig{.users = 600, .items = 300, .days = 30, .seed = 5});
  return s;
}

// Fits `spec` and sets the flag after `after`; returns the seconds from the flag to fit()'s
// end and whether fit() threw kCancelled.
std::pair<double, bool> fit_and_cancel(const std::string& spec, std::chrono::milliseconds after) {
  RecommenderRegistry reg;
  register_builtin_models(reg);
  auto model = reg.create(spec);
  Context ctx(2, 42, true);
  std::atomic<bool> stop{false};
  ctx.cancel = &stop;
  Clock::time_point stopped_at{};
  std::thread stopper([&] {
    std::this_thread::sleep_for(after);
    stopped_at = Clock::now();
    stop = true;
  });
  bool cancelled = false;
  try {
    model->fit(TrainData{shop().data, shop().data.events, {}}, ctx);
  } catch (const Error& e) {
    cancelled = e.code() == ErrorCode::kCancelled;
  }
  const auto ended = Clock::now();
  stopper.join();
  return {std::chrono::duration<double>(ended - stopped_at).count(), cancelled};
}

// Each of these runs for many seconds uncancelled (1000 ALS epochs at 128 factors; 10,000
// BPR epochs), while one step takes milliseconds.
TEST(Cancel, IterativeModelsStopWithinAStep) {
  for (const char* spec : {"ials:iters=1000,factors=128,cg_steps=20", "bpr:epochs=10000,factors=64"}) {
    const auto [latency, cancelled] = fit_and_cancel(spec, std::chrono::milliseconds(150));
    EXPECT_TRUE(cancelled) << spec << ": fit() ended without being cancelled";
    EXPECT_LT(latency, 3.0) << spec << ": the stop took effect only after " << latency << " s";
  }
}

TEST(Cancel, AFlagSetBeforehandStopsBeforeAnyWork) {
  RecommenderRegistry reg;
  register_builtin_models(reg);
  auto model = reg.create("ials:iters=1000,factors=128");
  Context ctx(2, 42, true);
  const std::atomic<bool> stop{true};
  ctx.cancel = &stop;
  const auto t0 = Clock::now();
  try {
    model->fit(TrainData{shop().data, shop().data.events, {}}, ctx);
    ADD_FAILURE() << "fit() ignored the cancel flag";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kCancelled);
  }
  EXPECT_LT(std::chrono::duration<double>(Clock::now() - t0).count(), 3.0);
}

TEST(Cancel, AnUnsetFlagTrainsAsBefore) {
  RecommenderRegistry reg;
  register_builtin_models(reg);
  auto a = reg.create("ials:iters=3,factors=16"), b = reg.create("ials:iters=3,factors=16");
  Context plain(2, 42, true), with_flag(2, 42, true);
  const std::atomic<bool> stop{false};
  with_flag.cancel = &stop;
  a->fit(TrainData{shop().data, shop().data.events, {}}, plain);
  b->fit(TrainData{shop().data, shop().data.events, {}}, with_flag);
  const EventTable& ev = shop().data.events;
  std::vector<uint32_t> history;
  for (size_t i = 0; i < ev.size() && history.size() < 5; ++i)
    if (ev.user[i] == ev.user[0] && ev.item[i] != kNone) history.push_back(ev.item[i]);
  RecommendRequest req;
  req.user = ev.user[0];
  req.history.items = history;
  req.k = 10;
  const auto ra = a->recommend(req), rb = b->recommend(req);
  ASSERT_EQ(ra.size(), 10u);
  ASSERT_EQ(rb.size(), ra.size());
  for (size_t i = 0; i < ra.size(); ++i) {
    EXPECT_EQ(ra[i].item, rb[i].item);
    EXPECT_FLOAT_EQ(ra[i].score, rb[i].score);
  }
}

}  // namespace
