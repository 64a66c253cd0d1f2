// The parts of Searcher around the main scoring loop: facet counts, the no-results
// fall-back, per-document match details and explanations.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <unordered_map>

#include "search/searcher.h"

namespace ss::search {
namespace {

constexpr float kPriceEdges[] = {10, 25, 50, 100, 250, 500, 1000};
constexpr size_t kMaxFacetValues = 20;

std::string price_label(size_t bucket) {
  constexpr size_t n = std::size(kPriceEdges);
  char buf[48];
  if (bucket == 0) std::snprintf(buf, sizeof buf, "<%g", kPriceEdges[0]);
  else if (bucket == n) std::snprintf(buf, sizeof buf, "%g+", kPriceEdges[n - 1]);
  else std::snprintf(buf, sizeof buf, "%g..%g", kPriceEdges[bucket - 1], kPriceEdges[bucket]);
  return buf;
}

}  // namespace

void Searcher::count_facets(const SearchRequest& r, const std::vector<uint32_t>& docs, SearchResponse& out) const {
  for (const std::string& facet : r.facets) {
    std::vector<FacetCount> counts;
    if (facet == "category" || facet == "brand") {
      // Ids are dense and small (dictionary ids), so count in a flat array.
      const bool by_cat = facet == "category";
      std::vector<uint32_t> c;
      for (uint32_t d : docs) {
        const uint32_t id = by_cat ? index_.doc(d).category : index_.doc(d).brand;
        if (id == kNone) continue;
        if (id >= c.size()) c.resize(id + 1, 0);
        ++c[id];
      }
      for (uint32_t id = 0; id < c.size(); ++id)
        if (c[id]) counts.push_back({"", id, c[id]});
    } else if (facet == "price") {
      std::vector<uint32_t> c(std::size(kPriceEdges) + 1, 0);
      for (uint32_t d : docs) {
        const float p = index_.doc(d).price;
        if (std::isnan(p)) continue;
        ++c[static_cast<size_t>(std::upper_bound(std::begin(kPriceEdges), std::end(kPriceEdges), p) - std::begin(kPriceEdges))];
      }
      for (size_t k = 0; k < c.size(); ++k)
        if (c[k]) counts.push_back({price_label(k), static_cast<uint32_t>(k), c[k]});
      out.facets[facet] = std::move(counts);
      continue;  // price buckets keep their natural order
    } else {
      const uint32_t key = index_.attr_keys().find(facet);
      if (key == kNone) {
        out.facets[facet] = {};
        continue;
      }
      std::unordered_map<uint32_t, uint32_t> c;
      for (uint32_t d : docs) {
        const DocInfo& info = index_.doc(d);
        for (uint32_t a = info.attr_begin; a < info.attr_end; ++a)
          if (index_.attrs()[a].key == key) ++c[index_.attrs()[a].value];
      }
      for (auto [id, n] : c) counts.push_back({index_.attr_values().name(id), id, n});
    }
    std::sort(counts.begin(), counts.end(), [](const FacetCount& a, const FacetCount& b) {
      return a.count != b.count ? a.count > b.count : a.id < b.id;
    });
    if (counts.size() > kMaxFacetValues) counts.resize(kMaxFacetValues);
    out.facets[facet] = std::move(counts);
  }
}

std::vector<uint32_t> Searcher::fallback_docs(const SearchRequest& r, const QueryPlan& plan, std::string& why) const {
  // Vote for categories whose category text is close to a query word (looser than the
  // normal typo budget: this is a last resort).
  std::unordered_map<uint32_t, float> votes;
  const Vocabulary& vocab = index_.vocabulary();
  for (const TermGroup& g : plan.groups) {
    std::vector<uint32_t> terms;
    for (const Variant& v : g.variants) terms.push_back(v.term);
    if (utf8_length(g.word) >= 3)
      for (const WordMatch& m : vocab.fuzzy(g.word, 2, 8)) terms.push_back(vocab.term_of(m.word));
    for (uint32_t t : terms)
      index_.postings(t).for_each([&](const Posting& p) {
        const DocInfo& d = index_.doc(p.doc);
        if (d.live && p.tf[kCategory] && d.category != kNone) votes[d.category] += 1.f;
      });
  }
  uint32_t best = kNone;
  float best_votes = 0;
  for (auto [c, v] : votes)
    if (v > best_votes || (v == best_votes && c < best)) best = c, best_votes = v;
  std::vector<uint32_t> docs;
  for (uint32_t d = 0; d < index_.num_docs(); ++d)
    if ((best == kNone || index_.doc(d).category == best) && passes(r.filter, d)) docs.push_back(d);
  why = best == kNone ? "no match: popular items" : "no match: popular in the closest category";
  return docs;
}

DocMatch Searcher::match(const QueryPlan& plan, uint32_t doc) const {
  DocMatch m;
  const DocInfo& d = index_.doc(doc);
  float total_idf = 0, covered = 0;
  const float k1 = params_.k1;
  for (const TermGroup& g : plan.groups) {
    total_idf += g.idf;
    float best = 0;
    const Variant* best_v = nullptr;
    float best_field[kNumFields] = {};
    for (const Variant& v : g.variants) {
      Posting p;
      if (!index_.postings(v.term).find(doc, p)) continue;
      float tfn = 0, field[kNumFields] = {};
      for (int f = 0; f < kNumFields; ++f) {
        if (!p.tf[f]) continue;
        const double avg = index_.avg_len(f);
        const float norm = 1.f - params_.b[f] + params_.b[f] * static_cast<float>(avg > 0 ? d.len[f] / avg : 1.0);
        const float x = p.tf[f] / norm;
        tfn += params_.weight[f] * x;
        field[f] = v.weight * v.idf * x * (k1 + 1) / (k1 + x);  // that field alone, plain BM25
      }
      const float sc = v.weight * v.idf * tfn * (k1 + 1) / (k1 + tfn);
      if (sc > best) {
        best = sc, best_v = &v;
        std::copy(std::begin(field), std::end(field), best_field);
      }
    }
    if (!best_v) continue;
    m.bm25 += best;
    covered += g.idf;
    ++m.groups_matched;
    for (int f = 0; f < kNumFields; ++f) m.field_bm25[f] += best_field[f];
    if (best_v->kind == VariantKind::kTypo) ++m.typo_groups;
    if (best_v->kind == VariantKind::kExact || best_v->kind == VariantKind::kStem) ++m.exact_groups;
    std::string note = "'" + g.word + "'";
    if (best_v->kind != VariantKind::kExact) note += "~'" + best_v->matched + "' (" + kVariantNames[static_cast<int>(best_v->kind)] + ")";
    note += " in";
    for (int f = 0; f < kNumFields; ++f)
      if (best_field[f] > 0) note += std::string(" ") + kFieldNames[f];
    m.notes.push_back(std::move(note));
  }
  m.coverage = total_idf > 0 ? covered / total_idf : 0.f;
  return m;
}

std::vector<DocMatch> Searcher::match_many(const QueryPlan& plan, const std::vector<uint32_t>& docs) const {
  std::vector<DocMatch> out(docs.size());
  std::unordered_map<uint32_t, uint32_t> slot;
  for (uint32_t i = 0; i < docs.size(); ++i) slot.emplace(docs[i], i);
  const float k1 = params_.k1;
  float total_idf = 0;
  std::vector<float> covered(docs.size(), 0.f), best(docs.size());
  std::vector<const Variant*> best_v(docs.size());
  std::vector<std::array<float, kNumFields>> best_field(docs.size());
  for (const TermGroup& g : plan.groups) {
    total_idf += g.idf;
    std::fill(best.begin(), best.end(), 0.f);
    std::fill(best_v.begin(), best_v.end(), nullptr);
    for (const Variant& v : g.variants) {
      index_.postings(v.term).for_each([&](const Posting& p) {
        auto it = slot.find(p.doc);
        if (it == slot.end()) return;
        const DocInfo& d = index_.doc(p.doc);
        float tfn = 0;
        std::array<float, kNumFields> field{};
        for (int f = 0; f < kNumFields; ++f) {
          if (!p.tf[f]) continue;
          const double avg = index_.avg_len(f);
          const float norm = 1.f - params_.b[f] + params_.b[f] * static_cast<float>(avg > 0 ? d.len[f] / avg : 1.0);
          const float x = p.tf[f] / norm;
          tfn += params_.weight[f] * x;
          field[static_cast<size_t>(f)] = v.weight * v.idf * x * (k1 + 1) / (k1 + x);
        }
        const float sc = v.weight * v.idf * tfn * (k1 + 1) / (k1 + tfn);
        if (sc > best[it->second]) best[it->second] = sc, best_v[it->second] = &v, best_field[it->second] = field;
      });
    }
    for (size_t i = 0; i < docs.size(); ++i) {
      if (!best_v[i]) continue;
      DocMatch& m = out[i];
      m.bm25 += best[i];
      covered[i] += g.idf;
      ++m.groups_matched;
      for (int f = 0; f < kNumFields; ++f) m.field_bm25[f] += best_field[i][static_cast<size_t>(f)];
      if (best_v[i]->kind == VariantKind::kTypo) ++m.typo_groups;
      if (best_v[i]->kind == VariantKind::kExact || best_v[i]->kind == VariantKind::kStem) ++m.exact_groups;
    }
  }
  for (size_t i = 0; i < docs.size(); ++i) out[i].coverage = total_idf > 0 ? covered[i] / total_idf : 0.f;
  return out;
}

std::string Searcher::explain(const QueryPlan& plan, uint32_t doc, const Hit& hit, uint32_t user) const {
  const DocMatch m = match(plan, doc);
  std::string s;
  for (const std::string& n : m.notes) s += (s.empty() ? "" : "; ") + n;
  char buf[160];
  std::snprintf(buf, sizeof buf, "; bm25f %.2f, %d/%zu words", m.bm25, m.groups_matched, plan.groups.size());
  s += buf;
  if (hit.personal > 0) {
    std::snprintf(buf, sizeof buf, "; personal x%.2f", hit.text_score > 0 ? hit.score / hit.text_score : 1.f);
    s += buf;
    if (profiles_) {
      const UserProfiles::Parts p = profiles_->parts(user, hit.item);
      std::snprintf(buf, sizeof buf, " (your category share %.0f%%, brand %.0f%%, price band %.0f%%)", 100 * p.category,
                    100 * p.brand, 100 * p.price_band);
      s += buf;
    }
  }
  return s;
}

}  // namespace ss::search
