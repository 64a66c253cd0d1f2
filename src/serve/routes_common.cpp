#include <charconv>

#include "serve/routes.h"

namespace ss::serve {

void send_json(httplib::Response& res, const Json& body, int status) {
  res.status = status;
  res.set_content(body.dump(-1, ' ', false, Json::error_handler_t::replace), "application/json");
}

Json request_params(const httplib::Request& req, std::initializer_list<const char*> list_keys) {
  if (req.method == "POST" || req.method == "PUT") {
    Json j = parse_body(req.body);
    if (!j.is_object()) throw bad_request("expected a JSON object as the request body");
    return j;
  }
  Json j = Json::object();
  for (const auto& [key, value] : req.params) {
    bool is_list = false;
    for (const char* l : list_keys) is_list |= key == l;
    if (is_list) {
      Json arr = Json::array();
      size_t b = 0;
      while (b <= value.size()) {
        const size_t e = std::min(value.find(',', b), value.size());
        if (e > b) arr.push_back(value.substr(b, e - b));
        b = e + 1;
      }
      j[key] = arr;
      continue;
    }
    int64_t iv = 0;
    double dv = 0;
    const char* end = value.data() + value.size();
    if (auto [p, ec] = std::from_chars(value.data(), end, iv); ec == std::errc() && p == end && !value.empty()) j[key] = iv;
    else if (auto [p2, ec2] = std::from_chars(value.data(), end, dv); ec2 == std::errc() && p2 == end && !value.empty())
      j[key] = dv;
    else if (value == "true" || value == "false") j[key] = value == "true";
    else j[key] = value;
  }
  return j;
}

size_t param_k(const Service& s, const Json& p) {
  return static_cast<size_t>(get_int(p, "k", "request", 10, 1, static_cast<int64_t>(s.config.max_k)));
}

uint32_t require_user(const Service& s, const std::string& name) {
  const uint32_t u = s.live.find_user(name);
  if (u == kNone) throw not_found("unknown user '" + name + "' (for visitors without history use /v1/recommend/session)");
  return u;
}

uint32_t require_item(const Service& s, const std::string& name) {
  const uint32_t it = s.live.find_item(name);
  if (it == kNone) throw not_found("unknown item '" + name + "'");
  return it;
}

Json result_json(const Service& s, const RecResult& r) {
  auto t = s.live.items();
  Json items = Json::array();
  for (const auto& c : r.items) {
    Json o = {{"item", s.live.item_name(c.item)}, {"score", c.score}, {"reason", c.reason}};
    const std::string title = s.live.item_title(c.item);
    if (!title.empty()) o["title"] = title;
    if (c.item < t->size()) {
      if (t->category[c.item] != kNone) o["category"] = s.live.category_name(t->category[c.item]);
      if (!std::isnan(t->price[c.item])) o["price"] = t->price[c.item];
    }
    items.push_back(std::move(o));
  }
  Json out = {{"id", r.id}, {"model", r.model}, {"items", items}};
  if (!r.experiment.empty()) out["experiment"] = r.experiment, out["variant"] = r.variant;
  return out;
}

}  // namespace ss::serve
