// The self-contained HTML report: all report JSON plus the ECharts library inlined into one
// file that opens offline.
#pragma once
#include <nlohmann/json_fwd.hpp>
#include <string>

namespace ss::analytics {

// `data` holds the reports' JSON under the keys overview, funnel_user, funnel_session,
// cohorts, rfm, preferences, transitions, items, baskets, anomalies, churn.
std::string render_html_report(const nlohmann::json& data, const std::string& title);

}  // namespace ss::analytics
