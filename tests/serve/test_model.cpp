// A small real recommender for the serving tests (the model zoo lives in src/models).
#include <algorithm>
#include <istream>
#include <ostream>

#include "core/error.h"
#include "fixture.h"

namespace ss::serve::testing {
namespace {

class TestPopularity : public Recommender, public ItemSimilarity {
 public:
  explicit TestPopularity(float boost) : boost_(boost) {}
  Spec spec() const override { return Spec{"testpop", {{"boost", std::to_string(boost_)}}}; }
  void fit(const TrainData& data, Context&) override {
    counts_.assign(data.num_items(), 0.0f);
    for (size_t i = 0; i < data.events.size(); ++i)
      if (data.events.item[i] != kNone) counts_[data.events.item[i]] += data.weights[data.events.type[i]] * boost_;
  }
  std::vector<Recommendation> recommend(const RecommendRequest& req) const override {
    std::vector<Recommendation> out;
    for (uint32_t i = 0; i < counts_.size(); ++i) {
      if (req.exclude_history && std::find(req.history.items.begin(), req.history.items.end(), i) != req.history.items.end()) continue;
      if (std::find(req.exclude.begin(), req.exclude.end(), i) != req.exclude.end()) continue;
      if (req.allow && !req.allow(i)) continue;
      out.push_back({i, counts_[i], "popular"});
    }
    std::stable_sort(out.begin(), out.end(), [](auto& a, auto& b) { return a.score > b.score; });
    if (out.size() > req.k) out.resize(req.k);
    return out;
  }
  std::vector<Recommendation> similar_items(uint32_t item, size_t k) const override {
    RecommendRequest r;
    r.k = k;
    auto out = recommend(r);
    out.erase(std::remove_if(out.begin(), out.end(), [&](auto& x) { return x.item == item; }), out.end());
    return out;
  }
  void save(std::ostream& out) const override {
    const uint64_t n = counts_.size();
    out.write(reinterpret_cast<const char*>(&n), sizeof n);
    out.write(reinterpret_cast<const char*>(counts_.data()), static_cast<std::streamsize>(n * sizeof(float)));
  }
  void load(std::istream& in) override {
    uint64_t n = 0;
    in.read(reinterpret_cast<char*>(&n), sizeof n);
    counts_.resize(n);
    in.read(reinterpret_cast<char*>(counts_.data()), static_cast<std::streamsize>(n * sizeof(float)));
  }

 private:
  float boost_;
  std::vector<float> counts_;
};

}  // namespace

std::unique_ptr<Recommender> make_test_model(const std::string& text) {
  const Spec s = Spec::parse(text);
  if (s.name != "testpop") throw Error("unknown model '" + s.name + "' (valid: testpop)");
  float boost = 1;
  if (auto it = s.params.find("boost"); it != s.params.end()) boost = std::stof(it->second);
  return std::make_unique<TestPopularity>(boost);
}

}  // namespace ss::serve::testing
