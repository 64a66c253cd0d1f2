// Converters turn one parsed record (its fields) into events and catalogue entries. Each
// is a plain class (no virtual calls in the row loop): the driver is a template over them.
//   on_header(fields or nullptr)  resolves columns; throws ss::Error if required ones are missing
//   convert(fields)               adds events through the RowParser, or records a rejection
#pragma once
#include <array>
#include <string_view>
#include <vector>

#include "io/row_parser.h"
#include "io/taobao_lines.h"

namespace ss::io {

using Fields = std::vector<std::string_view>;

// A column per event field (by index or header name): the generic reader, and the
// shopsense, taobao and movielens presets. Also used for JSON Lines through convert_values.
class MappedConverter {
 public:
  explicit MappedConverter(RowParser& p) : p_(p) {}
  void on_header(const Fields* header, size_t first_row_columns);
  void convert(const Fields& f);
  // Values per Field (empty = absent), as a JSON Lines object gives them.
  void convert_values(const std::array<std::string_view, kNumFields>& v);

 private:
  RowParser& p_;
  std::array<int, kNumFields> col_{};
  size_t expected_columns_ = 0;
  std::array<std::string_view, kNumFields> values_{};
};

// Taobao UserBehavior (user,item,category,pv|fav|cart|buy,unix seconds; no header): the
// fast path for the ingest benchmark, with the category on the event and in a derived
// catalogue entry for each new item.
class TaobaoConverter {
 public:
  explicit TaobaoConverter(RowParser& p) : p_(p) {}
  void on_header(const Fields* header, size_t first_row_columns);
  void convert(const Fields& f);
  // A row parsed ahead (taobao_lines.h, not `slow`): the same events, ids and catalogue
  // entries as convert() gives its line.
  void convert(const TaobaoRow& row);

 private:
  RowParser& p_;
};

// UCI Online Retail: invoice lines are purchases, 'C' invoices (negative quantity) returns;
// lines without CustomerID rejected (or kept as "anonymous"); StockCode/Description/price
// become catalogue entries; the invoice number goes into the session column (baskets).
class OnlineRetailConverter {
 public:
  explicit OnlineRetailConverter(RowParser& p) : p_(p) {}
  void on_header(const Fields* header, size_t first_row_columns);
  void convert(const Fields& f);

 private:
  RowParser& p_;
  int invoice_ = 0, stock_ = 1, desc_ = 2, qty_ = 3, date_ = 4, price_ = 5, customer_ = 6, country_ = 7;
  size_t columns_ = 8;
};

// DIGINETICA views (session_id;user_id;item_id;timeframe;eventdate) and purchases
// (sessionId;userId;timeframe;eventdate;ordernumber;itemId), told apart by the header.
// Time = eventdate + timeframe (ms since the session started). "NA" users become one
// anonymous user per session ("anon:<session>").
class DigineticaConverter {
 public:
  explicit DigineticaConverter(RowParser& p) : p_(p) {}
  void on_header(const Fields* header, size_t first_row_columns);
  void convert(const Fields& f);

 private:
  RowParser& p_;
  int session_ = -1, user_ = -1, item_ = -1, timeframe_ = -1, date_ = -1, order_ = -1;
  size_t columns_ = 0;
  Behavior behavior_ = Behavior::kView;
  std::string anon_;
};

// S3-Rec / ICLRec sequences: "user item1 item2 ..." per line, in order, no times. Events get
// increasing synthetic timestamps (one second apart from options.sequence_start_ms).
class SequenceConverter {
 public:
  explicit SequenceConverter(RowParser& p) : p_(p) {}
  void on_header(const Fields* header, size_t first_row_columns);
  void convert(const Fields& f);

 private:
  RowParser& p_;
};

}  // namespace ss::io
