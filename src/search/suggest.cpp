#include "search/suggest.h"

#include <algorithm>
#include <unordered_map>

#include "search/tokenizer.h"

namespace ss::search {
namespace {

std::string normalise(std::string_view q, Tokenizer& tok) {
  std::string out;
  for (const std::string& w : tok.tokenize(q)) out += (out.empty() ? "" : " ") + w;
  return out;
}

}  // namespace

QuerySuggester::QuerySuggester(const EventTable& e, const Dictionary& queries, int64_t until_ms) {
  if (!e.has_query()) return;
  std::vector<uint32_t> count(queries.size(), 0);
  for (size_t i = 0; i < e.size(); ++i)
    if (e.type[i] == Behavior::kSearch && e.query[i] < count.size() && e.ts_ms[i] < until_ms) ++count[e.query[i]];
  Tokenizer tok;
  std::unordered_map<std::string, uint32_t> merged;
  for (uint32_t q = 0; q < count.size(); ++q)
    if (count[q]) merged[normalise(queries.name(q), tok)] += count[q];
  for (auto& [q, n] : merged)
    if (!q.empty()) entries_.push_back({q, n});
  finish();
}

void QuerySuggester::add(std::string_view query, uint32_t count) {
  Tokenizer tok;
  std::string q = normalise(query, tok);
  if (q.empty()) return;
  for (Suggestion& s : entries_)
    if (s.query == q) {
      s.count += count;
      return;
    }
  entries_.push_back({std::move(q), count});
  finish();
}

void QuerySuggester::finish() {
  std::sort(entries_.begin(), entries_.end(), [](const Suggestion& a, const Suggestion& b) { return a.query < b.query; });
}

std::vector<Suggestion> QuerySuggester::suggest(std::string_view prefix, size_t k) const {
  Tokenizer tok;
  std::string p = normalise(prefix, tok);
  if (!prefix.empty() && prefix.back() == ' ' && !p.empty()) p.push_back(' ');
  auto lo = std::lower_bound(entries_.begin(), entries_.end(), p,
                             [](const Suggestion& s, const std::string& v) { return s.query < v; });
  std::vector<Suggestion> out;
  for (auto it = lo; it != entries_.end() && it->query.compare(0, p.size(), p) == 0; ++it) out.push_back(*it);
  std::stable_sort(out.begin(), out.end(), [](const Suggestion& a, const Suggestion& b) { return a.count > b.count; });
  if (out.size() > k) out.resize(k);
  return out;
}

}  // namespace ss::search
