// The inverted index over the catalogue: one posting list per index term (stem) with
// per-field term frequencies, per-document field lengths for BM25F, and the document
// attributes that filters, facets and sorting need.
//
// Updates are incremental: an upsert tombstones the item's old document and appends a new
// one (posting lists stay sorted because document ids only grow); compact() drops the
// tombstones, renumbers documents and rewrites the posting lists, and runs by itself once a
// quarter of the documents are dead. sync() makes the index follow a catalogue, touching
// only the items whose content hash changed.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/catalogue.h"
#include "search/postings.h"
#include "search/tokenizer.h"
#include "search/vocabulary.h"

namespace ss::search {

struct DocInfo {
  uint32_t item = kNone;
  uint32_t category = kNone, brand = kNone;
  float price = kNoValue;
  int64_t created_ms = kNoTime;
  bool in_stock = true;
  bool live = true;
  uint8_t len[kNumFields] = {};   // tokens per field, capped at 255
  uint32_t attr_begin = 0, attr_end = 0;  // range in attrs()
  uint64_t hash = 0;              // content hash, to skip unchanged items in sync()
};

struct AttrPair {
  uint32_t key = 0, value = 0;  // ids in attr_keys() / attr_values()
};

// A small string <-> id table for attribute keys and values.
class NameTable {
 public:
  uint32_t intern(std::string_view s);
  uint32_t find(std::string_view s) const;  // kNone if absent
  const std::string& name(uint32_t id) const { return names_[id]; }
  size_t size() const { return names_.size(); }

 private:
  std::vector<std::string> names_;
  std::unordered_map<std::string, uint32_t> ids_;
};

struct IndexStats {
  size_t live_docs = 0, dead_docs = 0, terms = 0, words = 0, posting_bytes = 0;
  size_t memory_bytes = 0;  // approximate heap use of the whole index
};

class SearchIndex {
 public:
  // Adds or replaces the item; brand and category names come from `dicts`.
  void upsert(const CatalogueItem& item, const Dictionaries& dicts);
  bool remove(uint32_t item);
  // Brings the index in line with `catalogue`: upserts new and changed items, removes
  // items no longer there. Returns the number of documents touched.
  size_t sync(const Catalogue& catalogue, const Dictionaries& dicts);
  // Adds a bare document from plain text fields (e.g. a product title file).
  void add_text(uint32_t item, std::string_view title, std::string_view description = {});
  void compact();

  void save(const std::string& path) const;
  static SearchIndex load(const std::string& path);

  // --- read side, used by the searcher ---
  uint32_t num_docs() const { return static_cast<uint32_t>(docs_.size()); }
  uint32_t live_docs() const { return live_; }
  const DocInfo& doc(uint32_t d) const { return docs_[d]; }
  // The document's field lengths then a dead flag: kNumFields + 1 bytes, packed for the
  // scoring loop (DocInfo is too wide to stream through the cache).
  const uint8_t* lengths(uint32_t d) const { return &lengths_[static_cast<size_t>(d) * (kNumFields + 1)]; }
  uint32_t doc_of_item(uint32_t item) const { return item < doc_of_item_.size() ? doc_of_item_[item] : kNone; }
  const std::vector<AttrPair>& attrs() const { return attrs_; }
  const NameTable& attr_keys() const { return attr_keys_; }
  const NameTable& attr_values() const { return attr_values_; }
  const Vocabulary& vocabulary() const { return vocab_; }
  // Term id of an index term (stem), kNone if absent.
  uint32_t term(std::string_view stem) const;
  const std::string& term_text(uint32_t t) const { return term_text_[t]; }
  const PostingList& postings(uint32_t t) const { return postings_[t]; }
  uint32_t doc_freq(uint32_t t) const { return postings_[t].count; }
  double avg_len(int field) const { return live_ ? static_cast<double>(len_sum_[field]) / live_ : 0.0; }
  IndexStats stats() const;

 private:
  std::vector<DocInfo> docs_;
  std::vector<uint8_t> lengths_;  // see lengths()
  std::vector<uint32_t> doc_of_item_;
  std::vector<AttrPair> attrs_;
  NameTable attr_keys_, attr_values_;
  Vocabulary vocab_;
  std::vector<std::string> term_text_;
  std::unordered_map<std::string, uint32_t> term_ids_;
  std::vector<PostingList> postings_;
  uint64_t len_sum_[kNumFields] = {};
  uint32_t live_ = 0;
  // Scratch reused across upserts (indexing is single-threaded per index).
  Tokenizer tokenizer_;
  std::vector<std::string> words_;
  std::vector<std::pair<uint32_t, uint8_t>> hits_;  // (term, field)

  uint32_t word_term(std::string_view word);
  void add_field(std::string_view text, int field, DocInfo& info);
  void append_document(DocInfo info);
  void maybe_compact();
  void rebuild_lengths();
};

}  // namespace ss::search
