// Recall of a factor model's hnsw index against exact scoring, per search beam (ef), on a
// serving store: for a sample of users with their last HISTORY events (as the server keeps
// them), recall@10 of recommend() through the index (history excluded, the same path and
// over-fetch as serving) against the exact top-10 of the model's own scores, and the median
// wall time per recommend() (user vector + search + filtering), one thread.
//   ann_recall STORE_DIR MODEL_FILE [USERS=2000] [EFS=10,20,40,60,100] [HISTORY=50] [RESAVE_AS]
// RESAVE_AS: also writes the model there in this build's format, with the last EF as its
// ann_ef, in the same layout as MODEL_FILE (a server's file keeps its metadata lines): its
// load time is the one to compare with an older file's, which rebuilds the graph.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "models/builtin.h"
#include "models/factor_model.h"
#include "models/model_file.h"
#include "models/registry.h"
#include "store/store.h"

using namespace ss;

namespace {

double now() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }

struct UserHistory {
  std::vector<uint32_t> items;
  std::vector<Behavior> types;
};

// Every `step`-th user's last `len` events, oldest first (the store scans in append order).
std::vector<UserHistory> sample_histories(const EventTable& ev, size_t num_users, size_t want, size_t len) {
  const size_t step = std::max<size_t>(1, num_users / std::max<size_t>(want, 1));
  std::vector<UserHistory> by_user((num_users + step - 1) / step);
  for (size_t e = 0; e < ev.size(); ++e) {
    if (ev.user[e] % step != 0 || ev.user[e] / step >= by_user.size()) continue;
    auto& h = by_user[ev.user[e] / step];
    h.items.push_back(ev.item[e]);
    h.types.push_back(ev.type[e]);
  }
  std::vector<UserHistory> out;
  for (auto& h : by_user) {
    if (h.items.empty()) continue;
    if (h.items.size() > len) {
      h.items.erase(h.items.begin(), h.items.end() - static_cast<long>(len));
      h.types.erase(h.types.begin(), h.types.end() - static_cast<long>(len));
    }
    out.push_back(std::move(h));
    if (out.size() == want) break;
  }
  return out;
}

// A model file from `shopsense train`, or one the server saved under STORE/models (two
// text lines of metadata, then the same bytes).
std::unique_ptr<Recommender> load_model(const std::string& path, const RecommenderRegistry& reg, std::string& prefix) {
  std::ifstream in(path, std::ios::binary);
  std::string first;
  if (!std::getline(in, first) || first != "shopsense-model 1") return load_model_file(path, reg);
  std::string meta;
  std::getline(in, meta);
  prefix = first + "\n" + meta + "\n";
  const auto body = in.tellg();
  BinReader r(in);
  auto model = reg.create(read_model_header(r));
  in.seekg(body);
  model->load(in);
  return model;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s STORE_DIR MODEL_FILE [USERS=2000] [EFS=10,20,40,60,100] [HISTORY=50]\n", argv[0]);
    return 2;
  }
  const std::string store_dir = argv[1], model_path = argv[2];
  const size_t want = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 2000;
  const std::string efs_text = argc > 4 ? argv[4] : "10,20,40,60,100";
  const size_t hist_len = argc > 5 ? std::strtoull(argv[5], nullptr, 10) : 50;
  std::vector<int> efs;
  std::stringstream ss_efs(efs_text);
  for (std::string t; std::getline(ss_efs, t, ',');) efs.push_back(std::atoi(t.c_str()));

  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  Context ctx(1);
  auto store = Store::open(store_dir, {.create_if_missing = false, .read_only = true, .sync = false});
  const EventTable ev = store->scan_events(ctx);
  const auto users = sample_histories(ev, store->dicts().users.size(), want, hist_len);

  RecommenderRegistry reg;
  register_builtin_models(reg);
  double t0 = now();
  std::string prefix;  // a server's metadata lines, if any
  auto model = load_model(model_path, reg, prefix);
  const double load_s = now() - t0;
  auto* fm = dynamic_cast<FactorModel*>(model.get());
  if (!fm || !fm->has_ann_index()) {
    std::fprintf(stderr, "%s: not a factor model with ann=true\n", model_path.c_str());
    return 1;
  }
  std::printf("model %s: %s, loaded in %.2f s; %zu users (last %zu events each), %zu events in the store\n",
              model_path.c_str(), model->spec().to_string().c_str(), load_s, users.size(), hist_len, ev.size());

  // Exact top-10: the model's own scores over all items, the history excluded.
  const uint32_t n = fm->info().num_items;
  std::vector<std::vector<uint32_t>> exact(users.size());
  std::vector<float> scores(n);
  for (size_t u = 0; u < users.size(); ++u) {
    RecommendRequest req;
    req.history.items = users[u].items;
    req.history.types = users[u].types;
    std::fill(scores.begin(), scores.end(), 0.0f);
    if (!fm->score(req, scores)) continue;
    for (uint32_t i : users[u].items)
      if (i < n) scores[i] = -std::numeric_limits<float>::infinity();
    for (const auto& [i, s] : top_k(scores, 10, false)) exact[u].push_back(i);
  }

  std::printf("%6s %10s %14s %14s\n", "ef", "recall@10", "median_us", "p99_us");
  for (int ef : efs) {
    fm->set_ann_ef(ef);
    double hits = 0, total = 0;
    std::vector<double> us;
    for (size_t u = 0; u < users.size(); ++u) {
      if (exact[u].empty()) continue;
      RecommendRequest req;
      req.history.items = users[u].items;
      req.history.types = users[u].types;
      req.k = 10;
      const double a = now();
      const auto got = model->recommend(req);
      us.push_back((now() - a) * 1e6);
      for (const auto& r : got) hits += std::count(exact[u].begin(), exact[u].end(), r.item);
      total += static_cast<double>(exact[u].size());
    }
    std::sort(us.begin(), us.end());
    std::printf("%6d %10.4f %14.1f %14.1f\n", ef, total > 0 ? hits / total : 0.0, us[us.size() / 2],
                us[us.size() * 99 / 100]);
  }
  if (argc > 6) {
    std::ofstream out(argv[6], std::ios::binary | std::ios::trunc);
    out << prefix;
    model->save(out);
    if (!out) std::fprintf(stderr, "could not write %s\n", argv[6]);
  }
  std::printf("reproduce: build/bench/ann_recall %s %s %zu %s %zu\n", store_dir.c_str(), model_path.c_str(), want,
              efs_text.c_str(), hist_len);
  return 0;
}
