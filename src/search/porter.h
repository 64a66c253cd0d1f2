// The Porter (1980) English stemmer: "running" -> "run", "drills" -> "drill". Light and
// rule-based, so it costs well under a microsecond per word and needs no dictionary.
#pragma once
#include <string>

namespace ss::search {

// Stems a lower-case ASCII word in place. Words of up to two letters, and words with any
// character outside a-z, are left as they are.
void porter_stem(std::string& word);

}  // namespace ss::search
