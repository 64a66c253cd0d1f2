// Product search over the live catalogue: text query, filters, facets, sorting, optional
// personal re-ranking for a user and per-result explanations. Every response gets an id
// (placement "search") so later events citing it in `ref` are attributed like
// recommendations. GET takes query parameters (lists comma-separated), POST the same as JSON.
#include "serve/routes.h"

namespace ss::serve {
namespace {

search::SortBy parse_sort_param(const std::string& text) {
  if (text.empty()) return search::SortBy::kRelevance;
  const auto s = search::parse_sort(text);
  if (!s) throw bad_request("unknown sort '" + text + "'; valid: relevance, price, price_desc, popularity, newest");
  return *s;
}

Json facets_json(const Service& s, const search::SearchResponse& r) {
  Json out = Json::object();
  for (const auto& [name, counts] : r.facets) {
    Json list = Json::array();
    for (const auto& c : counts) {
      std::string value = c.value;
      if (c.id != kNone) value = name == "category" ? s.live.category_name(c.id) : name == "brand" ? s.live.brand_name(c.id) : value;
      list.push_back({{"value", value}, {"count", c.count}});
    }
    out[name] = std::move(list);
  }
  return out;
}

// "filters=brand=acme,price=10..50": the query-string parser splits a value at its '=', so
// the filters are read from the raw query (repeated `filters` parameters add up).
void raw_filters(const httplib::Request& req, Json& p) {
  const size_t q = req.target.find('?');
  if (q == std::string::npos) return;
  Json list = Json::array();
  const std::string& t = req.target;
  for (size_t b = q + 1; b < t.size();) {
    const size_t e = std::min(t.find('&', b), t.size());
    if (t.compare(b, 8, "filters=") == 0) {
      const std::string value = httplib::detail::decode_url(t.substr(b + 8, e - b - 8), true);
      for (size_t i = 0; i <= value.size();) {
        const size_t j = std::min(value.find(',', i), value.size());
        if (j > i) list.push_back(value.substr(i, j - i));
        i = j + 1;
      }
    }
    b = e + 1;
  }
  if (!list.empty()) p["filters"] = std::move(list);
}

}  // namespace

void h_search(Service& s, const httplib::Request& req, httplib::Response& res) {
  Json p = request_params(req, {"filters", "facets"});
  // Queries and user ids are text even when they look like numbers ("42", "1e3").
  if (req.method == "GET")
    for (const char* k : {"q", "user"})
      if (req.has_param(k)) p[k] = req.get_param_value(k);
  search::SearchRequest r;
  r.query = get_string(p, "q", "request", s.config.max_query_len);
  if (r.query.find_first_not_of(" \t") == std::string::npos) throw bad_request("q must not be blank");
  const std::string user = get_string(p, "user", "request", s.config.max_id_len, false);
  if (!user.empty()) r.user = require_user(s, user);
  r.personalize = get_bool(p, "personalize", "request", true) && r.user != kNone;
  r.personal_boost = static_cast<float>(get_number(p, "personal_boost", "request", 1.0, 0.0, 10.0));
  r.limit = param_k(s, p);
  r.offset = static_cast<size_t>(get_int(p, "offset", "request", 0, 0, 10000));
  r.sort = parse_sort_param(get_string(p, "sort", "request", 32, false));
  r.explain = get_bool(p, "explain", "request", false);
  r.fallback = get_bool(p, "fallback", "request", true);
  const std::string match = get_string(p, "match", "request", 8, false, "all");
  if (match != "all" && match != "any") throw bad_request("match must be 'all' or 'any'");
  r.match = match == "any" ? search::MatchMode::kAny : search::MatchMode::kAllThenRelax;
  r.query_options.prefix_last = get_bool(p, "prefix", "request", false);
  r.facets = field(p, "facets") ? get_string_list(p, "facets", "request", 10, 64)
                                : std::vector<std::string>{"category", "brand", "price"};
  if (req.method == "GET") raw_filters(req, p);
  const auto filters = get_string_list(p, "filters", "request", 20, s.config.max_id_len);
  r.filter = s.insights->search.parse_filters(filters);

  const search::SearchResponse out = s.insights->search.search(r);
  const bool personal = r.personalize && r.user != kNone;
  const std::string model = personal ? "bm25f+profile" : "bm25f";
  const std::string id = s.attribution.record("search", model, "", "");
  auto t = s.live.items();
  Json items = Json::array();
  for (const auto& h : out.hits) {
    Json o = {{"item", s.live.item_name(h.item)}, {"score", h.score}, {"text_score", h.text_score}, {"personal", h.personal}};
    const std::string title = s.live.item_title(h.item);
    if (!title.empty()) o["title"] = title;
    if (h.item < t->size()) {
      if (t->category[h.item] != kNone) o["category"] = s.live.category_name(t->category[h.item]);
      if (t->brand[h.item] != kNone) o["brand"] = s.live.brand_name(t->brand[h.item]);
      if (!std::isnan(t->price[h.item])) o["price"] = t->price[h.item];
      o["in_stock"] = t->in_stock[h.item] != 0;
    }
    o["reason"] = !h.explanation.empty() ? h.explanation : h.personal > 0 ? "text match, personalised" : "text match";
    items.push_back(std::move(o));
  }
  Json body = {{"id", id},       {"model", model},          {"query", r.query},
               {"total", out.total}, {"items", std::move(items)}, {"facets", facets_json(s, out)},
               {"personalized", personal}};
  if (out.dropped_words) body["dropped_words"] = out.dropped_words;
  if (!out.fallback.empty()) body["fallback"] = out.fallback;
  send_json(res, body);
}

}  // namespace ss::serve
