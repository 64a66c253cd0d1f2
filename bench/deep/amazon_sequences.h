// Reads an Amazon "user item1 item2 ..." file (the S3-Rec files in shared/data/amazon) into
// per-user item sequences, interning users and items in file order, so two programs (or a
// saved model and the program loading it) that read the same file agree on every id.
#pragma once
#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/behavior.h"
#include "core/catalogue.h"
#include "core/error.h"

namespace ss::bench {

inline std::vector<std::vector<uint32_t>> read_amazon_sequences(const std::string& path, Dataset& shop) {
  std::ifstream in(path);
  if (!in) throw Error("cannot read " + path);
  std::vector<std::vector<uint32_t>> seqs;
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream ls(line);
    std::string user, item;
    if (!(ls >> user)) continue;
    const uint32_t u = shop.dicts.users.intern(user);
    seqs.resize(shop.dicts.users.size());
    while (ls >> item) seqs[u].push_back(shop.dicts.items.intern(item));
  }
  return seqs;
}

// Every user's items but the last `held_out` ones, as purchase events one minute apart.
inline EventTable training_events(const std::vector<std::vector<uint32_t>>& seqs, size_t held_out) {
  EventTable train;
  for (uint32_t u = 0; u < seqs.size(); ++u)
    for (size_t j = 0; j + held_out < seqs[u].size(); ++j)
      train.push_back({.user = u, .item = seqs[u][j], .ts_ms = int64_t(j) * 60000, .type = Behavior::kPurchase});
  return train;
}

}  // namespace ss::bench
