// Health, metrics, models (list, train in the background, cancel, choose the default),
// business rules, experiments and the attribution report.
#include "serve/replica.h"
#include "serve/routes.h"

namespace ss::serve {

void h_health(Service& s, const httplib::Request&, httplib::Response& res) {
  Json out = {{"status", "ok"},
              {"users", s.live.num_users()},
              {"items", s.live.num_items()},
              {"events", s.live.events_seen()},
              {"models", s.models->list().size()},
              {"commit_queue", s.committer().queued()}};
  if (s.replica) out["cluster"] = s.replica->describe();  // replica name, ring, snapshot version
  send_json(res, out);
}

void h_metrics(Service& s, const httplib::Request&, httplib::Response& res) {
  res.set_content(s.metrics.render(), "text/plain; version=0.0.4");
}

void h_models(Service& s, const httplib::Request&, httplib::Response& res) {
  Json live = {{"name", "covisit"}, {"spec", "covisit (live co-visitation counts, updated on every event)"}};
  send_json(res, {{"models", s.models->list()}, {"live", live}, {"can_train", s.models->can_train()}});
}

void h_train(Service& s, const httplib::Request& req, httplib::Response& res) {
  const Json p = parse_body(req.body);
  const std::string name = get_string(p, "name", "request", 64);
  const std::string spec = get_string(p, "spec", "request", 1024);
  const bool evaluate = get_bool(p, "evaluate", "request", true);
  const std::string job = s.models->train(name, spec, evaluate);
  if (get_bool(p, "default", "request", false)) s.models->set_default(name);
  send_json(res, {{"job", job}, {"status_url", "/v1/admin/jobs/" + job}}, 202);
}

void h_job(Service& s, const httplib::Request& req, httplib::Response& res) { send_json(res, s.models->job(req.matches[1])); }

// 202: the stop is asked for; the job turns "cancelled" at its next training step.
void h_cancel_job(Service& s, const httplib::Request& req, httplib::Response& res) {
  send_json(res, s.models->cancel(req.matches[1]), 202);
}

void h_set_default_model(Service& s, const httplib::Request& req, httplib::Response& res) {
  const std::string name = req.matches[1];
  if (name != "covisit" && !s.models->get(name)) throw not_found("no model '" + name + "' is served");
  s.models->set_default(name == "covisit" ? std::string() : name);
  send_json(res, {{"default", name}});
}

void h_get_rules(Service& s, const httplib::Request&, httplib::Response& res) {
  send_json(res, rules_to_json(s.global_rules(), s.live));
}

void h_put_rules(Service& s, const httplib::Request& req, httplib::Response& res) {
  Rules r = parse_rules(parse_body(req.body), s.live);
  s.set_global_rules(r);
  send_json(res, rules_to_json(r, s.live));
}

void h_put_experiment(Service& s, const httplib::Request& req, httplib::Response& res) {
  Experiment e = Experiment::from_json(parse_body(req.body));
  for (const auto& v : e.variants)
    if (!v.model.empty() && v.model != "covisit" && !s.models->get(v.model))
      throw bad_request("variant '" + v.name + "': no model '" + v.model + "' is served");
  const Json out = e.to_json();
  s.attribution.set_experiment(std::move(e));
  send_json(res, out);
}

void h_delete_experiment(Service& s, const httplib::Request& req, httplib::Response& res) {
  if (!s.attribution.remove_experiment(req.matches[1])) throw not_found("no active experiment '" + std::string(req.matches[1]) + "'");
  send_json(res, {{"deleted", true}});
}

void h_attribution(Service& s, const httplib::Request&, httplib::Response& res) {
  Experiment e;
  Json out = {{"groups", s.attribution.report()}};
  if (s.attribution.experiment(e)) out["experiment"] = e.to_json();
  send_json(res, out);
}

}  // namespace ss::serve
