// Content-based: TF-IDF vectors over each catalogue item's title and description words,
// its category path, brand and price band (core/price_bands.h). A request's
// profile is the weighted sum of its history's vectors; items are scored by cosine through
// an inverted index. Items with no events yet still have vectors: the cold-start answer
// for new items (similar_items works for them too).
#include <algorithm>
#include <cctype>
#include <cmath>
#include <unordered_map>

#include "core/price_bands.h"
#include "models/builtin.h"
#include "models/interactions.h"

namespace ss {
namespace {

void tokenize(const std::string& text, const std::string& prefix, std::vector<std::string>& out) {
  std::string tok;
  for (size_t i = 0; i <= text.size(); ++i) {
    const unsigned char c = i < text.size() ? static_cast<unsigned char>(text[i]) : ' ';
    if (std::isalnum(c) || c >= 0x80) {
      tok += static_cast<char>(std::tolower(c));
    } else {
      if (tok.size() >= 2) out.push_back(prefix + tok);
      tok.clear();
    }
  }
}

class Content final : public ScoringModel, public ItemSimilarity {
 public:
  explicit Content(const Spec& s)
      : ScoringModel("content",
                     {{"history", ParamKind::kInt, "50", "most recent history items that form the profile", 1, 100000},
                      {"text_weight", ParamKind::kFloat, "1", "weight of title/description words", 0},
                      {"meta_weight", ParamKind::kFloat, "2", "weight of category, brand and price band", 0}},
                     s) {}

  bool score(const RecommendRequest& req, std::span<float> scores) const override {
    const auto hist = recent(req);
    bool any = false;
    for (const auto& [h, w] : hist) {
      for (uint64_t p = vec_.ptr[h]; p < vec_.ptr[h + 1]; ++p) {
        const uint32_t t = vec_.idx[p];
        const float a = w * vec_.val[p];
        for (uint64_t q = post_.ptr[t]; q < post_.ptr[t + 1]; ++q) scores[post_.idx[q]] += a * post_.val[q];
        any = true;
      }
    }
    return any;
  }
  bool sparse_scores() const override { return true; }
  std::string explain(const RecommendRequest& req, uint32_t item) const override {
    uint32_t best = kNone;
    float best_c = 0;
    for (const auto& [h, w] : recent(req)) {
      const float c = w * cosine(h, item);
      if (c > best_c) best_c = c, best = h;
    }
    if (best == kNone) return info_.popular_reason(item);
    return "similar to " + info_.name(best) + ", which you " + history_verb(req.history, best);
  }
  std::vector<Recommendation> similar_items(uint32_t item, size_t k) const override {
    std::vector<Recommendation> out;
    if (item >= info_.num_items) return out;
    std::vector<float> s(info_.num_items, 0.0f);
    for (uint64_t p = vec_.ptr[item]; p < vec_.ptr[item + 1]; ++p)
      for (uint64_t q = post_.ptr[vec_.idx[p]]; q < post_.ptr[vec_.idx[p] + 1]; ++q)
        s[post_.idx[q]] += vec_.val[p] * post_.val[q];
    s[item] = -INFINITY;
    for (const auto& [j, w] : top_k(s, k, true)) out.push_back({j, w, "similar to " + info_.name(item)});
    return out;
  }

 protected:
  void fit_model(const TrainData& data, Context&) override {
    const auto& cat = data.shop.catalogue;
    const uint32_t n = info_.num_items;
    const std::vector<uint8_t> band = price_bands(cat, n);  // core/price_bands.h
    std::unordered_map<std::string, uint32_t> term_id;
    std::vector<std::vector<std::pair<uint32_t, float>>> rows(n);
    std::vector<uint32_t> df;
    const float tw = static_cast<float>(params_.get_float("text_weight"));
    const float mw = static_cast<float>(params_.get_float("meta_weight"));
    std::vector<std::string> text, meta;
    for (const auto& ci : cat.items()) {
      if (ci.item >= n) continue;
      text.clear();
      meta.clear();
      tokenize(ci.title, "", text);
      tokenize(ci.description, "", text);
      tokenize(ci.category_path, "c:", meta);
      if (ci.category != kNone) meta.push_back("cat:" + std::to_string(ci.category));
      if (ci.brand != kNone) meta.push_back("b:" + std::to_string(ci.brand));
      if (band[ci.item] != kNoBand) meta.push_back("p:" + std::to_string(ci.category) + ":" + std::to_string(band[ci.item]));
      std::unordered_map<uint32_t, float> tf;
      auto add = [&](const std::vector<std::string>& toks, float weight) {
        for (const auto& t : toks) {
          auto [it, fresh] = term_id.try_emplace(t, static_cast<uint32_t>(term_id.size()));
          if (fresh) df.push_back(0);
          tf[it->second] += weight;
        }
      };
      add(text, tw);
      add(meta, mw);
      for (const auto& [t, c] : tf) {
        df[t]++;
        rows[ci.item].emplace_back(t, c);
      }
    }
    // TF-IDF with sublinear tf, L2-normalised.
    const double items_with_text = static_cast<double>(cat.size());
    std::vector<uint32_t> r, c;
    std::vector<float> w;
    for (uint32_t i = 0; i < n; ++i) {
      double norm = 0;
      for (auto& [t, x] : rows[i]) {
        x = static_cast<float>((1.0 + std::log(x)) * std::log(1.0 + items_with_text / df[t]));
        norm += x * x;
      }
      for (const auto& [t, x] : rows[i]) r.push_back(i), c.push_back(t), w.push_back(static_cast<float>(x / std::sqrt(norm)));
    }
    Context one(1);
    vec_ = csr_from_triplets(n, static_cast<uint32_t>(df.size()), r, c, w, false, one);
    post_ = transpose(vec_);
  }
  void save_model(BinWriter& w) const override {
    w.pod(vec_.rows);
    w.pod(vec_.cols);
    w.vec(vec_.ptr);
    w.vec(vec_.idx);
    w.vec(vec_.val);
  }
  void load_model(BinReader& r) override {
    vec_.rows = r.pod<uint32_t>();
    vec_.cols = r.pod<uint32_t>();
    r.vec(vec_.ptr);
    r.vec(vec_.idx);
    r.vec(vec_.val);
    if (vec_.ptr.size() != vec_.rows + 1ull || vec_.ptr.back() != vec_.idx.size() || vec_.rows != info_.num_items)
      throw Error("content model file is inconsistent; retrain it", ErrorCode::kCorrupt);
    post_ = transpose(vec_);
  }

 private:
  // The last `history` distinct items with their summed weights.
  std::vector<std::pair<uint32_t, float>> recent(const RecommendRequest& req) const {
    const size_t keep = static_cast<size_t>(params_.get_int("history"));
    History h = req.history;
    if (h.items.size() > keep) {
      const size_t off = h.items.size() - keep;
      h.items = h.items.subspan(off);
      if (!h.types.empty()) h.types = h.types.subspan(off);
      if (!h.ts_ms.empty()) h.ts_ms = h.ts_ms.subspan(off);
    }
    return history_weights(h, info_.weights, info_.num_items);
  }
  float cosine(uint32_t a, uint32_t b) const {
    float s = 0;
    uint64_t p = vec_.ptr[a], q = vec_.ptr[b];
    while (p < vec_.ptr[a + 1] && q < vec_.ptr[b + 1]) {
      if (vec_.idx[p] == vec_.idx[q]) s += vec_.val[p++] * vec_.val[q++];
      else if (vec_.idx[p] < vec_.idx[q]) ++p;
      else ++q;
    }
    return s;
  }

  Csr vec_;   // item -> term weights (sorted by term)
  Csr post_;  // term -> item weights
};

}  // namespace

std::unique_ptr<ScoringModel> make_content(const Spec& s) { return std::make_unique<Content>(s); }

}  // namespace ss
