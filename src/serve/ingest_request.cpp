#include "serve/ingest_request.h"

#include <cmath>

namespace ss::serve {
namespace {

const Json& array_or_single(const Json& body, const char* key, size_t max_batch, bool& single) {
  if (!body.is_object()) throw bad_request("expected a JSON object");
  const Json* list = field(body, key);
  single = list == nullptr;
  if (single) return body;
  if (!list->is_array()) throw bad_request(std::string("'") + key + "' must be an array");
  if (list->empty()) throw bad_request(std::string("'") + key + "' is empty");
  if (list->size() > max_batch)
    throw HttpError(413, std::string("'") + key + "' holds " + std::to_string(list->size()) +
                             " entries; the limit per request is " + std::to_string(max_batch));
  return *list;
}

float optional_float(const Json& o, const char* key, const std::string& where) {
  const double v = get_number(o, key, where, std::nan(""), -1e12, 1e12);
  return static_cast<float>(v);
}

std::vector<std::pair<std::string, std::string>> attributes(const Json& o, const std::string& where,
                                                            const ServeConfig& lim) {
  std::vector<std::pair<std::string, std::string>> out;
  const Json* a = field(o, "attributes");
  if (!a) return out;
  if (!a->is_object()) throw bad_request(where + ".attributes: expected an object of strings");
  if (a->size() > 256) throw bad_request(where + ".attributes: more than 256 entries");
  for (auto it = a->begin(); it != a->end(); ++it) {
    std::string v;
    if (it->is_string()) v = it->get<std::string>();
    else if (it->is_number() || it->is_boolean()) v = it->dump();
    else throw bad_request(where + ".attributes." + it.key() + ": expected a string, number or boolean");
    if (it.key().size() > lim.max_id_len || v.size() > 4096) throw bad_request(where + ".attributes: entry too long");
    out.emplace_back(it.key(), std::move(v));
  }
  return out;
}

PendingEvent parse_event(const Json& o, const std::string& where, const ServeConfig& lim, int64_t now_ms) {
  if (!o.is_object()) throw bad_request(where + ": expected an object");
  PendingEvent e;
  e.user = get_string(o, "user", where, lim.max_id_len);
  std::string type = get_string(o, "type", where, 64, false);
  if (type.empty()) type = get_string(o, "behavior", where, 64, false);
  if (type.empty()) throw bad_request(where + ": missing required field 'type' (view, click, cart, purchase, ...)");
  auto b = parse_behavior(type);
  if (!b) throw bad_request(where + ".type: unknown behaviour '" + type + "' (view, click, search, cart, remove_from_cart, favorite, purchase, dislike, return)");
  e.type = *b;
  e.query = get_string(o, "query", where, lim.max_query_len, false);
  e.item = get_string(o, "item", where, lim.max_id_len, e.type != Behavior::kSearch);
  if (e.type == Behavior::kSearch && e.item.empty() && e.query.empty())
    throw bad_request(where + ": a search event needs 'query'");
  e.ts_ms = get_time_ms(o, "ts", where, now_ms);
  e.session = get_string(o, "session", where, lim.max_id_len, false);
  e.category = get_string(o, "category", where, lim.max_id_len, false);
  e.ref = get_string(o, "ref", where, lim.max_id_len, false);
  e.context = get_string(o, "context", where, 1024, false);
  e.quantity = optional_float(o, "quantity", where);
  e.price = optional_float(o, "price", where);
  e.value = optional_float(o, "value", where);
  return e;
}

}  // namespace

std::string leaf_category(const std::string& path) {
  const size_t p = path.rfind('>');
  std::string leaf = p == std::string::npos ? path : path.substr(p + 1);
  const size_t b = leaf.find_first_not_of(' '), e = leaf.find_last_not_of(' ');
  return b == std::string::npos ? std::string() : leaf.substr(b, e - b + 1);
}

IngestRequest parse_events(const Json& body, const ServeConfig& lim, int64_t now_ms) {
  bool single = false;
  const Json& list = array_or_single(body, "events", lim.max_batch, single);
  IngestRequest r;
  if (single) {
    r.events.push_back(parse_event(list, "event", lim, now_ms));
    return r;
  }
  r.events.reserve(list.size());
  for (size_t i = 0; i < list.size(); ++i)
    r.events.push_back(parse_event(list[i], "events[" + std::to_string(i) + "]", lim, now_ms));
  return r;
}

IngestRequest parse_items(const Json& body, const ServeConfig& lim) {
  bool single = false;
  const Json& list = array_or_single(body, "items", lim.max_batch, single);
  IngestRequest r;
  auto one = [&](const Json& o, const std::string& where) {
    if (!o.is_object()) throw bad_request(where + ": expected an object");
    PendingItem it;
    it.id = get_string(o, "id", where, lim.max_id_len);
    it.title = get_string(o, "title", where, 1024, false);
    it.description = get_string(o, "description", where, 16384, false);
    it.category_path = get_string(o, "category", where, 1024, false);
    it.brand = get_string(o, "brand", where, lim.max_id_len, false);
    it.price = static_cast<float>(get_number(o, "price", where, std::nan(""), 0, 1e12));
    it.created_ms = get_time_ms(o, "created", where, kNoTime);
    it.in_stock = get_bool(o, "in_stock", where, true);
    it.attributes = attributes(o, where, lim);
    r.items.push_back(std::move(it));
  };
  if (single) one(list, "item");
  else
    for (size_t i = 0; i < list.size(); ++i) one(list[i], "items[" + std::to_string(i) + "]");
  return r;
}

IngestRequest parse_users(const Json& body, const ServeConfig& lim) {
  bool single = false;
  const Json& list = array_or_single(body, "users", lim.max_batch, single);
  IngestRequest r;
  auto one = [&](const Json& o, const std::string& where) {
    if (!o.is_object()) throw bad_request(where + ": expected an object");
    PendingUser u;
    u.id = get_string(o, "id", where, lim.max_id_len);
    u.attributes = attributes(o, where, lim);
    r.users.push_back(std::move(u));
  };
  if (single) one(list, "user");
  else
    for (size_t i = 0; i < list.size(); ++i) one(list[i], "users[" + std::to_string(i) + "]");
  return r;
}

}  // namespace ss::serve
