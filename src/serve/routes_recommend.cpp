// Recommendation endpoints: for a user, for an anonymous session, similar items, bought
// together with a cart, trending. GET takes query parameters, POST the same as JSON.
#include "serve/rec_response.h"
#include "serve/routes.h"

namespace ss::serve {
namespace {

// Filters, exclusions, model choice and request rules shared by every endpoint.
RecQuery common_query(const Service& s, const Json& p, const char* placement) {
  RecQuery q;
  q.placement = placement;
  q.k = param_k(s, p);
  q.model = get_string(p, "model", "request", 128, false);
  for (const auto& c : get_string_list(p, "categories", "request", 100, s.config.max_id_len)) {
    const uint32_t id = s.live.find_category(c);
    if (id == kNone) throw bad_request("unknown category '" + c + "'");
    q.categories.push_back(id);
  }
  const std::string cat = get_string(p, "category", "request", s.config.max_id_len, false);
  if (!cat.empty()) {
    const uint32_t id = s.live.find_category(cat);
    if (id == kNone) throw bad_request("unknown category '" + cat + "'");
    q.categories.push_back(id);
  }
  q.min_price = static_cast<float>(get_number(p, "min_price", "request", -1e30, -1e30, 1e30));
  q.max_price = static_cast<float>(get_number(p, "max_price", "request", 1e30, -1e30, 1e30));
  q.in_stock_only = get_bool(p, "in_stock", "request", true);
  q.exclude_seen = get_bool(p, "exclude_seen", "request", true);
  q.exclude_bought = get_bool(p, "exclude_bought", "request", true);
  for (const auto& e : get_string_list(p, "exclude", "request", 1000, s.config.max_id_len)) {
    const uint32_t id = s.live.find_item(e);
    if (id != kNone) q.exclude.push_back(id);  // excluding an unknown item is harmless
  }
  if (const Json* r = field(p, "rules")) q.rules = parse_rules(*r, s.live);
  return q;
}

std::vector<uint32_t> item_list(const Service& s, const Json& p, const char* key, size_t max) {
  std::vector<uint32_t> out;
  for (const auto& name : get_string_list(p, key, "request", max, s.config.max_id_len)) {
    const uint32_t id = s.live.find_item(name);
    if (id != kNone) out.push_back(id);  // items the shop has not sent yet carry no signal
  }
  return out;
}

void send_result(httplib::Response& res, const std::string& body) {
  res.status = 200;
  res.set_content(body, "application/json");
}

}  // namespace

void h_recommend_user(Service& s, const httplib::Request& req, httplib::Response& res) {
  const Json p = request_params(req, {"categories", "exclude"});
  const std::string user = req.matches.size() > 1 ? std::string(req.matches[1]) : get_string(p, "user", "request", s.config.max_id_len);
  RecQuery q = common_query(s, p, "user");
  q.user = require_user(s, user);
  q.user_name = user;
  s.live.copy_history(q.user, q.history);
  send_result(res, result_body(s, s.recommend(q)));
}

void h_recommend_session(Service& s, const httplib::Request& req, httplib::Response& res) {
  const Json p = request_params(req, {"items", "categories", "exclude"});
  RecQuery q = common_query(s, p, "session");
  for (uint32_t it : item_list(s, p, "items", s.config.max_k)) {
    q.history.items.push_back(it);
    q.history.types.push_back(Behavior::kView);
    q.history.ts_ms.push_back(s.live.now_ms());
  }
  q.user_name = get_string(p, "session", "request", s.config.max_id_len, false);
  send_result(res, result_body(s, s.recommend(q)));
}

void h_similar(Service& s, const httplib::Request& req, httplib::Response& res) {
  const Json p = request_params(req, {"categories", "exclude"});
  const std::string item = req.matches.size() > 1 ? std::string(req.matches[1]) : get_string(p, "item", "request", s.config.max_id_len);
  const uint32_t id = require_item(s, item);
  RecQuery q = common_query(s, p, "similar");
  send_result(res, result_body(s, s.similar(id, q)));
}

void h_together(Service& s, const httplib::Request& req, httplib::Response& res) {
  const Json p = request_params(req, {"items", "categories", "exclude"});
  RecQuery q = common_query(s, p, "together");
  if (!field(p, "items")) throw bad_request("request: missing required field 'items' (the cart)");
  send_result(res, result_body(s, s.together(item_list(s, p, "items", s.config.max_k), q)));
}

void h_trending(Service& s, const httplib::Request& req, httplib::Response& res) {
  const Json p = request_params(req, {"categories"});
  RecQuery q = common_query(s, p, "trending");
  send_result(res, result_body(s, s.trending(q)));
}

}  // namespace ss::serve
