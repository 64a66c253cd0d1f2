#include "search/index.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include <xxhash.h>

namespace ss::search {

uint32_t NameTable::intern(std::string_view s) {
  auto [it, fresh] = ids_.try_emplace(std::string(s), static_cast<uint32_t>(names_.size()));
  if (fresh) names_.emplace_back(s);
  return it->second;
}

uint32_t NameTable::find(std::string_view s) const {
  auto it = ids_.find(std::string(s));
  return it == ids_.end() ? kNone : it->second;
}

namespace {

uint64_t content_hash(const CatalogueItem& it) {
  XXH3_state_t* st = XXH3_createState();
  XXH3_64bits_reset(st);
  auto str = [&](const std::string& s) {
    XXH3_64bits_update(st, s.data(), s.size());
    XXH3_64bits_update(st, "\x1f", 1);
  };
  auto pod = [&](const auto& v) { XXH3_64bits_update(st, &v, sizeof v); };
  str(it.title);
  str(it.description);
  str(it.category_path);
  pod(it.category);
  pod(it.brand);
  pod(it.price);
  pod(it.created_ms);
  pod(it.in_stock);
  for (const auto& [k, v] : it.attributes) str(k), str(v);
  const uint64_t h = XXH3_64bits_digest(st);
  XXH3_freeState(st);
  return h;
}

}  // namespace

uint32_t SearchIndex::term(std::string_view stem) const {
  auto it = term_ids_.find(std::string(stem));
  return it == term_ids_.end() ? kNone : it->second;
}

uint32_t SearchIndex::word_term(std::string_view word) {
  const uint32_t w = vocab_.find(word);
  if (w != UINT32_MAX) return vocab_.term_of(w);
  std::string stem = stem_word(word);
  auto [it, fresh] = term_ids_.try_emplace(stem, static_cast<uint32_t>(term_text_.size()));
  if (fresh) {
    term_text_.push_back(std::move(stem));
    postings_.emplace_back();
  }
  vocab_.add(word, it->second);
  return it->second;
}

void SearchIndex::add_field(std::string_view text, int field, DocInfo& info) {
  words_.clear();
  tokenizer_.tokenize(text, words_);
  info.len[field] = static_cast<uint8_t>(std::min<size_t>(255, info.len[field] + words_.size()));
  for (const std::string& w : words_) hits_.emplace_back(word_term(w), static_cast<uint8_t>(field));
}

void SearchIndex::append_document(DocInfo info) {
  const uint32_t doc = static_cast<uint32_t>(docs_.size());
  std::sort(hits_.begin(), hits_.end());
  for (size_t i = 0; i < hits_.size();) {
    Posting p;
    p.doc = doc;
    const uint32_t t = hits_[i].first;
    for (; i < hits_.size() && hits_[i].first == t; ++i)
      if (p.tf[hits_[i].second] < 255) ++p.tf[hits_[i].second];
    postings_[t].append(p);
  }
  hits_.clear();
  for (int f = 0; f < kNumFields; ++f) len_sum_[f] += info.len[f];
  if (info.item != kNone) {
    if (doc_of_item_.size() <= info.item) doc_of_item_.resize(info.item + 1, kNone);
    doc_of_item_[info.item] = doc;
  }
  docs_.push_back(info);
  lengths_.insert(lengths_.end(), info.len, info.len + kNumFields);
  lengths_.push_back(0);
  ++live_;
}

void SearchIndex::upsert(const CatalogueItem& item, const Dictionaries& dicts) {
  remove(item.item);
  DocInfo info;
  info.item = item.item;
  info.category = item.category;
  info.brand = item.brand;
  info.price = item.price;
  info.created_ms = item.created_ms;
  info.in_stock = item.in_stock;
  info.hash = content_hash(item);
  hits_.clear();
  add_field(item.title, kTitle, info);
  if (item.brand != kNone && item.brand < dicts.brands.size()) add_field(dicts.brands.name(item.brand), kBrand, info);
  if (!item.category_path.empty()) add_field(item.category_path, kCategory, info);
  else if (item.category != kNone && item.category < dicts.categories.size())
    add_field(dicts.categories.name(item.category), kCategory, info);
  add_field(item.description, kDescription, info);
  info.attr_begin = static_cast<uint32_t>(attrs_.size());
  for (const auto& [k, v] : item.attributes) {
    attrs_.push_back({attr_keys_.intern(k), attr_values_.intern(v)});
    add_field(v, kAttributes, info);
  }
  info.attr_end = static_cast<uint32_t>(attrs_.size());
  append_document(info);
}

void SearchIndex::add_text(uint32_t item, std::string_view title, std::string_view description) {
  remove(item);
  DocInfo info;
  info.item = item;
  hits_.clear();
  add_field(title, kTitle, info);
  add_field(description, kDescription, info);
  info.attr_begin = info.attr_end = static_cast<uint32_t>(attrs_.size());
  append_document(info);
}

bool SearchIndex::remove(uint32_t item) {
  const uint32_t doc = doc_of_item(item);
  if (doc == kNone) return false;
  DocInfo& info = docs_[doc];
  info.live = false;
  lengths_[static_cast<size_t>(doc) * (kNumFields + 1) + kNumFields] = 1;
  for (int f = 0; f < kNumFields; ++f) len_sum_[f] -= info.len[f];
  doc_of_item_[item] = kNone;
  --live_;
  maybe_compact();
  return true;
}

size_t SearchIndex::sync(const Catalogue& catalogue, const Dictionaries& dicts) {
  size_t touched = 0;
  std::vector<bool> present;
  for (const CatalogueItem& it : catalogue.items()) {
    if (present.size() <= it.item) present.resize(it.item + 1, false);
    present[it.item] = true;
    const uint32_t doc = doc_of_item(it.item);
    if (doc != kNone && docs_[doc].hash == content_hash(it)) continue;
    upsert(it, dicts);
    ++touched;
  }
  for (uint32_t item = 0; item < doc_of_item_.size(); ++item) {
    if (doc_of_item_[item] == kNone || (item < present.size() && present[item])) continue;
    remove(item);
    ++touched;
  }
  return touched;
}

void SearchIndex::maybe_compact() {
  const size_t dead = docs_.size() - live_;
  if (dead > 1000 && dead * 4 > docs_.size()) compact();
}

void SearchIndex::compact() {
  std::vector<uint32_t> remap(docs_.size(), kNone);
  std::vector<DocInfo> docs;
  std::vector<AttrPair> attrs;
  docs.reserve(live_);
  for (uint32_t d = 0; d < docs_.size(); ++d) {
    if (!docs_[d].live) continue;
    remap[d] = static_cast<uint32_t>(docs.size());
    DocInfo info = docs_[d];
    info.attr_begin = static_cast<uint32_t>(attrs.size());
    attrs.insert(attrs.end(), attrs_.begin() + docs_[d].attr_begin, attrs_.begin() + docs_[d].attr_end);
    info.attr_end = static_cast<uint32_t>(attrs.size());
    docs.push_back(info);
  }
  for (PostingList& list : postings_) {
    PostingList fresh;
    list.for_each([&](const Posting& p) {
      if (remap[p.doc] == kNone) return;
      Posting q = p;
      q.doc = remap[p.doc];
      fresh.append(q);
    });
    fresh.bytes.shrink_to_fit();
    list = std::move(fresh);
  }
  for (uint32_t& d : doc_of_item_)
    if (d != kNone) d = remap[d];
  docs_ = std::move(docs);
  attrs_ = std::move(attrs);
  rebuild_lengths();
}

void SearchIndex::rebuild_lengths() {
  lengths_.clear();
  lengths_.reserve(docs_.size() * (kNumFields + 1));
  for (const DocInfo& d : docs_) {
    lengths_.insert(lengths_.end(), d.len, d.len + kNumFields);
    lengths_.push_back(d.live ? 0 : 1);
  }
}

IndexStats SearchIndex::stats() const {
  IndexStats s;
  s.live_docs = live_;
  s.dead_docs = docs_.size() - live_;
  s.terms = term_text_.size();
  s.words = vocab_.size();
  for (const PostingList& p : postings_) s.posting_bytes += p.bytes.capacity() + sizeof(PostingList);
  s.memory_bytes = s.posting_bytes + docs_.capacity() * sizeof(DocInfo) + lengths_.capacity() + doc_of_item_.capacity() * 4 +
                   attrs_.capacity() * sizeof(AttrPair);
  for (const std::string& t : term_text_) s.memory_bytes += sizeof(std::string) + t.capacity() + 48;
  // Vocabulary: words, their hash entries and about one trie node per character.
  for (uint32_t w = 0; w < vocab_.size(); ++w) s.memory_bytes += sizeof(std::string) + 52 + vocab_.word(w).size() * 16;
  return s;
}

}  // namespace ss::search
