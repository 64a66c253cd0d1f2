#include "serve/attribution.h"

#include <xxhash.h>

#include <charconv>
#include <cmath>
#include <fmt/format.h>

namespace ss::serve {

const Variant& Experiment::route(std::string_view user) const {
  std::string key = name + '\x1f';
  key.append(user);
  const uint64_t h = XXH64(key.data(), key.size(), 0x5eed);
  double total = 0;
  for (const auto& v : variants) total += v.weight;
  double x = (h >> 11) * 0x1.0p-53 * total;
  for (const auto& v : variants) {
    if (x < v.weight) return v;
    x -= v.weight;
  }
  return variants.back();
}

Experiment Experiment::from_json(const Json& j) {
  if (!j.is_object()) throw bad_request("experiment: expected an object");
  Experiment e;
  e.name = get_string(j, "name", "experiment", 128);
  const Json* vs = field(j, "variants");
  if (!vs || !vs->is_array() || vs->size() < 2 || vs->size() > 16)
    throw bad_request("experiment.variants: expected an array of 2 to 16 variants");
  for (size_t i = 0; i < vs->size(); ++i) {
    const std::string where = "experiment.variants[" + std::to_string(i) + "]";
    Variant v;
    v.name = get_string((*vs)[i], "name", where, 128);
    v.model = get_string((*vs)[i], "model", where, 128, false);
    v.weight = get_number((*vs)[i], "weight", where, 1.0, 1e-9, 1e9);
    for (const auto& o : e.variants)
      if (o.name == v.name) throw bad_request(where + ": duplicate variant name '" + v.name + "'");
    e.variants.push_back(std::move(v));
  }
  return e;
}

Json Experiment::to_json() const {
  Json vs = Json::array();
  for (const auto& v : variants) vs.push_back({{"name", v.name}, {"model", v.model}, {"weight", v.weight}});
  return {{"name", name}, {"variants", vs}};
}

std::pair<double, double> wilson_interval(uint64_t k, uint64_t n, double z) {
  if (n == 0) return {0.0, 1.0};
  const double p = static_cast<double>(k) / n, z2 = z * z, nn = static_cast<double>(n);
  const double centre = (p + z2 / (2 * nn)) / (1 + z2 / nn);
  const double half = z * std::sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn)) / (1 + z2 / nn);
  return {std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

Attribution::Attribution(size_t capacity, uint64_t salt)
    : capacity_(std::max<size_t>(capacity, 1)), salt_(salt), prefix_(fmt::format("r{:x}", salt & 0xFFFFFFFFFFull)) {}

std::string Attribution::record(const std::string& placement, const std::string& model, const std::string& experiment,
                                const std::string& variant) {
  std::lock_guard lk(mu_);
  // Unique across restarts (the salt is random per start) and cheap to make.
  const uint64_t n = next_++;
  std::string id = fmt::format("{}{:08x}", prefix_, n);
  if (!last_ || last_->first.placement != placement || last_->first.model != model ||
      last_->first.experiment != experiment || last_->first.variant != variant)
    last_ = &*counts_.try_emplace(Key{placement, model, experiment, variant}).first;
  ++last_->second.responses;
  const size_t slot = n % capacity_;
  if (ring_.size() <= slot) ring_.resize(std::min(capacity_, std::max<size_t>(slot + 1, 2 * ring_.size())));
  ring_[slot] = Response{n, last_, 0};
  return id;
}

bool Attribution::on_event(std::string_view ref, Behavior type) {
  uint8_t flag = 0;
  if (type == Behavior::kClick || type == Behavior::kView) flag = 1;
  else if (type == Behavior::kAddToCart) flag = 2;
  else if (type == Behavior::kPurchase) flag = 4;
  // An id of this process: the prefix, then the response number in (at least 8) hex digits.
  if (ref.size() < prefix_.size() + 8 || ref.size() > prefix_.size() + 16 || !ref.starts_with(prefix_)) return false;
  uint64_t n = 0;
  const char* end = ref.data() + ref.size();
  if (auto [p, ec] = std::from_chars(ref.data() + prefix_.size(), end, n, 16); ec != std::errc() || p != end) return false;
  std::lock_guard lk(mu_);
  if (n >= next_ || next_ - n > capacity_) return false;  // never issued, or forgotten
  Response& r = ring_[n % capacity_];
  if (r.number != n) return false;
  if (fmt::format("{}{:08x}", prefix_, n) != ref) return false;  // e.g. upper-case digits: not an id we gave
  if (flag == 0 || (r.flags & flag)) return true;
  r.flags |= flag;
  // A cart or purchase through a response implies it was clicked.
  Counts& c = r.group->second;
  if (flag == 1) ++c.clicked;
  if (flag == 2) ++c.carted;
  if (flag == 4) ++c.purchased;
  if (flag != 1 && !(r.flags & 1)) {
    r.flags |= 1;
    ++c.clicked;
  }
  return true;
}

Json Attribution::report() const {
  std::lock_guard lk(mu_);
  Json out = Json::array();
  for (const auto& [k, c] : counts_) {
    const auto ctr = wilson_interval(c.clicked, c.responses);
    const auto conv = wilson_interval(c.purchased, c.responses);
    out.push_back({{"placement", k.placement},
                   {"model", k.model},
                   {"experiment", k.experiment},
                   {"variant", k.variant},
                   {"responses", c.responses},
                   {"clicked", c.clicked},
                   {"carted", c.carted},
                   {"purchased", c.purchased},
                   {"ctr", c.responses ? double(c.clicked) / c.responses : 0.0},
                   {"ctr_ci95", {ctr.first, ctr.second}},
                   {"conversion", c.responses ? double(c.purchased) / c.responses : 0.0},
                   {"conversion_ci95", {conv.first, conv.second}}});
  }
  return out;
}

void Attribution::set_experiment(Experiment e) {
  std::lock_guard lk(mu_);
  experiment_ = std::move(e);
  has_experiment_ = true;
}

bool Attribution::remove_experiment(const std::string& name) {
  std::lock_guard lk(mu_);
  if (!has_experiment_ || experiment_.name != name) return false;
  has_experiment_ = false;
  return true;
}

bool Attribution::experiment(Experiment& out) const {
  std::lock_guard lk(mu_);
  if (has_experiment_) out = experiment_;
  return has_experiment_;
}

}  // namespace ss::serve
