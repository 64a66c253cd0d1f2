// The routes that change when a replica is one of several (--cluster): ingest split by the
// user-partitioning ring, catalogue writes copied to every replica, user deletion sent to
// the owner, a degraded answer for users whose owner is down, and GET /v1/cluster. A lone
// server (no --cluster) and requests another replica forwarded go straight to the ordinary
// handlers.
//
// A batch with events of several users is split: this replica stores its own users' events
// and forwards the others, in parallel, to their owners. It answers 200 only when every
// part is durable. If an owner cannot be reached it answers 503 with `failed_users`: the
// events of all other users are stored, so a client resends just the failed users' events.
#include <future>
#include <map>
#include <set>

#include "core/timeutil.h"
#include "serve/replica.h"
#include "serve/routes.h"

namespace ss::serve {
namespace {

bool direct(const Service& s, const httplib::Request& req) {
  return !s.replica || !s.replica->partitioned() || req.has_header(kForwardedHeader);
}

Json ack_json(const IngestAck& a) {
  return {{"stored", true}, {"events", a.events}, {"items", a.items}, {"removed_items", a.removed_items}, {"users", a.users}};
}

void add_ack(IngestAck& total, const IngestAck& a) {
  total.events += a.events, total.items += a.items, total.removed_items += a.removed_items, total.users += a.users;
}

IngestAck ack_from(const std::string& body) {
  IngestAck a;
  const Json j = Json::parse(body, nullptr, false);
  if (j.is_object()) {
    a.events = j.value("events", size_t{0}), a.items = j.value("items", size_t{0});
    a.removed_items = j.value("removed_items", size_t{0}), a.users = j.value("users", size_t{0});
  }
  return a;
}

// Splits a parsed batch by the owner of each row's user (`key_of(i)`), stores this replica's
// rows with `store_local(row indexes)` and forwards the others (the original JSON rows,
// passed through `fix_row`) to `path` on their owners, all at once.
template <typename KeyOf, typename FixRow, typename StoreLocal>
void split_and_forward(Service& s, const Json& list, KeyOf key_of, FixRow fix_row, const char* wrap, const std::string& path,
                       StoreLocal store_local, httplib::Response& res) {
  const Replica& r = *s.replica;
  std::map<size_t, std::vector<size_t>> rows_by_owner;
  for (size_t i = 0; i < list.size(); ++i) rows_by_owner[r.ring().owner(key_of(i))].push_back(i);
  std::map<size_t, std::future<ForwardResult>> sent;
  for (const auto& [owner, rows] : rows_by_owner) {
    if (owner == r.self_index()) continue;
    Json part = Json::array();
    for (size_t i : rows) {
      part.push_back(list[i]);
      fix_row(i, part.back());
    }
    sent[owner] = std::async(std::launch::async, [&r, owner, body = Json{{wrap, std::move(part)}}.dump(), &path] {
      return r.forward(owner, "POST", path, body);
    });
  }
  IngestAck total;
  Json by_replica = Json::object(), failed_users = Json::array(), errors = Json::array();
  if (auto it = rows_by_owner.find(r.self_index()); it != rows_by_owner.end()) {
    const IngestAck a = store_local(it->second);
    add_ack(total, a);
    by_replica[r.self()] = a.events + a.items + a.users;
  }
  for (auto& [owner, f] : sent) {
    const ForwardResult fr = f.get();
    const std::string& name = r.ring().servers()[owner];
    if (fr.ok) {
      const IngestAck a = ack_from(fr.body);
      add_ack(total, a);
      by_replica[name] = a.events + a.items + a.users;
      continue;
    }
    errors.push_back(fr.error);
    std::set<std::string> users;
    for (size_t i : rows_by_owner[owner]) users.insert(key_of(i));
    for (const auto& u : users) failed_users.push_back(u);
  }
  Json out = ack_json(total);
  out["replicas"] = by_replica;
  if (!errors.empty()) {
    out["stored"] = false;
    out["error"] = "some owners could not store their users' events; every other user's events are stored: resend only "
                   "failed_users' events";
    out["failed_users"] = failed_users;
    out["errors"] = errors;
    res.set_header("Retry-After", "1");
    send_json(res, out, 503);
    return;
  }
  send_json(res, out);
}

const Json& rows_of(const Json& body, const char* wrap, Json& single) {
  if (body.is_object() && body.contains(wrap)) return body.at(wrap);
  single = Json::array({body});
  return single;
}

// Sends a catalogue write to every other replica after storing it here. Upserts and
// deletes are idempotent, so a client may resend the whole request after a 503.
void broadcast(Service& s, const httplib::Request& req, httplib::Response& res, const std::string& method) {
  const Replica& r = *s.replica;
  std::vector<std::future<ForwardResult>> sent;
  for (size_t i = 0; i < r.ring().size(); ++i)
    if (i != r.self_index()) sent.push_back(std::async(std::launch::async, [&, i] { return r.forward(i, method, req.path, req.body); }));
  Json errors = Json::array();
  for (auto& f : sent) {
    const ForwardResult fr = f.get();
    if (!fr.ok && fr.status != 404) errors.push_back(fr.error);  // 404: the item was never there
  }
  if (errors.empty()) return;
  Json out = Json::parse(res.body, nullptr, false);
  if (!out.is_object()) out = Json::object();
  out["stored"] = false;
  out["error"] = "stored here but not on every replica; resend the request (catalogue writes are idempotent)";
  out["errors"] = errors;
  res.set_header("Retry-After", "1");
  send_json(res, out, 503);
}

}  // namespace

void h_cluster_ingest_events(Service& s, const httplib::Request& req, httplib::Response& res) {
  if (direct(s, req)) return h_ingest_events(s, req, res);
  const int64_t now = now_ms();
  const Json body = parse_body(req.body);
  IngestRequest all = parse_events(body, s.config, now);  // the whole batch is valid before any part is stored
  Json single;
  const Json& list = rows_of(body, "events", single);
  split_and_forward(
      s, list, [&](size_t i) -> const std::string& { return all.events[i].user; },
      [&](size_t i, Json& row) {
        if (!row.contains("ts")) row["ts"] = all.events[i].ts_ms;  // stamped here, not on arrival at the owner
      },
      "events", "/v1/events",
      [&](const std::vector<size_t>& rows) {
        IngestRequest mine;
        mine.events.reserve(rows.size());
        for (size_t i : rows) mine.events.push_back(std::move(all.events[i]));
        return s.committer().ingest(std::move(mine));
      },
      res);
}

void h_cluster_ingest_users(Service& s, const httplib::Request& req, httplib::Response& res) {
  if (direct(s, req)) return h_ingest_users(s, req, res);
  const Json body = parse_body(req.body);
  IngestRequest all = parse_users(body, s.config);
  Json single;
  split_and_forward(
      s, rows_of(body, "users", single), [&](size_t i) -> const std::string& { return all.users[i].id; },
      [](size_t, Json&) {}, "users", "/v1/users",
      [&](const std::vector<size_t>& rows) {
        IngestRequest mine;
        for (size_t i : rows) mine.users.push_back(std::move(all.users[i]));
        return s.committer().ingest(std::move(mine));
      },
      res);
}

void h_cluster_ingest_items(Service& s, const httplib::Request& req, httplib::Response& res) {
  h_ingest_items(s, req, res);
  if (!direct(s, req)) broadcast(s, req, res, "POST");
}

void h_cluster_delete_item(Service& s, const httplib::Request& req, httplib::Response& res) {
  h_delete_item(s, req, res);
  if (!direct(s, req)) broadcast(s, req, res, "DELETE");
}

void h_cluster_delete_user(Service& s, const httplib::Request& req, httplib::Response& res) {
  const std::string user = req.matches[1];
  if (direct(s, req) || s.replica->owns(user)) return h_delete_user(s, req, res);
  const ForwardResult fr = s.replica->forward(s.replica->ring().owner(user), "DELETE", req.path, "");
  if (fr.status == 0) throw HttpError(503, fr.error + "; the user's data lives there: retry when it is back");
  res.status = fr.status;
  res.set_content(fr.body, "application/json");
}

void h_cluster_recommend_user(Service& s, const httplib::Request& req, httplib::Response& res) {
  const std::string user = req.matches[1];
  if (!s.replica || !s.replica->partitioned() || s.replica->owns(user) || s.live.find_user(user) != kNone)
    return h_recommend_user(s, req, res);
  // Another replica owns this user and nginx sent the request here: the owner is down (or
  // the ring just changed). Answer without the user's live history rather than not at all.
  const Json p = request_params(req, {"categories", "exclude"});
  RecQuery q;
  q.placement = "user";
  q.user_name = user;
  q.k = param_k(s, p);
  q.model = get_string(p, "model", "request", 64, false);
  Json out = result_json(s, s.recommend(q));
  out["degraded"] = "owner replica " + s.replica->ring().servers()[s.replica->ring().owner(user)] +
                    " unavailable: answered without this user's live history";
  send_json(res, out);
}

void h_cluster(Service& s, const httplib::Request& req, httplib::Response& res) {
  Json out = s.replica ? s.replica->describe() : Json{{"replica", nullptr}, {"partitioned", false}};
  out["events"] = s.live.events_seen();
  out["users"] = s.live.num_users();
  out["items"] = s.live.num_items();
  if (req.has_param("user") && s.replica && s.replica->partitioned()) {
    const std::string user = req.get_param_value("user");
    Json order = Json::array();
    for (size_t i : s.replica->ring().preference(user)) order.push_back(s.replica->ring().servers()[i]);
    out["user"] = {{"id", user}, {"owner", order.front()}, {"failover_order", order}};
  }
  send_json(res, out);
}

}  // namespace ss::serve
