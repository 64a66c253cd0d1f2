// Synonyms from a plain text file, one rule per line:
//   tv, television, telly      words that mean the same (each expands to the others)
//   sofa => couch, settee      one-way: a query for "sofa" also finds couches
// '#' starts a comment. Words are normalised like catalogue text; rules are single words.
#pragma once
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace ss::search {

class Synonyms {
 public:
  static Synonyms load(const std::string& path);
  static Synonyms parse(std::string_view text);
  void add_equivalent(const std::vector<std::string>& words);
  void add_one_way(const std::string& from, const std::vector<std::string>& to);
  // The words a (normalised) query word also stands for; empty if none.
  const std::vector<std::string>& expand(const std::string& word) const;
  size_t size() const { return map_.size(); }

 private:
  std::unordered_map<std::string, std::vector<std::string>> map_;
};

}  // namespace ss::search
