#include "serve/model_manager.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "core/context.h"
#include "core/error.h"
#include "core/timeutil.h"
#include "serve/committer.h"

namespace ss::serve {
namespace fs = std::filesystem;
namespace {
bool valid_name(const std::string& n) {
  if (n.empty() || n.size() > 64) return false;
  for (char c : n)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') return false;
  return n[0] != '.';
}
}  // namespace

ModelManager::ModelManager(std::string models_dir, size_t threads, Factory factory, Committer& committer)
    : dir_(std::move(models_dir)), threads_(threads), factory_(std::move(factory)), committer_(committer) {}

ModelManager::~ModelManager() { shutdown(); }

void ModelManager::shutdown() {
  std::vector<std::thread> ts;
  {
    std::lock_guard lk(mu_);
    stopping_ = true;
    for (auto& [id, j] : jobs_) j->cancel = true;
    ts.swap(threads_running_);
  }
  for (auto& t : ts)
    if (t.joinable()) t.join();
}

std::shared_ptr<const ServedModel> ModelManager::get(const std::string& name) const {
  std::lock_guard lk(mu_);
  auto it = models_.find(name);
  return it == models_.end() ? nullptr : it->second;
}

std::shared_ptr<const ServedModel> ModelManager::get_default() const {
  std::lock_guard lk(mu_);
  if (!default_.empty())
    if (auto it = models_.find(default_); it != models_.end()) return it->second;
  std::shared_ptr<const ServedModel> newest;
  for (const auto& [n, m] : models_)
    if (!newest || m->trained_at_ms > newest->trained_at_ms) newest = m;
  return newest;
}

void ModelManager::set_default(const std::string& name) {
  std::lock_guard lk(mu_);
  default_ = name;
}

void ModelManager::install(std::shared_ptr<const ServedModel> m) {
  std::lock_guard lk(mu_);
  models_[m->name] = std::move(m);  // the old one lives on in requests still holding it
}

Json ModelManager::list() const {
  std::lock_guard lk(mu_);
  Json out = Json::array();
  const int64_t now = now_ms();
  for (const auto& [n, m] : models_)
    out.push_back({{"name", n},
                   {"spec", m->spec},
                   {"default", n == default_},
                   {"trained_at_ms", m->trained_at_ms},
                   {"age_seconds", (now - m->trained_at_ms) / 1000.0},
                   {"train_seconds", m->train_seconds},
                   {"items", m->num_items},
                   {"eval", m->eval},
                   {"version", m->version}});
  return out;
}

std::string ModelManager::train(const std::string& name, const std::string& spec, bool evaluate) {
  if (!factory_) throw HttpError(501, "this build has no model registry (src/models); only the live co-visitation recommender is served");
  if (!valid_name(name)) throw bad_request("model name must be 1-64 letters, digits, '-', '_' or '.'");
  try {
    (void)factory_(spec);  // fail fast on a bad spec, with the registry's message
  } catch (const std::exception& e) {
    throw bad_request(std::string("bad model spec: ") + e.what());
  }
  auto job = std::make_shared<Job>();
  job->id = "train-" + std::to_string(next_job_++);
  job->name = name;
  job->spec = spec;
  job->started_ms = now_ms();
  std::lock_guard lk(mu_);
  if (stopping_) throw HttpError(503, "server is shutting down");
  jobs_[job->id] = job;
  threads_running_.emplace_back([this, job, evaluate] { run_job(job, evaluate); });
  return job->id;
}

Json ModelManager::job(const std::string& id) const {
  std::lock_guard lk(mu_);
  auto it = jobs_.find(id);
  if (it == jobs_.end()) throw not_found("no training job '" + id + "'");
  return job_json(*it->second);
}

Json ModelManager::cancel(const std::string& id) {
  std::lock_guard lk(mu_);
  auto it = jobs_.find(id);
  if (it == jobs_.end()) throw not_found("no training job '" + id + "'");
  Job& j = *it->second;
  if (finished(j)) throw HttpError(409, "training job '" + id + "' has already finished (" + j.state + ")");
  j.cancel = true;
  return job_json(j);
}

Json ModelManager::job_json(const Job& j) const {
  Json out = {{"id", j.id}, {"model", j.name}, {"spec", j.spec}, {"state", j.state}, {"started_ms", j.started_ms}};
  if (j.finished_ms) out["finished_ms"] = j.finished_ms;
  if (!j.error.empty()) out["error"] = j.error;
  if (j.cancel && !finished(j)) out["cancel_requested"] = true;
  return out;
}

void ModelManager::run_job(std::shared_ptr<Job> job, bool evaluate) {
  auto set_state = [&](const char* s) {
    std::lock_guard lk(mu_);
    job->state = s;
  };
  try {
    set_state("loading");
    Context ctx(threads_, 42, true);
    ctx.cancel = &job->cancel;
    ctx.check_cancelled();
    Dataset shop;
    // A consistent snapshot, taken between commits on the store's own thread.
    committer_.exclusive([&](Store& s) { shop = s.load(ctx); });
    ctx.check_cancelled();
    auto served = std::make_shared<ServedModel>();
    served->name = job->name;
    const auto t0 = std::chrono::steady_clock::now();
    if (evaluate && shop.events.size() >= 100) {
      set_state("evaluating");
      EventTable by_time = shop.events;
      by_time.sort_by_time();
      const size_t cut = by_time.size() * 9 / 10;
      std::vector<bool> keep(by_time.size());
      for (size_t i = 0; i < cut; ++i) keep[i] = true;
      EventTable train = by_time, test = by_time;
      train.filter(keep);
      keep.flip();
      test.filter(keep);
      auto m = factory_(job->spec);
      m->fit(TrainData{shop, train, {}}, ctx);
      served->eval = evaluate_holdout(*m, shop, train, test, 2000, 50);
    }
    ctx.check_cancelled();
    set_state("training");
    auto model = factory_(job->spec);
    model->fit(TrainData{shop, shop.events, {}}, ctx);
    // A model whose fit() has no cancellation points still finishes; if a stop was asked
    // for meanwhile, it is not published either.
    ctx.check_cancelled();
    served->train_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    served->spec = model->spec().to_string();
    served->num_items = shop.num_items();
    served->num_users = shop.num_users();
    served->trained_at_ms = now_ms();
    served->model = std::move(model);
    save(*served);
    install(served);
    std::lock_guard lk(mu_);
    job->state = "done";
    job->finished_ms = now_ms();
  } catch (const std::exception& e) {
    // Once a stop was asked for, any way out counts as cancelled (e.g. the committer
    // refusing the snapshot because the server is stopping).
    std::lock_guard lk(mu_);
    job->state = job->cancel ? "cancelled" : "failed";
    if (!job->cancel) job->error = e.what();
    job->finished_ms = now_ms();
  }
}

void ModelManager::save(const ServedModel& m) const {
  std::error_code ec;
  fs::create_directories(dir_, ec);
  const std::string path = dir_ + "/" + m.name + ".model", tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary);
    const Json meta = {{"spec", m.spec}, {"trained_at_ms", m.trained_at_ms}, {"train_seconds", m.train_seconds},
                       {"items", m.num_items}, {"users", m.num_users}, {"eval", m.eval}};
    out << "shopsense-model 1\n" << meta.dump() << "\n";
    m.model->save(out);
    if (!out) throw Error("cannot write " + tmp, ErrorCode::kIo);
  }
  fs::rename(tmp, path);
}

size_t ModelManager::load_saved() {
  if (!factory_ || !fs::is_directory(dir_)) return 0;
  size_t n = 0;
  for (const auto& entry : fs::directory_iterator(dir_)) {
    if (entry.path().extension() != ".model") continue;
    try {
      std::ifstream in(entry.path(), std::ios::binary);
      std::string magic, meta_line;
      std::getline(in, magic);
      std::getline(in, meta_line);
      if (magic != "shopsense-model 1") throw Error("not a ShopSense model file");
      const Json meta = Json::parse(meta_line);
      auto model = factory_(meta.at("spec").get<std::string>());
      model->load(in);
      auto m = std::make_shared<ServedModel>();
      m->name = entry.path().stem().string();
      m->spec = meta.at("spec").get<std::string>();
      m->trained_at_ms = meta.value("trained_at_ms", int64_t{0});
      m->train_seconds = meta.value("train_seconds", 0.0);
      m->num_items = meta.value("items", size_t{0});
      m->num_users = meta.value("users", size_t{0});
      m->eval = meta.value("eval", Json());
      m->model = std::move(model);
      install(m);
      ++n;
    } catch (const std::exception& e) {
      std::fprintf(stderr, "warning: skipping saved model %s: %s\n", entry.path().c_str(), e.what());
    }
  }
  return n;
}

}  // namespace ss::serve
