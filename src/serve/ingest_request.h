// Ingest requests parsed from JSON into external-id form, fully validated before they reach
// the committer, so a bad row rejects only its own request (400) and never a whole group.
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/behavior.h"
#include "core/events.h"
#include "serve/config.h"
#include "serve/http_error.h"

namespace ss::serve {

struct PendingEvent {
  std::string user, item, session, query, category, ref, context;
  int64_t ts_ms = 0;
  Behavior type = Behavior::kView;
  float quantity = kNoValue, price = kNoValue, value = kNoValue;
};

struct PendingItem {
  std::string id, title, description, category_path, brand;
  float price = kNoValue;
  int64_t created_ms = kNoTime;
  bool in_stock = true;
  std::vector<std::pair<std::string, std::string>> attributes;
};

struct PendingUser {
  std::string id;
  std::vector<std::pair<std::string, std::string>> attributes;
};

struct IngestRequest {
  std::vector<PendingEvent> events;
  std::vector<PendingItem> items;
  std::vector<std::string> removed_items;
  std::vector<PendingUser> users;
  size_t size() const { return events.size() + items.size() + removed_items.size() + users.size(); }
};

// {"user":..,"item":..,"type":..} or {"events":[...]}. `now_ms` stamps events without "ts".
IngestRequest parse_events(const Json& body, const ServeConfig& limits, int64_t now_ms);
// {"items":[{"id":..,"title":..,"category":"A > B","brand":..,"price":..,"in_stock":..}]}
IngestRequest parse_items(const Json& body, const ServeConfig& limits);
// {"users":[{"id":..,"attributes":{"k":"v"}}]}
IngestRequest parse_users(const Json& body, const ServeConfig& limits);

// The leaf of "Home > Kitchen > Knives" -> "Knives".
std::string leaf_category(const std::string& path);

}  // namespace ss::serve
