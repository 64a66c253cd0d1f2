#include "io/converters.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"
#include "core/timeutil.h"
#include "io/text.h"

namespace ss::io {
namespace {

// Column of `spec` (an index or a header name); -1 when unmapped. Throws when a name is
// not in the header.
int resolve(const std::string& spec, const Fields* header, std::string_view field) {
  if (spec.empty()) return -1;
  if (auto n = parse_int(spec); n && *n >= 0) return static_cast<int>(*n);
  if (!header)
    throw Error("column '" + spec + "' for " + std::string(field) +
                " is a name, but the file has no header: give a 0-based index, or --header");
  const std::string want = normalize_name(spec);
  for (size_t i = 0; i < header->size(); ++i)
    if (normalize_name((*header)[i]) == want) return static_cast<int>(i);
  std::string have;
  for (auto h : *header) have += (have.empty() ? "" : ", ") + std::string(h);
  throw Error("no column '" + spec + "' for " + std::string(field) + " in the header (" + have + ")");
}

int find_column(const Fields& header, std::initializer_list<std::string_view> names) {
  for (size_t i = 0; i < header.size(); ++i) {
    const std::string h = normalize_name(header[i]);
    for (auto n : names)
      if (h == n) return static_cast<int>(i);
  }
  return -1;
}

// Guesses the column of each field from common header names.
void auto_map(const Fields& header, std::array<std::string, kNumFields>& cols) {
  static const std::array<std::initializer_list<std::string_view>, kNumFields> kNames = {{
      {"userid", "user", "customerid", "visitorid", "uid", "clientid"},
      {"itemid", "item", "productid", "product", "sku", "movieid", "iid", "stockcode"},
      {"behavior", "behaviour", "event", "eventtype", "type", "behaviortype", "action"},
      {"timestamp", "ts", "time", "eventtime", "datetime", "date", "createdat"},
      {"sessionid", "session"},
      {"query", "searchquery", "searchterm"},
      {"category", "categoryid", "categorycode"},
      {"quantity", "qty"},
      {"price", "unitprice"},
      {"value", "rating", "weight", "score"},
      {"ref", "recid", "recommendationid", "requestid"},
      {"context"},
  }};
  for (size_t f = 0; f < kNumFields; ++f) {
    if (!cols[f].empty()) continue;
    const int c = find_column(header, kNames[f]);
    if (c >= 0) cols[f] = std::to_string(c);
  }
}

}  // namespace

void MappedConverter::on_header(const Fields* header, size_t first_row_columns) {
  std::array<std::string, kNumFields> cols = p_.opt.columns;
  if (header && p_.opt.preset == Preset::kGeneric) auto_map(*header, cols);
  for (size_t f = 0; f < kNumFields; ++f) col_[f] = resolve(cols[f], header, kFieldNames[f]);
  auto need = [&](Field f, const char* hint) {
    if (col_[static_cast<size_t>(f)] < 0)
      throw Error("no " + std::string(kFieldNames[static_cast<size_t>(f)]) + " column: " + hint);
  };
  need(Field::kUser, "map one with --columns user=N|NAME");
  need(Field::kItem, "map one with --columns item=N|NAME");
  need(Field::kTime, "map one with --columns timestamp=N|NAME");
  if (!p_.opt.behavior) need(Field::kBehavior, "map one with --columns behavior=N|NAME, or set --behavior NAME");
  expected_columns_ = header ? header->size() : first_row_columns;
  for (int c : col_) expected_columns_ = std::max<size_t>(expected_columns_, static_cast<size_t>(c + 1));
}

void MappedConverter::convert(const Fields& f) {
  if (f.size() != expected_columns_) {
    p_.reject(Reject::kColumnCount,
              "expected " + std::to_string(expected_columns_) + " columns, found " + std::to_string(f.size()));
    return;
  }
  for (size_t k = 0; k < kNumFields; ++k) values_[k] = col_[k] >= 0 ? f[static_cast<size_t>(col_[k])] : std::string_view{};
  convert_values(values_);
}

void MappedConverter::convert_values(const std::array<std::string_view, kNumFields>& v) {
  auto get = [&](Field f) { return trim(v[static_cast<size_t>(f)]); };
  EventRow r;
  if (!v[static_cast<size_t>(Field::kBehavior)].empty() || !p_.opt.behavior) {
    if (!p_.behavior(get(Field::kBehavior), r.type)) return;
  } else {
    r.type = *p_.opt.behavior;
  }
  if (!p_.time(get(Field::kTime), p_.opt.time_unit, r.ts_ms)) return;
  std::string_view user = get(Field::kUser), item = get(Field::kItem);
  if (user.empty()) {
    if (!p_.opt.keep_anonymous) return p_.reject(Reject::kMissingId, "empty user id");
    user = "anonymous";
    ++p_.report.anonymous_rows;
  }
  if (item.empty() && r.type != Behavior::kSearch) return p_.reject(Reject::kMissingId, "empty item id");
  if (!p_.number(get(Field::kQuantity), "unparsable quantity", r.quantity)) return;
  if (!p_.number(get(Field::kPrice), "unparsable price", r.price)) return;
  if (!p_.number(get(Field::kValue), "unparsable value", r.value)) return;
  r.user = p_.users(user);
  if (!item.empty()) r.item = p_.items(item);
  if (auto s = get(Field::kSession); !s.empty()) r.session = RowParser::session_id(s);
  if (auto q = get(Field::kQuery); !q.empty()) r.query = p_.dicts.queries.intern(q);
  if (auto c = get(Field::kCategory); !c.empty()) {
    r.category = p_.categories(c);
    if (r.item != kNone && p_.wants_catalogue_entry(r.item)) {
      CatalogueItem it;
      it.item = r.item;
      it.category = r.category;
      it.category_path = c;
      p_.add_item(std::move(it));
    }
  }
  if (auto x = get(Field::kRef); !x.empty()) r.ref = p_.dicts.refs.intern(x);
  if (auto x = get(Field::kContext); !x.empty()) r.context = p_.dicts.contexts.intern(x);
  p_.add(r);
  ++p_.report.rows_accepted;
}

void TaobaoConverter::on_header(const Fields* header, size_t) {
  if (header) throw Error("the taobao preset reads files without a header line (use --no-header or the generic reader)");
}

void TaobaoConverter::convert(const Fields& f) {
  if (f.size() != 5) {
    return p_.reject(Reject::kColumnCount, "expected 5 columns, found " + std::to_string(f.size()));
  }
  EventRow r;
  const std::string_view t = f[3];
  if (!p_.opt.behavior_map.empty() || !(t == "pv"   ? (r.type = Behavior::kView, true)
                                         : t == "buy"  ? (r.type = Behavior::kPurchase, true)
                                         : t == "cart" ? (r.type = Behavior::kAddToCart, true)
                                         : t == "fav"  ? (r.type = Behavior::kFavorite, true)
                                                       : false)) {
    if (!p_.behavior(t, r.type)) return;
  }
  if (!p_.time(f[4], TimeUnit::kSeconds, r.ts_ms)) return;
  const std::string_view user = trim(f[0]), item = trim(f[1]), cat = trim(f[2]);
  if (user.empty() || item.empty()) return p_.reject(Reject::kMissingId, "empty user or item id");
  r.user = p_.users(user);
  r.item = p_.items(item);
  if (!cat.empty()) {
    r.category = p_.categories(cat);
    if (p_.wants_catalogue_entry(r.item)) {
      CatalogueItem it;
      it.item = r.item;
      it.category = r.category;
      it.category_path = cat;
      p_.add_item(std::move(it));
    }
  }
  p_.add(r);
  ++p_.report.rows_accepted;
}

void TaobaoConverter::convert(const TaobaoRow& row) {
  EventRow r;
  r.type = row.type;
  r.ts_ms = row.ts_ms;
  r.user = p_.users.number(row.user);
  r.item = p_.items.number(row.item);
  r.category = p_.categories.number(row.category);
  if (p_.wants_catalogue_entry(r.item)) {
    CatalogueItem it;
    it.item = r.item;
    it.category = r.category;
    it.category_path = std::to_string(row.category);  // the canonical text it was parsed from
    p_.add_item(std::move(it));
  }
  p_.add(r);
  ++p_.report.rows_accepted;
}

void OnlineRetailConverter::on_header(const Fields* header, size_t first_row_columns) {
  if (!header) return;  // the standard column order
  auto col = [&](std::initializer_list<std::string_view> names, const char* what) {
    const int c = find_column(*header, names);
    if (c < 0) throw Error(std::string("online-retail: no ") + what + " column in the header");
    return c;
  };
  invoice_ = col({"invoiceno", "invoice"}, "InvoiceNo");
  stock_ = col({"stockcode"}, "StockCode");
  desc_ = col({"description"}, "Description");
  qty_ = col({"quantity"}, "Quantity");
  date_ = col({"invoicedate"}, "InvoiceDate");
  price_ = col({"unitprice", "price"}, "UnitPrice");
  customer_ = col({"customerid", "customerid"}, "CustomerID");
  country_ = find_column(*header, {"country"});
  columns_ = header->size();
}

void OnlineRetailConverter::convert(const Fields& f) {
  if (f.size() != columns_) {
    return p_.reject(Reject::kColumnCount,
                     "expected " + std::to_string(columns_) + " columns, found " + std::to_string(f.size()));
  }
  auto at = [&](int c) { return trim(f[static_cast<size_t>(c)]); };
  const std::string_view invoice = at(invoice_), stock = at(stock_);
  if (invoice.empty() || stock.empty()) return p_.reject(Reject::kMissingId, "empty InvoiceNo or StockCode");
  EventRow r;
  auto qty = parse_double(at(qty_));
  if (!qty || !std::isfinite(*qty)) return p_.reject(Reject::kBadNumber, "unparsable Quantity", at(qty_));
  if (!p_.number(at(price_), "unparsable UnitPrice", r.price)) return;
  if (!p_.time(at(date_), TimeUnit::kDateTime, r.ts_ms)) return;
  std::string_view customer = at(customer_);
  if (customer.empty()) {
    if (!p_.opt.keep_anonymous) return p_.reject(Reject::kNoCustomer, "no CustomerID (keep with --keep-anonymous)");
    customer = "anonymous";
    ++p_.report.anonymous_rows;
  } else if (customer.size() > 2 && customer.substr(customer.size() - 2) == ".0") {
    customer.remove_suffix(2);  // 17850.0 -> 17850, the same customer as "17850"
  }
  // Cancellations ('C' invoices) and negative quantities are goods coming back.
  const bool back = invoice[0] == 'C' || invoice[0] == 'c' || *qty < 0;
  r.type = back ? Behavior::kReturn : Behavior::kPurchase;
  r.quantity = static_cast<float>(*qty < 0 ? -*qty : *qty);
  if (back) ++p_.report.returns;
  r.user = p_.users(customer);
  r.item = p_.items(stock);
  r.session = RowParser::session_id(invoice);
  if (country_ >= 0 && !at(country_).empty()) {
    std::string ctx = "country=";
    ctx += at(country_);
    r.context = p_.dicts.contexts.intern(ctx);
  }
  if (p_.wants_catalogue_entry(r.item)) {
    CatalogueItem it;
    it.item = r.item;
    it.title = at(desc_);
    if (r.price > 0) it.price = r.price;
    p_.add_item(std::move(it));
  }
  p_.add(r);
  ++p_.report.rows_accepted;
}

void DigineticaConverter::on_header(const Fields* header, size_t) {
  if (!header) throw Error("diginetica files start with a header (session_id;user_id;item_id;timeframe;eventdate)");
  session_ = find_column(*header, {"sessionid"});
  user_ = find_column(*header, {"userid"});
  item_ = find_column(*header, {"itemid"});
  timeframe_ = find_column(*header, {"timeframe"});
  date_ = find_column(*header, {"eventdate"});
  order_ = find_column(*header, {"ordernumber"});
  if (session_ < 0 || user_ < 0 || item_ < 0 || timeframe_ < 0 || date_ < 0)
    throw Error("diginetica: the header needs sessionId, userId, itemId, timeframe and eventdate columns");
  behavior_ = order_ >= 0 ? Behavior::kPurchase : Behavior::kView;
  if (p_.opt.behavior) behavior_ = *p_.opt.behavior;
  columns_ = header->size();
}

void DigineticaConverter::convert(const Fields& f) {
  if (f.size() != columns_) {
    return p_.reject(Reject::kColumnCount,
                     "expected " + std::to_string(columns_) + " columns, found " + std::to_string(f.size()));
  }
  auto at = [&](int c) { return trim(f[static_cast<size_t>(c)]); };
  const std::string_view session = at(session_), item = at(item_);
  std::string_view user = at(user_);
  if (session.empty() || item.empty()) return p_.reject(Reject::kMissingId, "empty session or item id");
  auto frame = parse_int(at(timeframe_));
  // A session lasts hours, not years: anything else is a broken number (and no overflow).
  if (!frame || *frame < 0 || *frame > 100 * kMsPerDay)
    return p_.reject(Reject::kBadNumber, "unparsable timeframe", at(timeframe_));
  EventRow r;
  int64_t day = 0;
  if (!p_.time(at(date_), TimeUnit::kDateTime, day)) return;
  r.ts_ms = day + *frame;
  if (!p_.in_range(r.ts_ms, at(timeframe_))) return;
  if (user.empty() || user == "NA") {
    anon_ = "anon:";
    anon_ += session;
    user = anon_;
    ++p_.report.anonymous_rows;
  }
  r.type = behavior_;
  r.user = p_.users(user);
  r.item = p_.items(item);
  r.session = RowParser::session_id(session);
  p_.add(r);
  ++p_.report.rows_accepted;
}

void SequenceConverter::on_header(const Fields*, size_t) {}

void SequenceConverter::convert(const Fields& f) {
  size_t n = 0;
  for (size_t i = 1; i < f.size(); ++i) n += !trim(f[i]).empty();
  if (f.empty() || trim(f[0]).empty() || n == 0)
    return p_.reject(Reject::kColumnCount, "a sequence line needs a user id and at least one item");
  EventRow r;
  r.type = p_.opt.behavior.value_or(Behavior::kPurchase);
  r.user = p_.users(trim(f[0]));
  int64_t t = p_.opt.sequence_start_ms;
  for (size_t i = 1; i < f.size(); ++i) {
    const auto item = trim(f[i]);
    if (item.empty()) continue;
    r.item = p_.items(item);
    r.ts_ms = t;
    t += kMsPerSecond;
    p_.add(r);
  }
  ++p_.report.rows_accepted;
}

}  // namespace ss::io
