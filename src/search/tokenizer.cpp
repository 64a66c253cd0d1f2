#include "search/tokenizer.h"

#include <cctype>

#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include "core/error.h"
#include "search/porter.h"

namespace ss::search {

struct Tokenizer::Icu {
  std::unique_ptr<icu::BreakIterator> words;
  const icu::Normalizer2* nfkd = nullptr;
  Icu() {
    UErrorCode status = U_ZERO_ERROR;
    words.reset(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
    if (U_FAILURE(status)) throw Error(std::string("ICU word break iterator: ") + u_errorName(status));
    nfkd = icu::Normalizer2::getNFKDInstance(status);
    if (U_FAILURE(status)) throw Error(std::string("ICU NFKD normaliser: ") + u_errorName(status));
  }
};

Tokenizer::Tokenizer() = default;
Tokenizer::~Tokenizer() = default;
Tokenizer::Tokenizer(Tokenizer&&) noexcept = default;
Tokenizer& Tokenizer::operator=(Tokenizer&&) noexcept = default;

void Tokenizer::tokenize(std::string_view text, std::vector<std::string>& out) {
  bool ascii = true;
  for (unsigned char c : text)
    if (c >= 0x80) {
      ascii = false;
      break;
    }
  if (!ascii) return tokenize_unicode(text, out);
  size_t i = 0;
  const size_t n = text.size();
  while (i < n) {
    while (i < n && !std::isalnum(static_cast<unsigned char>(text[i]))) ++i;
    if (i == n) break;
    std::string& w = out.emplace_back();
    while (i < n && std::isalnum(static_cast<unsigned char>(text[i])))
      w.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(text[i++]))));
  }
}

void Tokenizer::tokenize_unicode(std::string_view text, std::vector<std::string>& out) {
  if (!icu_) icu_ = std::make_unique<Icu>();
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString s = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  s.foldCase();
  icu::UnicodeString decomposed = icu_->nfkd->normalize(s, status);
  if (U_FAILURE(status)) return;
  // Drop combining marks (accents); keep everything else.
  icu::UnicodeString folded;
  for (int32_t i = 0; i < decomposed.length();) {
    const UChar32 c = decomposed.char32At(i);
    if (u_charType(c) != U_NON_SPACING_MARK) folded.append(c);
    i += U16_LENGTH(c);
  }
  icu_->words->setText(folded);
  int32_t start = icu_->words->first();
  for (int32_t end = icu_->words->next(); end != icu::BreakIterator::DONE; start = end, end = icu_->words->next()) {
    if (icu_->words->getRuleStatus() == UBRK_WORD_NONE) continue;  // spaces, punctuation
    std::string w;
    folded.tempSubStringBetween(start, end).toUTF8String(w);
    out.push_back(std::move(w));
  }
}

std::string stem_word(std::string_view word) {
  std::string w(word);
  porter_stem(w);  // leaves anything that is not plain a-z alone
  return w;
}

size_t utf8_length(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace ss::search
