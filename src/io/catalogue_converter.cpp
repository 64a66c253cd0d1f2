#include "io/catalogue_converter.h"

#include "core/error.h"
#include "io/text.h"

namespace ss::io {
namespace {
int find(const Fields& header, std::initializer_list<std::string_view> names) {
  for (size_t i = 0; i < header.size(); ++i) {
    const std::string h = normalize_name(header[i]);
    for (auto n : names)
      if (h == n) return static_cast<int>(i);
  }
  return -1;
}
}  // namespace

void CatalogueConverter::on_header(const Fields* header, size_t) {
  if (!header) throw Error("a catalogue file needs a header naming its columns (item_id,title,...)");
  item_ = find(*header, {"itemid", "item", "productid", "productuid", "stockcode", "sku"});
  if (item_ < 0) throw Error("the catalogue header has no item id column (item_id, itemId, product_id, sku)");
  title_ = find(*header, {"title", "name", "producttitle", "description"});
  desc_ = find(*header, {"description"});
  if (desc_ == title_) desc_ = -1;
  path_ = find(*header, {"categorypath", "category", "categoryid"});
  brand_ = find(*header, {"brand"});
  price_ = find(*header, {"price", "unitprice"});
  created_ = find(*header, {"createdat", "created"});
  stock_ = find(*header, {"instock", "available"});
  columns_ = header->size();
}

void CatalogueConverter::convert(const Fields& f) {
  if (f.size() != columns_) {
    return p_.reject(Reject::kColumnCount,
                     "expected " + std::to_string(columns_) + " columns, found " + std::to_string(f.size()));
  }
  auto at = [&](int c) { return c < 0 ? std::string_view{} : trim(f[static_cast<size_t>(c)]); };
  const std::string_view id = at(item_);
  if (id.empty()) return p_.reject(Reject::kMissingId, "empty item id");
  CatalogueItem it;
  if (!p_.number(at(price_), "unparsable price", it.price)) return;
  if (auto c = at(created_); !c.empty() && !p_.time(c, TimeUnit::kAuto, it.created_ms)) return;
  if (auto s = at(stock_); !s.empty()) it.in_stock = !(s == "false" || s == "0" || s == "no" || s == "False");
  it.item = p_.items(id);
  it.title = at(title_);
  it.description = at(desc_);
  if (auto path = at(path_); !path.empty()) {
    it.category_path = path;
    const size_t gt = path.rfind('>');
    it.category = p_.categories(trim(gt == std::string_view::npos ? path : path.substr(gt + 1)));
  }
  if (auto b = at(brand_); !b.empty()) it.brand = p_.dicts.brands.intern(b);
  p_.add_item(std::move(it));
  ++p_.report.rows_accepted;
}

}  // namespace ss::io
