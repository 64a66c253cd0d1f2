// K-means imputation applied to ShopSense data: the numeric event columns, and the
// catalogue's price together with its numeric attributes.
#pragma once
#include <string>
#include <vector>

#include "prep/kmeans.h"

namespace ss::prep {

// Imputes the given event columns (those the table has) jointly: rows with some of them
// observed take the rest from their nearest centroid; rows with none stay missing (there
// is nothing to place them by). Returns the number of fields filled.
size_t kmeans_impute_events(EventTable& events, const std::vector<EventColumn>& columns, const KMeansOptions& options,
                            Context& ctx);

struct CatalogueImputeReport {
  std::vector<std::string> columns;  // "price" then the numeric attribute keys used
  size_t filled = 0;                 // fields filled from a centroid
};
// Numeric attributes are the keys whose every value parses as a number. Missing prices
// and missing numeric attributes are filled from the nearest centroid (an attribute filled
// this way is added to the item with the value printed with %g). Items with none of the
// columns observed are left alone.
CatalogueImputeReport kmeans_impute_catalogue(Catalogue& catalogue, const KMeansOptions& options, Context& ctx);

}  // namespace ss::prep
