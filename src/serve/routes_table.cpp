// The API, one line per endpoint. docs/openapi.yaml documents the same table.
#include <cstdlib>

#include "serve/routes.h"

namespace ss::serve {

const std::vector<Route>& api_routes() {
  static const std::vector<Route> routes = {
      {"GET", "/health", Access::kOpen, h_health},
      {"GET", "/metrics", Access::kRead, h_metrics},
      {"GET", "/v1/cluster", Access::kRead, h_cluster},  // replicas: ring, owner of ?user=, snapshot
      // Ingest (admin key): acknowledged once durable.
      {"POST", "/v1/events", Access::kAdmin, h_cluster_ingest_events},
      {"POST", "/v1/items", Access::kAdmin, h_cluster_ingest_items},
      {"DELETE", R"(/v1/items/([^/]+))", Access::kAdmin, h_cluster_delete_item},
      {"POST", "/v1/users", Access::kAdmin, h_cluster_ingest_users},
      {"DELETE", R"(/v1/users/([^/]+))", Access::kAdmin, h_cluster_delete_user},
      // Recommendations (read key).
      {"GET", R"(/v1/users/([^/]+)/recommendations)", Access::kRead, h_cluster_recommend_user},
      {"POST", R"(/v1/users/([^/]+)/recommendations)", Access::kRead, h_cluster_recommend_user},
      {"GET", R"(/v1/users/([^/]+)/profile)", Access::kRead, h_user_profile},
      {"GET", "/v1/recommend/session", Access::kRead, h_recommend_session},
      {"POST", "/v1/recommend/session", Access::kRead, h_recommend_session},
      {"GET", R"(/v1/items/([^/]+)/similar)", Access::kRead, h_similar},
      {"GET", "/v1/recommend/together", Access::kRead, h_together},
      {"POST", "/v1/recommend/together", Access::kRead, h_together},
      {"GET", "/v1/recommend/trending", Access::kRead, h_trending},
      {"GET", "/v1/attribution", Access::kRead, h_attribution},
      // Admin.
      {"GET", "/v1/admin/models", Access::kAdmin, h_models},
      {"POST", "/v1/admin/models", Access::kAdmin, h_train},
      {"PUT", R"(/v1/admin/models/([^/]+)/default)", Access::kAdmin, h_set_default_model},
      {"GET", R"(/v1/admin/jobs/([^/]+))", Access::kAdmin, h_job},
      {"DELETE", R"(/v1/admin/jobs/([^/]+))", Access::kAdmin, h_cancel_job},
      {"GET", "/v1/admin/rules", Access::kAdmin, h_get_rules},
      {"PUT", "/v1/admin/rules", Access::kAdmin, h_put_rules},
      {"PUT", "/v1/admin/experiment", Access::kAdmin, h_put_experiment},
      {"DELETE", R"(/v1/admin/experiment/([^/]+))", Access::kAdmin, h_delete_experiment},
      // Search and dashboard analytics (read key).
      {"GET", "/v1/search", Access::kRead, h_search},
      {"POST", "/v1/search", Access::kRead, h_search},
      {"GET", "/v1/analytics/overview", Access::kRead, h_analytics_overview},
      {"GET", "/v1/analytics/funnel", Access::kRead, h_analytics_funnel},
      {"GET", "/v1/analytics/cohorts", Access::kRead, h_analytics_cohorts},
      {"GET", "/v1/analytics/rfm", Access::kRead, h_analytics_rfm},
      {"GET", R"(/v1/analytics/segments/([^/]+)/users)", Access::kRead, h_analytics_segment_users},
      {"GET", "/v1/analytics/churn", Access::kRead, h_analytics_churn},
      {"GET", R"(/v1/analytics/users/([^/]+)/timeline)", Access::kRead, h_analytics_timeline},
      // The dashboard's static files (open: the page asks for keys itself). Last, so every
      // API path above wins.
      {"GET", R"(/((?:assets/)?[A-Za-z0-9_-][A-Za-z0-9._-]*)?)", Access::kOpen, h_static},
  };
  return routes;
}

void apply_env_keys(ServeConfig& config) {
  if (const char* k = std::getenv("SHOPSENSE_API_KEY"); k && *k) config.read_key = k;
  if (const char* k = std::getenv("SHOPSENSE_ADMIN_KEY"); k && *k) config.admin_key = k;
}

}  // namespace ss::serve
