#include "search/synonyms.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "core/error.h"
#include "search/tokenizer.h"

namespace ss::search {
namespace {

std::vector<std::string> words_of(std::string_view list, Tokenizer& tok) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= list.size()) {
    size_t comma = list.find(',', start);
    if (comma == std::string_view::npos) comma = list.size();
    std::vector<std::string> w = tok.tokenize(list.substr(start, comma - start));
    if (w.size() == 1) out.push_back(std::move(w[0]));  // multi-word entries are not supported
    start = comma + 1;
  }
  return out;
}

}  // namespace

void Synonyms::add_equivalent(const std::vector<std::string>& words) {
  for (const std::string& a : words)
    for (const std::string& b : words)
      if (a != b && std::find(map_[a].begin(), map_[a].end(), b) == map_[a].end()) map_[a].push_back(b);
}

void Synonyms::add_one_way(const std::string& from, const std::vector<std::string>& to) {
  for (const std::string& b : to)
    if (b != from && std::find(map_[from].begin(), map_[from].end(), b) == map_[from].end()) map_[from].push_back(b);
}

const std::vector<std::string>& Synonyms::expand(const std::string& word) const {
  static const std::vector<std::string> kNoneFound;
  auto it = map_.find(word);
  return it == map_.end() ? kNoneFound : it->second;
}

Synonyms Synonyms::parse(std::string_view text) {
  Synonyms s;
  Tokenizer tok;
  std::istringstream in{std::string(text)};
  std::string line;
  while (std::getline(in, line)) {
    if (auto hash = line.find('#'); hash != std::string::npos) line.resize(hash);
    if (auto arrow = line.find("=>"); arrow != std::string::npos) {
      auto from = words_of(std::string_view(line).substr(0, arrow), tok);
      auto to = words_of(std::string_view(line).substr(arrow + 2), tok);
      for (const std::string& f : from) s.add_one_way(f, to);
    } else {
      auto words = words_of(line, tok);
      if (words.size() > 1) s.add_equivalent(words);
    }
  }
  return s;
}

Synonyms Synonyms::load(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Error("cannot read synonyms file " + path);
  std::stringstream buf;
  buf << in.rdbuf();
  return parse(buf.str());
}

}  // namespace ss::search
