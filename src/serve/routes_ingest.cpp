// Ingest: answered only after the committer has made the request durable.
#include "core/timeutil.h"
#include "serve/routes.h"

namespace ss::serve {
namespace {
Json ack_json(const IngestAck& a) {
  return {{"stored", true}, {"events", a.events}, {"items", a.items}, {"removed_items", a.removed_items}, {"users", a.users}};
}
}  // namespace

void h_ingest_events(Service& s, const httplib::Request& req, httplib::Response& res) {
  IngestRequest r = parse_events(parse_body(req.body), s.config, now_ms());
  send_json(res, ack_json(s.committer().ingest(std::move(r))));
}

void h_ingest_items(Service& s, const httplib::Request& req, httplib::Response& res) {
  IngestRequest r = parse_items(parse_body(req.body), s.config);
  send_json(res, ack_json(s.committer().ingest(std::move(r))));
}

void h_delete_item(Service& s, const httplib::Request& req, httplib::Response& res) {
  const std::string id = req.matches[1];
  require_item(s, id);
  IngestRequest r;
  r.removed_items.push_back(id);
  send_json(res, ack_json(s.committer().ingest(std::move(r))));
}

void h_ingest_users(Service& s, const httplib::Request& req, httplib::Response& res) {
  IngestRequest r = parse_users(parse_body(req.body), s.config);
  send_json(res, ack_json(s.committer().ingest(std::move(r))));
}

void h_delete_user(Service& s, const httplib::Request& req, httplib::Response& res) {
  const std::string id = req.matches[1];
  const uint32_t u = require_user(s, id);
  s.delete_user(u);
  send_json(res, {{"deleted", true}, {"user", id}});
}

}  // namespace ss::serve
