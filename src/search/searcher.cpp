#include "search/searcher.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace ss::search {

std::optional<SortBy> parse_sort(const std::string& s) {
  if (s == "relevance") return SortBy::kRelevance;
  if (s == "price" || s == "price_asc") return SortBy::kPriceAsc;
  if (s == "price_desc" || s == "-price") return SortBy::kPriceDesc;
  if (s == "popularity" || s == "popular") return SortBy::kPopularity;
  if (s == "newest") return SortBy::kNewest;
  return std::nullopt;
}

void Searcher::score_plan(const QueryPlan& plan, SearchScratch& s) const {
  const uint32_t n = index_.num_docs();
  if (s.score.size() < n) {
    s.score.resize(n);
    s.group_score.resize(n);
    s.covered.resize(n);
    s.stamp.resize(n, 0);
    s.group_stamp.resize(n, 0);
    s.matched_groups.resize(n);
  }
  if (++s.epoch == 0) std::fill(s.stamp.begin(), s.stamp.end(), 0), s.epoch = 1;
  s.touched.clear();
  float inv_avg[kNumFields], w[kNumFields], b[kNumFields];
  for (int f = 0; f < kNumFields; ++f) {
    const double avg = index_.avg_len(f);
    inv_avg[f] = avg > 0 ? static_cast<float>(1.0 / avg) : 0.f;
    w[f] = params_.weight[f];
    b[f] = params_.b[f];
  }
  const float k1 = params_.k1;
  for (const TermGroup& g : plan.groups) {
    if (++s.group_epoch == 0) std::fill(s.group_stamp.begin(), s.group_stamp.end(), 0), s.group_epoch = 1;
    s.group_touched.clear();
    for (const Variant& v : g.variants) {
      const float scale = v.weight * v.idf * (k1 + 1);
      index_.postings(v.term).for_each([&](const Posting& p) {
        const uint8_t* len = index_.lengths(p.doc);  // compact copy of DocInfo::len, 0xFF.. for dead docs
        if (len[kNumFields]) return;
        float tfn = 0;
        for (int f = 0; f < kNumFields; ++f)
          if (p.tf[f]) tfn += w[f] * p.tf[f] / (1.f - b[f] + b[f] * len[f] * inv_avg[f]);
        const float sc = scale * tfn / (k1 + tfn);
        if (s.group_stamp[p.doc] != s.group_epoch) {
          s.group_stamp[p.doc] = s.group_epoch;
          s.group_score[p.doc] = sc;
          s.group_touched.push_back(p.doc);
        } else if (sc > s.group_score[p.doc]) {
          s.group_score[p.doc] = sc;
        }
      });
    }
    for (uint32_t d : s.group_touched) {
      if (s.stamp[d] != s.epoch) {
        s.stamp[d] = s.epoch;
        s.score[d] = 0;
        s.covered[d] = 0;
        s.matched_groups[d] = 0;
        s.touched.push_back(d);
      }
      s.score[d] += s.group_score[d];
      s.covered[d] += g.idf;
      ++s.matched_groups[d];
    }
  }
}

bool Searcher::passes(const Filter& f, uint32_t doc) const {
  const DocInfo& d = index_.doc(doc);
  if (!d.live || f.impossible) return false;
  if (f.in_stock_only && !d.in_stock) return false;
  if (f.price_min > -1e30f || f.price_max < 1e30f) {
    if (std::isnan(d.price) || d.price < f.price_min || d.price > f.price_max) return false;
  }
  if (!f.categories.empty() && std::find(f.categories.begin(), f.categories.end(), d.category) == f.categories.end())
    return false;
  if (!f.brands.empty() && std::find(f.brands.begin(), f.brands.end(), d.brand) == f.brands.end()) return false;
  for (const AttrPair& want : f.attributes) {
    bool ok = false;
    for (uint32_t a = d.attr_begin; a < d.attr_end && !ok; ++a)
      ok = index_.attrs()[a].key == want.key && index_.attrs()[a].value == want.value;
    if (!ok) return false;
  }
  return true;
}

float Searcher::affinity(uint32_t user, uint32_t item) const {
  float a = profiles_ ? profiles_->affinity(user, item) : 0.f;
  if (model_) a += model_weight_ * model_(user, item);
  return a;
}

SearchResponse Searcher::search(const SearchRequest& r, SearchScratch& s) const {
  SearchResponse out;
  const QueryPlan plan = plan_query(r.query, index_, synonyms_, r.query_options, s.tokenizer);
  score_plan(plan, s);
  float total_idf = 0;
  for (const TermGroup& g : plan.groups) total_idf += g.idf;

  std::vector<uint32_t> docs;
  if (r.match == MatchMode::kAny) {
    for (uint32_t d : s.touched)
      if (passes(r.filter, d)) docs.push_back(d);
  } else {
    // Every word if possible; otherwise as many as any document (that passes the filters)
    // matches. Filters are checked only for documents with enough words: most documents
    // a query touches match one word of it.
    uint32_t most = 0;
    for (uint32_t d : s.touched) most = std::max(most, s.matched_groups[d]);
    for (uint32_t need = most; need >= 1 && docs.empty(); --need) {
      for (uint32_t d : s.touched)
        if (s.matched_groups[d] == need && passes(r.filter, d)) docs.push_back(d);
      if (!docs.empty()) out.dropped_words = plan.groups.size() - need;
    }
  }
  std::vector<float> text(docs.size());
  for (size_t i = 0; i < docs.size(); ++i) {
    const uint32_t d = docs[i];
    const float cov = total_idf > 0 ? s.covered[d] / total_idf : 1.f;
    const float factor = r.coverage_power == 0.f ? 1.f : r.coverage_power == 2.f ? cov * cov : std::pow(cov, r.coverage_power);
    text[i] = s.score[d] * factor;
  }
  if (docs.empty() && r.fallback) {
    docs = fallback_docs(r, plan, out.fallback);
    if (!docs.empty()) out.fallback_category = index_.doc(docs[0]).category;
    text.assign(docs.size(), 0.f);
  }
  out.total = docs.size();
  count_facets(r, docs, out);

  // Order: (index into docs, sort key). Relevance first gets personal re-ranking.
  std::vector<uint32_t> order(docs.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  const size_t want = std::min(order.size(), r.offset + r.limit);
  auto pop = [&](uint32_t i) { return signals_ ? signals_->pop(index_.doc(docs[i]).item) : 0.f; };
  std::vector<float> final_score(text), personal(docs.size(), 0.f);
  auto by_key = [&](auto key) {
    std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(want), order.end(),
                      [&](uint32_t a, uint32_t b) {
                        const auto ka = key(a), kb = key(b);
                        if (ka != kb) return ka > kb;
                        if (final_score[a] != final_score[b]) return final_score[a] > final_score[b];
                        return docs[a] < docs[b];
                      });
  };
  if (!out.fallback.empty() && r.sort == SortBy::kRelevance) {
    by_key(pop);
  } else if (r.sort == SortBy::kRelevance) {
    const bool personal_on = r.personalize && r.user != kNone && r.personal_boost > 0 && (profiles_ || model_);
    const size_t window = personal_on ? std::min(order.size(), std::max(want, r.rerank_window)) : want;
    // Equal text scores (common for short queries) are ordered by popularity.
    auto by_text = [&](uint32_t a, uint32_t b) {
      if (final_score[a] != final_score[b]) return final_score[a] > final_score[b];
      const float pa = pop(a), pb = pop(b);
      return pa != pb ? pa > pb : docs[a] < docs[b];
    };
    std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(window), order.end(), by_text);
    if (personal_on) {
      for (size_t k = 0; k < window; ++k) {
        const uint32_t i = order[k];
        personal[i] = affinity(r.user, index_.doc(docs[i]).item);
        final_score[i] = text[i] * (1.f + r.personal_boost * personal[i]);
      }
      std::sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(window), by_text);
    }
  } else if (r.sort == SortBy::kPriceAsc) {
    by_key([&](uint32_t i) { const float p = index_.doc(docs[i]).price; return std::isnan(p) ? -1e30f : -p; });
  } else if (r.sort == SortBy::kPriceDesc) {
    by_key([&](uint32_t i) { const float p = index_.doc(docs[i]).price; return std::isnan(p) ? -1e30f : p; });
  } else if (r.sort == SortBy::kPopularity) {
    by_key(pop);
  } else {
    by_key([&](uint32_t i) { return index_.doc(docs[i]).created_ms; });
  }
  for (size_t k = r.offset; k < want; ++k) {
    const uint32_t i = order[k];
    Hit h;
    h.item = index_.doc(docs[i]).item;
    h.score = final_score[i];
    h.text_score = text[i];
    h.personal = personal[i];
    if (r.explain) h.explanation = out.fallback.empty() ? explain(plan, docs[i], h, r.user) : out.fallback;
    out.hits.push_back(std::move(h));
  }
  return out;
}

}  // namespace ss::search
