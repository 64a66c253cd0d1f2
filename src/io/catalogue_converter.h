// Catalogue files with a header: the shopsense catalogue.csv (item_id,title,description,
// category_path,brand,price,created_at,in_stock), DIGINETICA product-categories.csv
// (itemId;categoryId), or any table whose header names these fields.
#pragma once
#include "io/converters.h"

namespace ss::io {

class CatalogueConverter {
 public:
  explicit CatalogueConverter(RowParser& p) : p_(p) {}
  void on_header(const Fields* header, size_t first_row_columns);
  void convert(const Fields& f);

 private:
  RowParser& p_;
  int item_ = -1, title_ = -1, desc_ = -1, path_ = -1, brand_ = -1, price_ = -1, created_ = -1, stock_ = -1;
  size_t columns_ = 0;
};

}  // namespace ss::io
