// The real-data side of bench/analytics/real_check.py: reads the UCI Online Retail CSV or a
// Taobao UserBehavior CSV into a Dataset (a bench-local reader, until the io presets land)
// and prints ShopSense's funnel, RFM segment sizes and monthly/daily retention as JSON.
//   analytics_real retail FILE | analytics_real taobao FILE
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "analytics/cohorts.h"
#include "analytics/funnel.h"
#include "analytics/rfm.h"
#include "core/timeutil.h"

using namespace ss;
using namespace ss::analytics;

// Splits one CSV line (quotes honoured) into fields.
static std::vector<std::string> split_csv(const std::string& line) {
  std::vector<std::string> f(1);
  bool q = false;
  for (char c : line) {
    if (c == '"') q = !q;
    else if (c == ',' && !q) f.emplace_back();
    else if (c != '\r') f.back() += c;
  }
  return f;
}

// Online Retail: one purchase event per invoice line with a customer, positive quantity and
// an invoice that is not a cancellation ("C..."); the invoice is the session (the order).
static Dataset read_retail(const std::string& path) {
  Dataset d;
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    auto f = split_csv(line);
    if (f.size() < 8 || f[6].empty() || f[0].empty() || f[0][0] == 'C') continue;
    const float qty = std::stof(f[3]);
    if (qty <= 0) continue;
    auto ts = parse_datetime_ms(f[4]);
    if (!ts) continue;
    EventRow r;
    r.user = d.dicts.users.intern(f[6]);
    r.item = d.dicts.items.intern(f[1]);
    r.ts_ms = *ts;
    r.type = Behavior::kPurchase;
    r.session = static_cast<uint32_t>(std::stoul(f[0]));
    r.quantity = qty;
    r.price = std::stof(f[5]);
    d.events.push_back(r);
  }
  return d;
}

static Dataset read_taobao(const std::string& path) {
  Dataset d;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    auto f = split_csv(line);
    if (f.size() < 5) continue;
    auto b = parse_behavior(f[3]);
    if (!b) continue;
    EventRow r;
    r.user = d.dicts.users.intern(f[0]);
    r.item = d.dicts.items.intern(f[1]);
    r.ts_ms = std::stoll(f[4]) * 1000;
    r.type = *b;
    d.events.push_back(r);
  }
  return d;
}

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: analytics_real retail|taobao FILE\n");
    return 2;
  }
  const std::string kind = argv[1];
  Dataset d = kind == "retail" ? read_retail(argv[2]) : read_taobao(argv[2]);
  Context ctx(2);
  Filter filter;
  if (kind == "taobao") {  // the data set's documented window; a few rows carry stray times
    filter.from_ms = *parse_datetime_ms("2017-11-25");
    filter.to_ms = *parse_datetime_ms("2017-12-04");
  }
  const View v = View::build(d, filter, ctx);
  nlohmann::json j;
  j["events"] = v.events().size();
  j["users"] = d.num_users();
  FunnelOptions fo;
  fo.steps = parse_funnel_steps(kind == "retail" ? "purchase>purchase" : "view>cart>purchase", d.dicts);
  j["funnel"] = compute_funnel(v, fo, ctx).all.reached;
  const RfmResult rfm = compute_rfm(v, {}, ctx);
  for (int s = 0; s < kNumSegments; ++s) j["rfm"][kSegmentNames[s]] = rfm.segment_users[s];
  CohortOptions co;
  co.period = kind == "retail" ? Period::kMonth : Period::kDay;
  const CohortResult c = compute_cohorts(v, co, ctx);
  nlohmann::json rows = nlohmann::json::array();
  for (size_t k = 0; k < c.active.size(); ++k)
    rows.push_back({{"cohort", period_label(c.first_period + static_cast<int64_t>(k), co.period)}, {"active", c.active[k]}});
  j["retention"] = rows;
  j["as_of_ms"] = rfm.as_of_ms;
  std::cout << j.dump() << "\n";
}
