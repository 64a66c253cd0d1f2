// The HTTP API as a plain table of free functions (method, path regex, access, handler).
// Handlers throw HttpError / ss::Error for anything a client got wrong; the server wraps
// each once to turn that into a 4xx JSON {"error": ...}.
#pragma once
#include <httplib.h>

#include <vector>

#include "serve/http_error.h"
#include "serve/service.h"

namespace ss::serve {

enum class Access { kOpen, kRead, kAdmin };
using Handler = void (*)(Service&, const httplib::Request&, httplib::Response&);

struct Route {
  const char* method;
  const char* path;  // std::regex; captures are req.matches[1..]
  Access access;
  Handler handler;
};

const std::vector<Route>& api_routes();

// Helpers shared by the handler files.
void send_json(httplib::Response& res, const Json& body, int status = 200);
// The request's parameters as one JSON object: the body for POST/PUT, else the query
// string with numbers and booleans typed and `list_keys` split on commas.
Json request_params(const httplib::Request& req, std::initializer_list<const char*> list_keys = {});
size_t param_k(const Service& s, const Json& p);
uint32_t require_user(const Service& s, const std::string& name);
uint32_t require_item(const Service& s, const std::string& name);
Json result_json(const Service& s, const RecResult& r);

// Handlers, by file.
void h_ingest_events(Service&, const httplib::Request&, httplib::Response&);
void h_ingest_items(Service&, const httplib::Request&, httplib::Response&);
void h_delete_item(Service&, const httplib::Request&, httplib::Response&);
void h_ingest_users(Service&, const httplib::Request&, httplib::Response&);
void h_delete_user(Service&, const httplib::Request&, httplib::Response&);

void h_recommend_user(Service&, const httplib::Request&, httplib::Response&);
void h_recommend_session(Service&, const httplib::Request&, httplib::Response&);
void h_similar(Service&, const httplib::Request&, httplib::Response&);
void h_together(Service&, const httplib::Request&, httplib::Response&);
void h_trending(Service&, const httplib::Request&, httplib::Response&);
void h_user_profile(Service&, const httplib::Request&, httplib::Response&);

void h_health(Service&, const httplib::Request&, httplib::Response&);
void h_metrics(Service&, const httplib::Request&, httplib::Response&);
void h_models(Service&, const httplib::Request&, httplib::Response&);
void h_train(Service&, const httplib::Request&, httplib::Response&);
void h_job(Service&, const httplib::Request&, httplib::Response&);
void h_cancel_job(Service&, const httplib::Request&, httplib::Response&);
void h_set_default_model(Service&, const httplib::Request&, httplib::Response&);
void h_get_rules(Service&, const httplib::Request&, httplib::Response&);
void h_put_rules(Service&, const httplib::Request&, httplib::Response&);
void h_put_experiment(Service&, const httplib::Request&, httplib::Response&);
void h_delete_experiment(Service&, const httplib::Request&, httplib::Response&);
void h_attribution(Service&, const httplib::Request&, httplib::Response&);

// Replicas (routes_cluster.cpp): partition-aware versions of the ingest routes; each falls
// back to the plain handler above on a lone server.
void h_cluster_ingest_events(Service&, const httplib::Request&, httplib::Response&);
void h_cluster_ingest_items(Service&, const httplib::Request&, httplib::Response&);
void h_cluster_delete_item(Service&, const httplib::Request&, httplib::Response&);
void h_cluster_ingest_users(Service&, const httplib::Request&, httplib::Response&);
void h_cluster_delete_user(Service&, const httplib::Request&, httplib::Response&);
void h_cluster_recommend_user(Service&, const httplib::Request&, httplib::Response&);
void h_cluster(Service&, const httplib::Request&, httplib::Response&);
// Search and the dashboard (routes_search.cpp, routes_analytics*.cpp, routes_static.cpp).
void h_search(Service&, const httplib::Request&, httplib::Response&);
void h_analytics_overview(Service&, const httplib::Request&, httplib::Response&);
void h_analytics_funnel(Service&, const httplib::Request&, httplib::Response&);
void h_analytics_cohorts(Service&, const httplib::Request&, httplib::Response&);
void h_analytics_rfm(Service&, const httplib::Request&, httplib::Response&);
void h_analytics_segment_users(Service&, const httplib::Request&, httplib::Response&);
void h_analytics_churn(Service&, const httplib::Request&, httplib::Response&);
void h_analytics_timeline(Service&, const httplib::Request&, httplib::Response&);
void h_static(Service&, const httplib::Request&, httplib::Response&);
// The dashboard directory to serve: `given` if it holds index.html, else the built one
// beside the binary or in the source tree; "" when there is none.
std::string find_web_dir(const std::string& given);

}  // namespace ss::serve
