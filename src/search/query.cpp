#include "search/query.h"

#include <algorithm>

namespace ss::search {
namespace {

void add_variant(TermGroup& g, uint32_t term, float weight, VariantKind kind, std::string matched) {
  for (Variant& v : g.variants)
    if (v.term == term) {
      if (weight > v.weight) v.weight = weight, v.kind = kind, v.matched = std::move(matched);
      return;
    }
  g.variants.push_back({term, weight, 0.f, kind, std::move(matched)});
}

// The term of a normalised word: its vocabulary entry, else its stem if indexed.
uint32_t lookup(const SearchIndex& index, const std::string& word, VariantKind& kind) {
  const uint32_t w = index.vocabulary().find(word);
  if (w != UINT32_MAX) {
    kind = VariantKind::kExact;
    return index.vocabulary().term_of(w);
  }
  kind = VariantKind::kStem;
  return index.term(stem_word(word));
}

bool is_ascii_word(const std::string& w) {
  for (unsigned char c : w)
    if (c >= 0x80) return false;
  return true;
}

}  // namespace

QueryPlan plan_query(std::string_view query, const SearchIndex& index, const Synonyms* synonyms,
                     const QueryOptions& opt, Tokenizer& tokenizer) {
  QueryPlan plan;
  std::vector<std::string> words = tokenizer.tokenize(query);
  plan.words = words.size();
  const bool typing = opt.prefix_last && !query.empty() && std::isalnum(static_cast<unsigned char>(query.back()));
  const Vocabulary& vocab = index.vocabulary();
  for (size_t i = 0; i < words.size(); ++i) {
    TermGroup g;
    g.word = words[i];
    VariantKind kind;
    const uint32_t t = lookup(index, g.word, kind);
    if (t != kNone) add_variant(g, t, 1.0f, kind, g.word);
    if (opt.synonyms && synonyms)
      for (const std::string& s : synonyms->expand(g.word)) {
        VariantKind k;
        const uint32_t st = lookup(index, s, k);
        if (st != kNone) add_variant(g, st, opt.synonym_weight, VariantKind::kSynonym, s);
      }
    const size_t len = utf8_length(g.word);
    const bool rare = t == kNone || index.doc_freq(t) <= opt.rare_df;
    if (opt.typos && rare && len >= 4 && is_ascii_word(g.word)) {
      const int max_d = len >= 8 ? 2 : 1;
      const uint32_t own_df = t == kNone ? 0 : index.doc_freq(t);
      for (const WordMatch& m : vocab.fuzzy(g.word, max_d))
        if (own_df == 0 || index.doc_freq(vocab.term_of(m.word)) >= own_df * opt.rare_ratio) add_variant(g, vocab.term_of(m.word), m.distance == 1 ? opt.typo_weight1 : opt.typo_weight2, VariantKind::kTypo,
                    vocab.word(m.word));
    }
    if (opt.split_join && i + 1 < words.size()) {
      // "storm door" -> "stormdoor" counts for the first word of the pair.
      const std::string joined = g.word + words[i + 1];
      const uint32_t w = vocab.find(joined);
      if (w != UINT32_MAX) add_variant(g, vocab.term_of(w), opt.join_weight, VariantKind::kJoined, joined);
    }
    if (typing && i + 1 == words.size()) {
      std::vector<uint32_t> completions = vocab.with_prefix(g.word);
      std::vector<std::pair<uint32_t, uint32_t>> by_df;  // (df, term)
      for (uint32_t w : completions) by_df.emplace_back(index.doc_freq(vocab.term_of(w)), w);
      std::sort(by_df.rbegin(), by_df.rend());
      if (by_df.size() > opt.max_prefix_terms) by_df.resize(opt.max_prefix_terms);
      for (auto [df, w] : by_df) add_variant(g, vocab.term_of(w), opt.prefix_weight, VariantKind::kPrefix, vocab.word(w));
    }
    if (opt.split_join && t == kNone && len >= 6 && is_ascii_word(g.word)) {
      // "stormdoor" -> "storm" + "door": both halves must be words; scored as two groups.
      for (size_t cut = 3; cut + 3 <= g.word.size(); ++cut) {
        VariantKind k1, k2;
        const uint32_t a = lookup(index, g.word.substr(0, cut), k1), b = lookup(index, g.word.substr(cut), k2);
        if (a == kNone || b == kNone) continue;
        TermGroup second;
        second.word = g.word.substr(cut);
        add_variant(second, b, opt.join_weight, VariantKind::kJoined, second.word);
        add_variant(g, a, opt.join_weight, VariantKind::kJoined, g.word.substr(0, cut));
        for (Variant& v : second.variants) v.idf = bm25_idf(index.doc_freq(v.term), index.live_docs());
        second.idf = second.variants[0].idf;
        plan.groups.push_back(std::move(second));
        break;
      }
    }
    for (Variant& v : g.variants) {
      v.idf = bm25_idf(index.doc_freq(v.term), index.live_docs());
      g.idf = std::max(g.idf, v.idf);
    }
    if (g.variants.empty()) g.idf = bm25_idf(0, index.live_docs());  // unmatched words still count against coverage
    plan.groups.push_back(std::move(g));
  }
  return plan;
}

}  // namespace ss::search
