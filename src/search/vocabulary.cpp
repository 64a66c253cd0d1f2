#include "search/vocabulary.h"

#include <algorithm>

namespace ss::search {

Vocabulary::Vocabulary() { nodes_.emplace_back(); }

uint32_t Vocabulary::child(uint32_t node, char c) const {
  for (uint32_t k = nodes_[node].first_child; k != UINT32_MAX; k = nodes_[k].next_sibling)
    if (nodes_[k].c == c) return k;
  return UINT32_MAX;
}

uint32_t Vocabulary::find(std::string_view word) const {
  auto it = ids_.find(word);
  return it == ids_.end() ? UINT32_MAX : it->second;
}

uint32_t Vocabulary::add(std::string_view word, uint32_t term) {
  auto [it, fresh] = ids_.try_emplace(std::string(word), static_cast<uint32_t>(words_.size()));
  if (!fresh) return it->second;
  words_.emplace_back(word);
  terms_.push_back(term);
  uint32_t node = 0;
  for (char c : word) {
    uint32_t next = child(node, c);
    if (next == UINT32_MAX) {
      next = static_cast<uint32_t>(nodes_.size());
      Node n;
      n.c = c;
      n.next_sibling = nodes_[node].first_child;
      nodes_.push_back(n);
      nodes_[node].first_child = next;
    }
    node = next;
  }
  nodes_[node].word = it->second;
  return it->second;
}

std::vector<WordMatch> Vocabulary::fuzzy(std::string_view query, int max_distance, size_t limit) const {
  const int n = static_cast<int>(query.size());
  std::vector<WordMatch> out;
  // rows[d] is the edit-distance row after consuming d trie characters; path[d-1] is the
  // d-th character, kept for the transposition rule.
  std::vector<std::vector<int>> rows(1, std::vector<int>(static_cast<size_t>(n + 1)));
  for (int j = 0; j <= n; ++j) rows[0][static_cast<size_t>(j)] = j;
  std::string path;
  struct Frame {
    uint32_t node;
    int depth;
  };
  std::vector<Frame> stack;
  for (uint32_t k = nodes_[0].first_child; k != UINT32_MAX; k = nodes_[k].next_sibling) stack.push_back({k, 1});
  while (!stack.empty()) {
    const Frame f = stack.back();
    stack.pop_back();
    const Node& node = nodes_[f.node];
    const size_t d = static_cast<size_t>(f.depth);
    path.resize(d);
    path[d - 1] = node.c;
    if (rows.size() <= d) rows.emplace_back(static_cast<size_t>(n + 1));
    std::vector<int>& row = rows[d];
    const std::vector<int>& prev = rows[d - 1];
    row[0] = f.depth;
    int best = row[0];
    for (int j = 1; j <= n; ++j) {
      const size_t u = static_cast<size_t>(j);
      const int cost = query[u - 1] == node.c ? 0 : 1;
      int v = std::min({prev[u] + 1, row[u - 1] + 1, prev[u - 1] + cost});
      if (d >= 2 && j >= 2 && node.c == query[u - 2] && path[d - 2] == query[u - 1])
        v = std::min(v, rows[d - 2][u - 2] + 1);
      row[u] = v;
      best = std::min(best, v);
    }
    if (best > max_distance) continue;
    if (node.word != UINT32_MAX && row[static_cast<size_t>(n)] <= max_distance && row[static_cast<size_t>(n)] > 0)
      out.push_back({node.word, row[static_cast<size_t>(n)]});
    for (uint32_t k = node.first_child; k != UINT32_MAX; k = nodes_[k].next_sibling) stack.push_back({k, f.depth + 1});
  }
  std::sort(out.begin(), out.end(), [](const WordMatch& a, const WordMatch& b) {
    return a.distance != b.distance ? a.distance < b.distance : a.word < b.word;
  });
  if (out.size() > limit) out.resize(limit);
  return out;
}

std::vector<uint32_t> Vocabulary::with_prefix(std::string_view prefix, size_t max_visit) const {
  uint32_t node = 0;
  for (char c : prefix) {
    node = child(node, c);
    if (node == UINT32_MAX) return {};
  }
  std::vector<uint32_t> out, stack{node};
  size_t visited = 0;
  while (!stack.empty() && visited++ < max_visit) {
    const uint32_t k = stack.back();
    stack.pop_back();
    if (nodes_[k].word != UINT32_MAX) out.push_back(nodes_[k].word);
    for (uint32_t c = nodes_[k].first_child; c != UINT32_MAX; c = nodes_[c].next_sibling) stack.push_back(c);
  }
  return out;
}

}  // namespace ss::search
