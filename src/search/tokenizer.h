// Text -> normalised words, the same way for the catalogue and for queries.
//
// Normalisation: Unicode case folding, compatibility decomposition (full-width letters,
// ligatures) and removal of combining marks, so "Crème BRÛLÉE" -> "creme", "brulee".
// Word boundaries come from ICU's word BreakIterator, which segments Chinese and Japanese
// with its dictionary ("苹果手机壳" -> 苹果 / 手机 / 壳); pure ASCII text takes a fast path
// that splits on anything that is not a letter or digit (what the BreakIterator would do
// for it, at a tenth of the cost).
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace ss::search {

class Tokenizer {
 public:
  Tokenizer();
  ~Tokenizer();
  Tokenizer(Tokenizer&&) noexcept;
  Tokenizer& operator=(Tokenizer&&) noexcept;

  // Appends the normalised words of `text` to `out` (not stemmed). Not thread-safe: use
  // one Tokenizer per thread.
  void tokenize(std::string_view text, std::vector<std::string>& out);
  std::vector<std::string> tokenize(std::string_view text) {
    std::vector<std::string> out;
    tokenize(text, out);
    return out;
  }

 private:
  struct Icu;
  std::unique_ptr<Icu> icu_;  // created on the first non-ASCII text
  void tokenize_unicode(std::string_view text, std::vector<std::string>& out);
};

// The index term of a normalised word: Porter stem for ASCII letters, the word itself
// otherwise (CJK words, numbers, mixed tokens like "2x4").
std::string stem_word(std::string_view word);

// Number of Unicode code points in a UTF-8 string.
size_t utf8_length(std::string_view s);

}  // namespace ss::search
