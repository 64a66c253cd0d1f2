// Load time of a sequence model with ann=true: a body-version-1 file (no saved graph, so
// loading rebuilds the hnsw index, as every deep file did before version 2) against the
// same model saved as version 2 (the graph read from the file). Also checks that the
// version-2 load answers exactly as the model it was saved from.
//
//   ann_load_bench MODEL.bin [--runs 3]
// MODEL.bin: a version-1 file, e.g. written by an older shopsense (`shopsense train -m
// "sasrec:...,ann=true"`). The version-2 copy goes to MODEL.bin.v2.
#include <ATen/Parallel.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/rng.h"
#include "deep/register.h"
#include "models/model_file.h"
#include "models/registry.h"

namespace {

using ss::Recommender;

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// Median seconds of `runs` loads of `path`; the last load's model is kept in `out`.
double time_loads(const std::string& path, const ss::RecommenderRegistry& reg, int runs,
                  std::unique_ptr<Recommender>& out) {
  std::vector<double> secs;
  for (int i = 0; i < runs; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    out = ss::load_model_file(path, reg);
    secs.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  return median(secs);
}

std::string body_version(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  const std::string head((std::istreambuf_iterator<char>(in)), {});
  const size_t at = head.find("SSDEEP");
  return at == std::string::npos ? "?" : head.substr(at, 7);
}

}  // namespace

int main(int argc, char** argv) {
  try {
    if (argc < 2) throw ss::Error("usage: ann_load_bench MODEL.bin [--runs N]");
    const std::string path = argv[1];
    int runs = 3;
    if (argc >= 4 && std::string(argv[2]) == "--runs") runs = std::max(1, std::stoi(argv[3]));
    at::set_num_threads(1);
    ss::RecommenderRegistry reg;
    ss::register_builtin_models(reg);
    ss::register_deep_models(reg);

    std::unique_ptr<Recommender> v1, v2;
    const double t1 = time_loads(path, reg, runs, v1);
    const std::string path2 = path + ".v2";
    ss::save_model_file(*v1, path2);
    const double t2 = time_loads(path2, reg, runs, v2);

    // Random histories: the version-2 load answers exactly as the model it was saved from.
    ss::Rng rng(1);
    size_t checked = 0, differ = 0;
    const std::string spec = v1->spec().to_string();
    for (int u = 0; u < 200; ++u) {
      std::vector<uint32_t> items;
      for (int e = 0; e < 15; ++e) items.push_back(static_cast<uint32_t>(rng.below(1000)));
      ss::RecommendRequest r;
      r.history.items = items;
      const auto a = v1->recommend(r), b = v2->recommend(r);
      ++checked;
      differ += a.size() != b.size() || !std::equal(a.begin(), a.end(), b.begin(), [](const auto& x, const auto& y) {
                  return x.item == y.item && x.score == y.score;
                });
    }
    std::printf("model %s (%s)\n", path.c_str(), spec.c_str());
    std::printf("load %s file (graph rebuilt): median %.3f s of %d\n", body_version(path).c_str(), t1, runs);
    std::printf("load %s file (graph read):    median %.3f s of %d\n", body_version(path2).c_str(), t2, runs);
    std::printf("speed-up %.1fx; top-10 lists differing after the round trip: %zu of %zu\n", t1 / t2, differ, checked);
    std::printf("command: %s %s --runs %d\n", argv[0], path.c_str(), runs);
    return differ == 0 ? 0 : 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
}
