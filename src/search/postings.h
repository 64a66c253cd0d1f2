// Compact posting lists: per document, the gap to the previous document id as a varint,
// then one byte with the fields the term occurs in (bits 0-4) and a flag (bit 7) meaning
// "once in each of them"; without the flag, one varint term frequency per field follows.
// Most postings take two or three bytes.
#pragma once
#include <cstdint>
#include <algorithm>
#include <type_traits>
#include <vector>

namespace ss::search {

inline constexpr int kNumFields = 5;
enum Field : int { kTitle = 0, kBrand, kCategory, kDescription, kAttributes };
inline constexpr const char* kFieldNames[kNumFields] = {"title", "brand", "category", "description", "attributes"};

struct Posting {
  uint32_t doc = 0;
  uint8_t tf[kNumFields] = {};
};

inline void put_varint(std::vector<uint8_t>& out, uint32_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<uint8_t>(v | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<uint8_t>(v));
}

inline uint32_t get_varint(const uint8_t*& p) {
  uint32_t v = *p & 0x7F;
  int shift = 7;
  while (*p++ & 0x80) {
    v |= static_cast<uint32_t>(*p & 0x7F) << shift;
    shift += 7;
  }
  return v;
}

struct PostingList {
  std::vector<uint8_t> bytes;
  uint32_t last_doc = 0;
  uint32_t count = 0;  // postings, deleted documents included until compaction

  // Documents must be appended in increasing order.
  void append(const Posting& p) {
    put_varint(bytes, count == 0 ? p.doc : p.doc - last_doc);
    uint8_t mask = 0;
    bool ones = true;
    for (int f = 0; f < kNumFields; ++f)
      if (p.tf[f]) mask |= static_cast<uint8_t>(1u << f), ones &= p.tf[f] == 1;
    bytes.push_back(static_cast<uint8_t>(mask | (ones ? 0x80 : 0)));
    if (!ones)
      for (int f = 0; f < kNumFields; ++f)
        if (p.tf[f]) put_varint(bytes, p.tf[f]);
    last_doc = p.doc;
    ++count;
  }

  // The posting of `doc`, if any (a scan that stops at the first larger document).
  bool find(uint32_t doc, Posting& out) const {
    bool found = false;
    for_each([&](const Posting& p) {
      if (p.doc != doc) return p.doc < doc;
      out = p;
      found = true;
      return false;
    });
    return found;
  }

  // Calls f(const Posting&) for each posting in document order; if f returns bool, false
  // stops the scan.
  template <typename F>
  void for_each(F&& f) const {
    const uint8_t* p = bytes.data();
    const uint8_t* end = p + bytes.size();
    Posting post;
    uint32_t doc = 0;
    bool first = true;
    while (p < end) {
      const uint32_t gap = get_varint(p);
      doc = first ? gap : doc + gap;
      first = false;
      const uint8_t head = *p++;
      post.doc = doc;
      for (int k = 0; k < kNumFields; ++k) {
        if (!(head & (1u << k))) {
          post.tf[k] = 0;
          continue;
        }
        post.tf[k] = (head & 0x80) ? 1 : static_cast<uint8_t>(std::min<uint32_t>(255, get_varint(p)));
      }
      if constexpr (std::is_same_v<decltype(f(post)), bool>) {
        if (!f(post)) return;
      } else {
        f(post);
      }
    }
  }
};

}  // namespace ss::search
