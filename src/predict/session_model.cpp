#include "predict/session_model.h"

#include <algorithm>
#include <fstream>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "models/registry.h"
#include "predict/session_task.h"

namespace ss::predict {
namespace {

constexpr const char* kFormat = "shopsense-session-model-1";

std::unique_ptr<Recommender> make_fbt(const std::string& spec) {
  RecommenderRegistry registry;
  register_builtin_models(registry);
  auto m = registry.create(spec);
  if (m->spec().name != "fbt") throw Error("the cart model completes carts with fbt, got '" + spec + "'");
  return m;
}

}  // namespace

SessionModel train_session_model(const Dataset& shop, const EventTable& events, bool cart, const std::string& model_spec,
                                 const std::string& fbt_spec, Context& ctx) {
  const SessionExamples ex = session_examples(events, cart);
  double pos = 0;
  for (float v : ex.y) pos += v;
  if (ex.x.rows == 0 || pos == 0 || pos == ex.y.size())
    throw Error(std::string("the ") + (cart ? "carts" : "session prefixes") + " before the training time hold " +
                std::to_string(ex.x.rows) + " examples and " + std::to_string(static_cast<size_t>(pos)) +
                " purchases: both outcomes are needed (move --as-of later)");
  SessionModel m;
  m.cart = cart;
  m.model_spec = model_spec;
  m.estimator = make_estimator(model_spec, Objective::kBinary);
  m.estimator->fit(ex.x, ex.y, {}, ctx);
  if (cart) {
    m.fbt = make_fbt(fbt_spec);
    m.fbt->fit(TrainData{shop, events, {}}, ctx);
  }
  return m;
}

void save_session_model(const SessionModel& m, const std::string& path) {
  std::ofstream out(path, std::ios::binary);
  if (!out) throw Error("cannot write " + path, ErrorCode::kIo);
  nlohmann::json header = {{"format", kFormat}, {"task", m.cart ? "cart" : "session"}, {"model", m.model_spec}};
  if (m.fbt) header["fbt"] = m.fbt->spec().to_string();
  out << header.dump() << "\n";
  m.estimator->save(out);
  if (m.fbt) m.fbt->save(out);
  if (!out) throw Error("write failed: " + path, ErrorCode::kIo);
}

SessionModel load_session_model(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("cannot read model file " + path, ErrorCode::kNotFound);
  std::string line;
  std::getline(in, line);
  const nlohmann::json header = nlohmann::json::parse(line, nullptr, false);
  if (header.is_discarded() || header.value("format", "") != kFormat)
    throw Error(path + " is not a ShopSense session or cart model (train one with `shopsense predict session|cart train`)");
  SessionModel m;
  m.cart = header.at("task") == "cart";
  m.model_spec = header.at("model");
  m.estimator = make_estimator(m.model_spec, Objective::kBinary);
  m.estimator->load(in);
  if (m.cart) {
    m.fbt = make_fbt(header.at("fbt"));
    m.fbt->load(in);
  }
  return m;
}

std::vector<ScoredSession> score_sessions(const EventTable& events, const SessionModel& m,
                                          int64_t now_ms, int64_t open_within_ms, size_t top, size_t k) {
  const SessionExamples open = open_sessions(events, m.cart, now_ms, open_within_ms);
  if (open.x.rows == 0) return {};
  const auto p = m.estimator->predict(open.x);
  std::vector<size_t> order(p.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return p[a] > p[b]; });
  if (top > 0 && order.size() > top) order.resize(top);
  std::vector<ScoredSession> out;
  std::vector<Behavior> types;
  for (size_t r : order) {
    ScoredSession s{open.user[r], open.last_ms[r], p[r], open.cart[r], {}};
    if (m.fbt && !s.cart.empty()) {
      types.assign(s.cart.size(), Behavior::kAddToCart);
      RecommendRequest req;
      req.user = s.user;
      req.history = {s.cart, types, {}};
      req.k = k;
      req.with_reasons = true;
      // Only items actually bought together with the cart; fbt pads short lists with trending
      // items at score 0, which say nothing about this cart.
      for (const auto& rec : m.fbt->recommend(req))
        if (rec.score > 0) s.complete_with.push_back({rec.item, rec.score, rec.reason});
    }
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace ss::predict
