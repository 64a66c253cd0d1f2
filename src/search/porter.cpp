// A direct transcription of Porter's algorithm (steps 1a-5b), working on a std::string.
#include "search/porter.h"

#include <cstring>

namespace ss::search {
namespace {

class Stemmer {
 public:
  explicit Stemmer(std::string& w) : b_(w), k_(static_cast<int>(w.size()) - 1) {}

  void run() {
    step1ab();
    if (k_ > 0) {
      step1c();
      step2();
      step3();
      step4();
      step5();
    }
    b_.resize(static_cast<size_t>(k_ + 1));
  }

 private:
  std::string& b_;
  int k_;      // end of the current word
  int j_ = 0;  // end of the stem before a matched suffix

  bool cons(int i) const {
    switch (b_[i]) {
      case 'a': case 'e': case 'i': case 'o': case 'u': return false;
      case 'y': return i == 0 ? true : !cons(i - 1);
      default: return true;
    }
  }
  // Number of vowel-consonant sequences in b_[0..j_].
  int m() const {
    int n = 0, i = 0;
    while (true) {
      if (i > j_) return n;
      if (!cons(i)) break;
      ++i;
    }
    ++i;
    while (true) {
      while (true) {
        if (i > j_) return n;
        if (cons(i)) break;
        ++i;
      }
      ++i;
      ++n;
      while (true) {
        if (i > j_) return n;
        if (!cons(i)) break;
        ++i;
      }
      ++i;
    }
  }
  bool vowel_in_stem() const {
    for (int i = 0; i <= j_; ++i)
      if (!cons(i)) return true;
    return false;
  }
  bool doublec(int j) const { return j >= 1 && b_[j] == b_[j - 1] && cons(j); }
  bool cvc(int i) const {
    if (i < 2 || !cons(i) || cons(i - 1) || !cons(i - 2)) return false;
    const char ch = b_[i];
    return !(ch == 'w' || ch == 'x' || ch == 'y');
  }
  bool ends(const char* s) {
    const int len = static_cast<int>(std::strlen(s));
    if (len > k_ + 1) return false;
    if (b_.compare(static_cast<size_t>(k_ - len + 1), static_cast<size_t>(len), s) != 0) return false;
    j_ = k_ - len;
    return true;
  }
  void setto(const char* s) {
    const int len = static_cast<int>(std::strlen(s));
    b_.replace(static_cast<size_t>(j_ + 1), static_cast<size_t>(k_ - j_), s);
    k_ = j_ + len;
  }
  void r(const char* s) {
    if (m() > 0) setto(s);
  }

  void step1ab() {
    if (b_[k_] == 's') {
      if (ends("sses")) k_ -= 2;
      else if (ends("ies")) setto("i");
      else if (b_[k_ - 1] != 's') --k_;
    }
    if (ends("eed")) {
      if (m() > 0) --k_;
    } else if ((ends("ed") || ends("ing")) && vowel_in_stem()) {
      k_ = j_;
      if (ends("at")) setto("ate");
      else if (ends("bl")) setto("ble");
      else if (ends("iz")) setto("ize");
      else if (doublec(k_)) {
        --k_;
        const char ch = b_[k_];
        if (ch == 'l' || ch == 's' || ch == 'z') ++k_;
      } else if (m() == 1 && cvc(k_)) {
        setto("e");
      }
    }
  }
  void step1c() {
    if (ends("y") && vowel_in_stem()) b_[k_] = 'i';
  }
  void step2() {
    if (k_ < 1) return;
    switch (b_[k_ - 1]) {
      case 'a': if (ends("ational")) { r("ate"); break; } if (ends("tional")) { r("tion"); break; } break;
      case 'c': if (ends("enci")) { r("ence"); break; } if (ends("anci")) { r("ance"); break; } break;
      case 'e': if (ends("izer")) { r("ize"); break; } break;
      case 'l': if (ends("bli")) { r("ble"); break; } if (ends("alli")) { r("al"); break; }
                if (ends("entli")) { r("ent"); break; } if (ends("eli")) { r("e"); break; }
                if (ends("ousli")) { r("ous"); break; } break;
      case 'o': if (ends("ization")) { r("ize"); break; } if (ends("ation")) { r("ate"); break; }
                if (ends("ator")) { r("ate"); break; } break;
      case 's': if (ends("alism")) { r("al"); break; } if (ends("iveness")) { r("ive"); break; }
                if (ends("fulness")) { r("ful"); break; } if (ends("ousness")) { r("ous"); break; } break;
      case 't': if (ends("aliti")) { r("al"); break; } if (ends("iviti")) { r("ive"); break; }
                if (ends("biliti")) { r("ble"); break; } break;
      case 'g': if (ends("logi")) { r("log"); break; } break;
      default: break;
    }
  }
  void step3() {
    switch (b_[k_]) {
      case 'e': if (ends("icate")) { r("ic"); break; } if (ends("ative")) { r(""); break; }
                if (ends("alize")) { r("al"); break; } break;
      case 'i': if (ends("iciti")) { r("ic"); break; } break;
      case 'l': if (ends("ical")) { r("ic"); break; } if (ends("ful")) { r(""); break; } break;
      case 's': if (ends("ness")) { r(""); break; } break;
      default: break;
    }
  }
  void step4() {
    // Order matters where suffixes nest ("ement" before "ment" before "ent").
    static constexpr const char* kSuffixes[] = {"al",  "ance", "ence", "er",  "ic",  "able", "ible",
                                                "ant", "ement", "ment", "ent", "ion", "ou",  "ism",
                                                "ate", "iti",  "ous",  "ive", "ize"};
    if (k_ < 1) return;
    for (const char* suffix : kSuffixes) {
      if (!ends(suffix)) continue;
      if (suffix[0] == 'i' && suffix[1] == 'o' && !(j_ >= 0 && (b_[j_] == 's' || b_[j_] == 't'))) continue;
      if (m() > 1) k_ = j_;
      return;
    }
  }
  void step5() {
    j_ = k_;
    if (b_[k_] == 'e') {
      const int a = m();
      if (a > 1 || (a == 1 && !cvc(k_ - 1))) --k_;
    }
    if (b_[k_] == 'l' && doublec(k_) && m() > 1) --k_;
  }
};

}  // namespace

void porter_stem(std::string& word) {
  if (word.size() <= 2) return;
  for (char c : word)
    if (c < 'a' || c > 'z') return;
  Stemmer(word).run();
}

}  // namespace ss::search
