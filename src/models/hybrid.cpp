// Weighted hybrid of other models, classical or deep:
//   hybrid:models=ease+pop,weights=0.8+0.2
//   hybrid:models=ials/factors=32/iters=10+content,weights=0.7+0.3
//   hybrid:models=sasrec/dim=64/epochs=40+markov+itemknn      (through the registry)
// Parts are separated by '+', a part's own parameters by '/' (instead of ',' which ends a
// spec value). Each part's scores are divided by their largest absolute value, so weights
// compare like with like; weights default to equal. A part with nothing to go on (empty
// history) adds nothing; the reason shown is that of the part contributing most. Parts come
// from the registry the hybrid was built by, so any model with the DenseScorer ability
// (every built-in one, the sequence transformers, CFGAN) can take part. The weights can be
// changed after fit() (Retunable), so a search over them fits the parts once.
#include <algorithm>
#include <cmath>
#include <sstream>

#include "models/builtin.h"

namespace ss {
namespace {

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::stringstream in(s);
  for (std::string part; std::getline(in, part, sep);)
    if (!part.empty()) out.push_back(part);
  return out;
}

class Hybrid final : public ScoringModel, public Retunable {
 public:
  Hybrid(const Spec& s, PartFactory make_part)
      : ScoringModel("hybrid",
                     {{"models", ParamKind::kString, "ease+pop", "parts joined by '+'; a part's parameters joined by '/' (ials/factors=32)"},
                      {"weights", ParamKind::kString, "", "weights joined by '+' (default: equal)"}},
                     s),
        make_part_(std::move(make_part)) {
    build_parts();
  }

  bool score(const RecommendRequest& req, std::span<float> scores) const override {
    bool any = false;
    std::vector<float> part(scores.size());
    for (size_t p = 0; p < parts_.size(); ++p) {
      if (!part_scores(p, req, part)) continue;
      any = true;
      for (size_t i = 0; i < scores.size(); ++i) scores[i] += part[i];
    }
    return any;
  }
  bool sparse_scores() const override { return all_sparse_; }
  std::vector<std::string> explain_many(const RecommendRequest& req, std::span<const uint32_t> items) const override {
    // Which part gives each item the most, then that part's own reason.
    std::vector<size_t> best(items.size(), 0);
    std::vector<float> best_v(items.size(), -INFINITY), part(info_.num_items);
    for (size_t p = 0; p < parts_.size(); ++p) {
      if (!part_scores(p, req, part)) continue;
      for (size_t k = 0; k < items.size(); ++k)
        if (part[items[k]] > best_v[k]) best_v[k] = part[items[k]], best[k] = p;
    }
    std::vector<std::string> out;
    for (size_t k = 0; k < items.size(); ++k) out.push_back(parts_[best[k]].scorer->explain(req, items[k]));
    return out;
  }
  std::string explain(const RecommendRequest& req, uint32_t item) const override {
    return explain_many(req, std::span<const uint32_t>(&item, 1))[0];
  }
  // Parts are scaled at request time, so new weights need no refit.
  std::vector<std::string> retunable_params() const override { return {"weights"}; }
  void retune(const Spec& spec) override {
    const auto w = spec.params.find("weights");
    params_.set("weights", w == spec.params.end() ? "" : w->second);
    parse_weights();
  }

 protected:
  void fit_model(const TrainData& data, Context& ctx) override {
    for (auto& p : parts_) p.model->fit(data, ctx);
  }
  void save_model(BinWriter& w) const override {
    for (const auto& p : parts_) p.model->save(w.stream());
  }
  void load_model(BinReader& r) override {
    // Parts are rebuilt only when the file names other ones than the constructor's spec, so
    // a hybrid made from a file's header by the registry never calls back into it here.
    if (params_.get_string("models") != built_from_) build_parts();
    parse_weights();
    for (auto& p : parts_) p.model->load(r.stream());
  }

 private:
  void build_parts() {
    parts_.clear();
    built_from_ = params_.get_string("models");
    for (const auto& text : split(params_.get_string("models"), '+')) {
      auto pieces = split(text, '/');
      Spec s;
      s.name = pieces.empty() ? text : pieces[0];
      for (size_t k = 1; k < pieces.size(); ++k) {
        const size_t eq = pieces[k].find('=');
        if (eq == std::string::npos) throw Error("hybrid part '" + text + "': expected key=value after '/'");
        s.params[pieces[k].substr(0, eq)] = pieces[k].substr(eq + 1);
      }
      if (s.name == "hybrid") throw Error("a hybrid cannot contain another hybrid");
      Part part{make_part_(s), nullptr};
      part.scorer = dynamic_cast<const DenseScorer*>(part.model.get());
      if (!part.scorer) throw Error("hybrid part '" + s.name + "' cannot score every item, so it cannot be blended");
      parts_.push_back(std::move(part));
    }
    if (parts_.empty()) throw Error("hybrid: models= names no parts; e.g. models=ease+pop");
    // Asked on every request, so decided once here.
    all_sparse_ = std::all_of(parts_.begin(), parts_.end(), [](const Part& p) {
      const auto* classic = dynamic_cast<const ScoringModel*>(p.model.get());
      return classic && classic->sparse_scores();
    });
    parse_weights();
  }
  void parse_weights() {
    weights_.assign(parts_.size(), 1.0f / static_cast<float>(parts_.size()));
    const auto ws = split(params_.get_string("weights"), '+');
    if (!ws.empty()) {
      if (ws.size() != parts_.size())
        throw Error("hybrid: " + std::to_string(ws.size()) + " weights for " + std::to_string(parts_.size()) + " models");
      for (size_t k = 0; k < ws.size(); ++k) {
        char* end = nullptr;
        weights_[k] = std::strtof(ws[k].c_str(), &end);
        if (end != ws[k].c_str() + ws[k].size() || !std::isfinite(weights_[k]))
          throw Error("hybrid: weight '" + ws[k] + "' is not a number");
      }
    }
  }
  // Part p's scores, scaled to max |score| = weight; false when the part has nothing.
  bool part_scores(size_t p, const RecommendRequest& req, std::vector<float>& out) const {
    std::fill(out.begin(), out.end(), 0.0f);
    if (!parts_[p].scorer->score(req, out)) return false;
    float top = 0.0f;
    for (float v : out) top = std::max(top, std::fabs(v));
    if (top == 0.0f) return false;
    const float scale = weights_[p] / top;
    for (float& v : out) v *= scale;
    return true;
  }

  struct Part {
    std::unique_ptr<Recommender> model;
    const DenseScorer* scorer;  // the same object, seen through its ability
  };
  PartFactory make_part_;
  std::string built_from_;  // the models= value parts_ was built from
  bool all_sparse_ = false;  // every part is a sparse classical model
  std::vector<Part> parts_;
  std::vector<float> weights_;
};

}  // namespace

std::unique_ptr<ScoringModel> make_hybrid(const Spec& s, PartFactory make_part) {
  return std::make_unique<Hybrid>(s, std::move(make_part));
}

std::unique_ptr<ScoringModel> make_hybrid(const Spec& s) {
  return make_hybrid(s, [](const Spec& part) -> std::unique_ptr<Recommender> { return make_builtin(part); });
}

}  // namespace ss
