// Sequence recommenders (SASRec-style transformer, Caser, GRU4Rec) behind ss::Recommender:
// parameters, training with early stopping on validation NDCG@10, checkpoints, serving.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <sstream>

#include "core/error.h"
#include "core/rng.h"
#include "deep/ann.h"
#include "deep/cfgan.h"
#include "deep/distributed.h"
#include "deep/nets.h"
#include "deep/register.h"
#include "deep/schedule.h"
#include "deep/sequences.h"
#include "deep/top_k.h"
#include "models/scoring_model.h"

namespace ss {
namespace {
using deep::LrSchedule;
using deep::NetConfig;
using deep::SeqBatch;
using deep::UserSequences;

std::vector<ParamDef> param_defs(const std::string& kind) {
  const bool caser = kind == "caser";
  return {
      {"dim", ParamKind::kInt, "64", "embedding and hidden size", 4, 4096},
      {"layers", ParamKind::kInt, caser ? "1" : "2", "transformer blocks / GRU layers", 1, 16},
      {"heads", ParamKind::kInt, "1", "attention heads (sasrec)", 1, 64},
      {"max_len", ParamKind::kInt, caser ? "5" : "50", "newest tokens seen (Caser: L)", 1, 1024},
      {"dropout", ParamKind::kFloat, caser ? "0.5" : "0.2", "dropout in blocks / Caser fc", 0, 0.95},
      {"emb_dropout", ParamKind::kFloat, "0.2", "dropout on input embeddings", 0, 0.95},
      {"types", ParamKind::kBool, "true", "behaviour-type embeddings (views, carts, purchases)"},
      {"gaps", ParamKind::kBool, "false", "time-gap bucket embeddings"},
      {"caser_h", ParamKind::kInt, "16", "Caser horizontal filters per height", 1, 1024},
      {"caser_v", ParamKind::kInt, "4", "Caser vertical filters", 1, 1024},
      {"loss", ParamKind::kString, "ce", "ce (full softmax) | sampled (softmax over negatives) | bce"},
      {"negatives", ParamKind::kInt, "256", "negatives per batch for loss=sampled", 1, 1e6},
      {"optimizer", ParamKind::kString, "adam", "adam | adamw"},
      {"lr", ParamKind::kFloat, "0.001", "base learning rate", 0, 10},
      {"weight_decay", ParamKind::kFloat, "0", "weight decay (decoupled for adamw)", 0, 10},
      {"clip", ParamKind::kFloat, "1", "gradient norm clip (0: off)", 0, 1e6},
      {"schedule", ParamKind::kString, "constant", "constant | inv_sqrt | step | cosine | linear"},
      {"warmup", ParamKind::kInt, "0", "linear warm-up steps", 0, 1e9},
      {"step_size", ParamKind::kInt, "1000", "steps per decay (schedule=step)", 1, 1e9},
      {"gamma", ParamKind::kFloat, "0.5", "decay factor (schedule=step)", 0, 1},
      {"lr_scale", ParamKind::kFloat, "1", "scale of schedule=inv_sqrt", 0, 1e6},
      {"epochs", ParamKind::kInt, "200", "maximum epochs", 1, 1e6},
      {"batch", ParamKind::kInt, "128", "sequences per step", 1, 1e6},
      {"patience", ParamKind::kInt, "5", "evaluations without improvement before stopping", 1, 1e6},
      {"eval_every", ParamKind::kInt, "1", "epochs between validations", 1, 1e6},
      {"val_users", ParamKind::kInt, "10000", "users validated (last token held out; 0: no validation)", 0, 1e9},
      {"max_minutes", ParamKind::kFloat, "0", "stop training after this long (0: no limit)", 0, 1e6},
      {"threads", ParamKind::kInt, "1",
       "LibTorch intra-op threads (0: the context's); matrix products use every core through OpenBLAS either way",
       0, 1024},
      {"device", ParamKind::kString, "auto", "auto (CUDA when available) | cpu | cuda"},
      {"checkpoint", ParamKind::kString, "", "directory for best.ssm and last.pt (empty: none)"},
      {"resume", ParamKind::kBool, "false", "continue from <checkpoint>/last.pt when present"},
      {"behaviors", ParamKind::kString, "all", "behaviour types learnt from: all, or a |-list like purchase|cart"},
      {"ann", ParamKind::kBool, "false", "serve top-k from an hnswlib index of the item embeddings"},
      {"ann_ef", ParamKind::kInt, "100", "hnswlib search beam (ann=true; higher: better recall, slower)", 1, 1e6},
  };
}

void check_choice(const Params& p, const std::string& key, std::initializer_list<const char*> ok) {
  const auto& v = p.get_string(key);
  for (const char* c : ok)
    if (v == c) return;
  std::string list;
  for (const char* c : ok) list += std::string(list.empty() ? "" : ", ") + c;
  throw Error("deep model parameter " + key + "=" + v + ": use one of " + list);
}

// A padded batch as the three tensors the nets read (copies; `pb` may go away).
torch::Tensor tensor_of(const std::vector<int64_t>& v, const deep::PaddedBatch& pb) {
  return torch::tensor(v, torch::kInt64).view({pb.rows, pb.width});
}
SeqBatch to_tensors(const deep::PaddedBatch& pb) {
  return {tensor_of(pb.items, pb), tensor_of(pb.types, pb), tensor_of(pb.gaps, pb)};
}

// The weights with every type outside `list` ("all" or "purchase|cart") set to 0, so that
// those events are neither learnt from nor read at serving time.
BehaviorWeights only_behaviors(BehaviorWeights w, const std::string& list) {
  if (list == "all") return w;
  std::array<bool, kNumBehaviors> keep{};
  std::stringstream in(list);
  std::string name;
  while (std::getline(in, name, '|')) {
    const auto b = parse_behavior(name);
    if (!b) throw Error("deep model parameter behaviors=" + list + ": unknown behaviour '" + name + "'");
    keep[size_t(*b)] = true;
  }
  for (size_t t = 0; t < kNumBehaviors; ++t)
    if (!keep[t]) w.w[t] = 0.0f;
  return w;
}

SeqBatch to_device(const SeqBatch& b, const torch::Device& d) {
  return {b.items.to(d), b.types.to(d), b.gaps.to(d)};
}

class SeqRecommender : public Recommender, public DenseScorer {
 public:
  explicit SeqRecommender(const Spec& spec) : kind_(spec.name), params_(spec.name, param_defs(spec.name)) {
    params_.configure(spec.params);
    check_choice(params_, "loss", {"ce", "sampled", "bce"});
    check_choice(params_, "optimizer", {"adam", "adamw"});
    check_choice(params_, "device", {"auto", "cpu", "cuda"});
    if (!LrSchedule::known(params_.get_string("schedule"))) schedule().lr(0);  // throws naming the choices
    only_behaviors({}, params_.get_string("behaviors"));  // fail early on a bad list
    if (params_.get_int("dim") % params_.get_int("heads") != 0) throw Error(kind_ + ": dim must be a multiple of heads");
  }
  Spec spec() const override { return params_.to_spec(kind_); }
  void fit(const TrainData& data, Context& ctx) override;
  std::vector<Recommendation> recommend(const RecommendRequest& req) const override;
  // DenseScorer: the next-item distribution (softmax of the logits), so that a hybrid can
  // blend the transformer with classical models on a common, non-negative scale.
  bool score(const RecommendRequest& req, std::span<float> scores) const override;
  std::string explain(const RecommendRequest& req, uint32_t item) const override;
  void save(std::ostream& out) const override;
  void load(std::istream& in) override;

 private:
  // The network's summary of the window after its last token: [1, dim].
  torch::Tensor last_hidden(const deep::TokenWindow& win) const;
  // One logit per item (padding excluded), for a summary from last_hidden().
  torch::Tensor item_logits(const torch::Tensor& h) const {
    return torch::matmul(net_->output_embeddings().slice(0, 1), h.squeeze(0)).contiguous();
  }
  std::string reason(size_t window_length) const {
    return kind_ + ": follows your last " + std::to_string(window_length) + " actions";
  }

  NetConfig net_config(int64_t num_items) const {
    NetConfig c;
    c.kind = kind_;
    c.num_items = num_items;
    c.max_len = params_.get_int("max_len");
    c.dim = params_.get_int("dim");
    c.layers = params_.get_int("layers");
    c.heads = params_.get_int("heads");
    c.dropout = params_.get_float("dropout");
    c.emb_dropout = params_.get_float("emb_dropout");
    c.use_types = params_.get_bool("types");
    c.use_gaps = params_.get_bool("gaps");
    c.caser_h = params_.get_int("caser_h");
    c.caser_v = params_.get_int("caser_v");
    return c;
  }
  LrSchedule schedule() const {
    LrSchedule s;
    s.name = params_.get_string("schedule");
    s.base = params_.get_float("lr");
    s.warmup = params_.get_int("warmup");
    s.step_size = params_.get_int("step_size");
    s.gamma = params_.get_float("gamma");
    s.scale = params_.get_float("lr_scale");
    return s;
  }
  double validate(const UserSequences& s, const std::vector<uint32_t>& users, const torch::Device& dev);
  void save_net(std::ostream& out) const;
  void load_net(std::istream& in);
  // The ANN index over output embeddings (items only, not padding), when ann=true: built
  // (in parallel on ctx's pool when given), or read from a model file's block when `saved`
  // is given (rebuilt if that block is empty or not of these embeddings).
  void build_ann(Context* ctx, BinReader* saved = nullptr) {
    ann_.reset();
    if (!params_.get_bool("ann")) return;
    torch::NoGradGuard ng;
    auto e = net_->output_embeddings().slice(0, 1).to(torch::kCPU).contiguous();
    deep::AnnOptions o;
    o.ef_search = int(params_.get_int("ann_ef"));
    const auto* v = e.data_ptr<float>();
    const auto n = size_t(e.size(0)), d = size_t(e.size(1));
    ann_ = saved ? std::make_shared<deep::AnnIndex>(v, n, d, o, *saved) : std::make_shared<deep::AnnIndex>(v, n, d, o, ctx);
  }
  // Top-k through the index, or false when too few candidates pass the request's filter
  // and exclusions (the caller scores every item then).
  bool recommend_ann(const RecommendRequest& req, const torch::Tensor& h, const std::string& reason,
                     std::vector<Recommendation>& out) const;

  std::string kind_;
  Params params_;
  BehaviorWeights weights_;
  int64_t num_items_ = 0;
  std::vector<float> popularity_;  // fallback for requests without usable history
  std::shared_ptr<deep::SeqNetImpl> net_;
  std::shared_ptr<deep::AnnIndex> ann_;
};

// NDCG@10 of the held-out last token against all items, the user's earlier items excluded.
double SeqRecommender::validate(const UserSequences& s, const std::vector<uint32_t>& users, const torch::Device& dev) {
  torch::NoGradGuard ng;
  net_->eval();
  double sum = 0;
  const size_t B = 256;
  for (size_t lo = 0; lo < users.size(); lo += B) {
    std::vector<uint32_t> us(users.begin() + long(lo), users.begin() + long(std::min(users.size(), lo + B)));
    std::vector<uint32_t> ends(us.size());
    std::vector<int64_t> rows, cols, target;
    for (size_t r = 0; r < us.size(); ++r) {
      const auto items = s.items_of(us[r]);
      ends[r] = uint32_t(items.size() - 1);
      target.push_back(items.back());
      for (size_t j = 0; j + 1 < items.size(); ++j) {
        if (items[j] == items.back()) continue;  // a repeat of the target stays rankable
        rows.push_back(int64_t(r));
        cols.push_back(items[j]);
      }
    }
    auto h = net_->encode_last(to_device(to_tensors(deep::pad_windows(s, us, ends, size_t(params_.get_int("max_len")), false)), dev));
    auto scores = torch::matmul(h, net_->output_embeddings().slice(0, 1).t()).cpu();
    auto tgt = torch::tensor(target, torch::kInt64);
    auto ts = scores.gather(1, tgt.unsqueeze(1));
    if (!rows.empty())
      scores.index_put_({torch::tensor(rows, torch::kInt64), torch::tensor(cols, torch::kInt64)}, -INFINITY);
    auto rank = scores.gt(ts).sum(1);
    auto acc = rank.accessor<int64_t, 1>();
    for (int64_t r = 0; r < rank.size(0); ++r)
      if (acc[r] < 10) sum += 1.0 / std::log2(double(acc[r]) + 2.0);
  }
  net_->train();
  return users.empty() ? 0.0 : sum / double(users.size());
}

std::string eta_text(double seconds) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%dm%02ds", int(seconds) / 60, int(seconds) % 60);
  return buf;
}

void SeqRecommender::fit(const TrainData& data, Context& ctx) {
  using clock = std::chrono::steady_clock;
  const auto started = clock::now();
  weights_ = only_behaviors(data.weights, params_.get_string("behaviors"));
  num_items_ = int64_t(data.num_items());
  const int64_t threads = params_.get_int("threads") > 0 ? params_.get_int("threads") : int64_t(ctx.threads());
  at::set_num_threads(int(threads));
  torch::manual_seed(ctx.seed);
  Rng rng(ctx.seed ^ 0x5eedull);
  const auto& dev_name = params_.get_string("device");
  if (dev_name == "cuda" && !torch::cuda::is_available()) throw Error(kind_ + ": device=cuda but no CUDA device is available");
  const torch::Device dev = (dev_name != "cpu" && torch::cuda::is_available()) ? torch::kCUDA : torch::kCPU;

  UserSequences seqs = deep::build_sequences(data.events, weights_, data.num_users());
  popularity_.assign(size_t(num_items_), 0.0f);
  for (uint32_t it : seqs.items) popularity_[it] += 1.0f;

  // Validation holds out each chosen user's last token; training never sees it.
  std::vector<uint32_t> candidates;
  for (uint32_t u = 0; u < seqs.num_users(); ++u)
    if (seqs.length(u) >= 3) candidates.push_back(u);
  for (size_t i = candidates.size(); i > 1; --i) std::swap(candidates[i - 1], candidates[rng.below(i)]);
  candidates.resize(std::min<size_t>(candidates.size(), size_t(params_.get_int("val_users"))));
  std::sort(candidates.begin(), candidates.end());
  const bool validating = !candidates.empty();
  std::vector<uint32_t> train_len(seqs.num_users());
  for (uint32_t u = 0; u < seqs.num_users(); ++u) train_len[u] = uint32_t(seqs.length(u));
  for (uint32_t u : candidates) train_len[u]--;
  deep::keep_own_users(data.comm, candidates);  // each rank validates its own users; the NDCG is averaged

  net_ = deep::make_net(net_config(num_items_));
  net_->to(dev);
  deep::broadcast_parameters(data.comm, *net_);
  const bool all_pos = net_->all_positions();
  // Samples: (user, end) = predict token `end` (and, for all-position nets, every earlier one).
  std::vector<std::pair<uint32_t, uint32_t>> samples;
  for (uint32_t u = 0; u < seqs.num_users(); ++u) {
    if (train_len[u] < 2) continue;
    if (all_pos) samples.emplace_back(u, train_len[u] - 1);
    else
      for (uint32_t t = 1; t < train_len[u]; ++t) samples.emplace_back(u, t);
  }
  if (samples.empty()) throw Error(kind_ + ": no user has two or more usable events to learn from");

  const double lr = params_.get_float("lr"), wd = params_.get_float("weight_decay");
  std::unique_ptr<torch::optim::Optimizer> opt;
  if (params_.get_string("optimizer") == "adamw")
    opt = std::make_unique<torch::optim::AdamW>(net_->parameters(), torch::optim::AdamWOptions(lr).weight_decay(wd));
  else
    opt = std::make_unique<torch::optim::Adam>(net_->parameters(), torch::optim::AdamOptions(lr).weight_decay(wd));
  const int64_t batch = deep::shard_samples(data.comm, samples, params_.get_int("batch"), ctx.seed);
  const int64_t epochs = params_.get_int("epochs");
  const int64_t steps_per_epoch = (int64_t(samples.size()) + batch - 1) / batch;
  LrSchedule sched = schedule();
  sched.total = steps_per_epoch * epochs;

  const std::string ckpt = params_.get_string("checkpoint");
  int64_t epoch0 = 0, step = 0, bad_evals = 0, best_epoch = 0;
  double best = -1.0;
  if (!ckpt.empty() && distributed(data.comm)) throw Error(kind_ + ": checkpoint/resume is single-process only; drop checkpoint= for a distributed run");
  if (!ckpt.empty()) std::filesystem::create_directories(ckpt);
  const std::string last_path = ckpt + "/last.pt";
  if (!ckpt.empty() && params_.get_bool("resume") && std::filesystem::exists(last_path)) {
    torch::serialize::InputArchive ar, model_ar, opt_ar;
    ar.load_from(last_path, dev);
    ar.read("model", model_ar);
    ar.read("optim", opt_ar);
    net_->load(model_ar);
    opt->load(opt_ar);
    torch::Tensor meta;
    ar.read("meta", meta);
    auto m = meta.accessor<double, 1>();
    epoch0 = int64_t(m[0]), step = int64_t(m[1]), best = m[2], bad_evals = int64_t(m[3]), best_epoch = int64_t(m[4]);
    for (int64_t e = 0; e < epoch0; ++e) rng.next();  // shuffles differ per epoch either way
    if (!ctx.quiet) std::fprintf(stderr, "%s: resumed at epoch %ld (best ndcg@10 %.4f)\n", kind_.c_str(), long(epoch0), best);
  }
  std::vector<torch::Tensor> best_params;
  auto keep_best = [&] {
    best_params.clear();
    for (auto& p : net_->parameters()) best_params.push_back(p.detach().clone());
  };
  if (best >= 0) keep_best();

  const double max_seconds = params_.get_float("max_minutes") * 60.0;
  const double clip = params_.get_float("clip");
  net_->train();
  for (int64_t epoch = epoch0; epoch < epochs; ++epoch) {
    const auto t0 = clock::now();
    Rng erng(ctx.seed * 1000003ull + uint64_t(epoch));
    for (size_t i = samples.size(); i > 1; --i) std::swap(samples[i - 1], samples[erng.below(i)]);
    // Most sequences are short: sorting by length within groups of 32 batches keeps each
    // batch's padded width near its longest member (several times less work) while the
    // order of batches stays random.
    const size_t group = size_t(batch) * 32;
    for (size_t g = 0; g < samples.size(); g += group) {
      auto first = samples.begin() + long(g), last = samples.begin() + long(std::min(samples.size(), g + group));
      std::stable_sort(first, last, [](const auto& a, const auto& b) { return a.second < b.second; });
    }
    std::vector<int64_t> order((samples.size() + size_t(batch) - 1) / size_t(batch));
    std::iota(order.begin(), order.end(), 0);
    for (size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[erng.below(i)]);
    double loss_sum = 0;
    int64_t batches_done = 0;
    for (int64_t bi : order) {
      ctx.check_cancelled();
      // A single process stops mid-epoch when its time is up (an epoch over a big catalogue
      // can take longer than the whole budget); ranks of a distributed run must agree, so
      // they only stop between epochs.
      if (!distributed(data.comm) && max_seconds > 0 && batches_done > 0 &&
          std::chrono::duration<double>(clock::now() - started).count() >= max_seconds)
        break;
      const int64_t lo = bi * batch, hi = std::min<int64_t>(int64_t(samples.size()), lo + batch);
      std::vector<uint32_t> us, ends;
      for (int64_t i = lo; i < hi; ++i) us.push_back(samples[size_t(i)].first), ends.push_back(samples[size_t(i)].second);
      const auto pb = deep::pad_windows(seqs, us, ends, size_t(params_.get_int("max_len")), true);
      const SeqBatch b = to_tensors(pb);
      torch::Tensor targets = tensor_of(pb.targets, pb);
      if (!all_pos) targets = targets.select(1, targets.size(1) - 1);
      const double cur_lr = sched.lr(step);
      for (auto& g : opt->param_groups()) g.options().set_lr(cur_lr);
      opt->zero_grad();
      auto l = deep::sequence_loss(*net_, net_->encode(to_device(b, dev)), targets.to(dev), params_.get_string("loss"),
                                    params_.get_int("negatives"));
      l.backward();
      deep::allreduce_gradients(data.comm, *net_);
      if (clip > 0) torch::nn::utils::clip_grad_norm_(net_->parameters(), clip);
      opt->step();
      loss_sum += l.item<double>();
      ++step;
      ++batches_done;
    }
    const double secs = std::chrono::duration<double>(clock::now() - t0).count();
    const double mean_loss = loss_sum / double(std::max<int64_t>(batches_done, 1));
    const double seq_per_s = double(batches_done * batch) / secs;  // a capped epoch counts what it did
    const double total_secs = std::chrono::duration<double>(clock::now() - started).count();
    const bool out_of_time = deep::any_rank(data.comm, max_seconds > 0 && total_secs >= max_seconds);
    const bool last_epoch = epoch + 1 == epochs || out_of_time;
    if (validating && ((epoch + 1) % params_.get_int("eval_every") == 0 || last_epoch)) {
      const double ndcg = deep::global_mean(data.comm, validate(seqs, candidates, dev), candidates.size());
      if (ndcg > best) {
        best = ndcg, best_epoch = epoch + 1, bad_evals = 0;
        keep_best();
        if (!ckpt.empty()) {
          std::ofstream f(ckpt + "/best.ssm", std::ios::binary);
          save(f);
        }
      } else {
        ++bad_evals;
      }
      if (!ctx.quiet)
        std::fprintf(stderr, "%s epoch %ld/%ld loss %.4f val ndcg@10 %.4f (best %.4f @%ld) %.0f seq/s ETA %s\n",
                     kind_.c_str(), long(epoch + 1), long(epochs), mean_loss, ndcg, best, long(best_epoch), seq_per_s,
                     eta_text(secs * double(epochs - epoch - 1)).c_str());
      if (!ckpt.empty()) {
        torch::serialize::OutputArchive ar, model_ar, opt_ar;
        net_->save(model_ar);
        opt->save(opt_ar);
        ar.write("model", model_ar);
        ar.write("optim", opt_ar);
        ar.write("meta", torch::tensor({double(epoch + 1), double(step), best, double(bad_evals), double(best_epoch)},
                                       torch::kFloat64));
        ar.save_to(last_path);
      }
      if (bad_evals >= params_.get_int("patience")) break;
    } else if (!ctx.quiet) {
      std::fprintf(stderr, "%s epoch %ld/%ld loss %.4f %.0f seq/s ETA %s\n", kind_.c_str(), long(epoch + 1),
                   long(epochs), mean_loss, seq_per_s,
                   eta_text(secs * double(epochs - epoch - 1)).c_str());
    }
    if (out_of_time) break;
  }
  if (!best_params.empty()) {
    torch::NoGradGuard ng;
    auto ps = net_->parameters();
    for (size_t i = 0; i < ps.size(); ++i) ps[i].copy_(best_params[i]);
  }
  net_->to(torch::kCPU);  // serving runs on the CPU
  net_->eval();
  build_ann(&ctx);
}

// Top-k from the ANN index: enough candidates to survive the exclusions and the filter.
// A filter can reject most items (one category of hundreds), so the candidate count grows
// 4x per round, up to 16x the first; hnswlib widens its beam to the count asked for. Past
// that, scoring every item is as cheap as a wider graph walk, and exact.
bool SeqRecommender::recommend_ann(const RecommendRequest& req, const torch::Tensor& h, const std::string& reason,
                                   std::vector<Recommendation>& out) const {
  std::vector<uint32_t> banned(req.exclude.begin(), req.exclude.end());
  if (req.exclude_history) banned.insert(banned.end(), req.history.items.begin(), req.history.items.end());
  std::sort(banned.begin(), banned.end());
  banned.erase(std::unique(banned.begin(), banned.end()), banned.end());
  auto q = h.reshape({-1}).contiguous();
  const size_t first = (req.allow ? 2 * req.k : req.k) + banned.size();
  for (size_t n = first; n <= 16 * first; n *= 4) {
    const size_t ask = std::min(n, ann_->size());
    const auto found = ann_->search(q.data_ptr<float>(), ask);
    out.clear();
    for (const auto& [item, score] : found) {
      if (out.size() == req.k) break;
      if (std::binary_search(banned.begin(), banned.end(), item)) continue;
      if (req.allow && !req.allow(item)) continue;
      out.push_back({item, score, req.with_reasons ? reason : std::string()});
    }
    if (out.size() == req.k) return true;
    if (ask == ann_->size()) return found.size() == ask;  // every item seen: this is all there is
  }
  return false;
}

torch::Tensor SeqRecommender::last_hidden(const deep::TokenWindow& win) const {
  return net_->encode_last(to_tensors(deep::pad_window(win)));
}

std::vector<Recommendation> SeqRecommender::recommend(const RecommendRequest& req) const {
  if (!net_) throw Error(kind_ + ": recommend() before fit() or load()");
  const auto win = deep::window_from_history(req.history, weights_, size_t(params_.get_int("max_len")));
  if (win.items.empty()) {
    std::vector<float> scores = popularity_;
    return deep::top_k_from_scores(scores, req, "popular");
  }
  c10::InferenceMode guard;
  const auto h = last_hidden(win);
  // The index answers when enough of its candidates pass the filter and exclusions.
  if (ann_) {
    std::vector<Recommendation> out;
    if (recommend_ann(req, h, reason(win.items.size()), out)) return out;
  }
  const auto s = item_logits(h);
  std::vector<float> scores(s.data_ptr<float>(), s.data_ptr<float>() + s.numel());
  return deep::top_k_from_scores(scores, req, reason(win.items.size()));
}

bool SeqRecommender::score(const RecommendRequest& req, std::span<float> scores) const {
  if (!net_) throw Error(kind_ + ": score() before fit() or load()");
  const auto win = deep::window_from_history(req.history, weights_, size_t(params_.get_int("max_len")));
  if (win.items.empty()) return false;
  c10::InferenceMode guard;
  const auto p = torch::softmax(item_logits(last_hidden(win)), 0).contiguous();
  const float* v = p.data_ptr<float>();
  const size_t n = std::min(scores.size(), size_t(p.numel()));
  for (size_t i = 0; i < n; ++i) scores[i] += v[i];
  return true;
}

std::string SeqRecommender::explain(const RecommendRequest& req, uint32_t) const {
  return reason(deep::window_from_history(req.history, weights_, size_t(params_.get_int("max_len"))).items.size());
}

// The body's version: 1 ends with the network; 2 (written with an ANN index) adds the
// index's graph after it, so that loading does not rebuild it. Files without an index are
// still written as version 1, byte for byte as before.
constexpr char kMagic1[] = "SSDEEP1";
constexpr char kMagic2[] = "SSDEEP2";

void SeqRecommender::save_net(std::ostream& out) const {
  torch::serialize::OutputArchive ar;
  net_->save(ar);
  std::ostringstream buf;
  ar.save_to(buf);
  const std::string bytes = buf.str();
  const uint64_t n = bytes.size();
  out.write(reinterpret_cast<const char*>(&n), sizeof n);
  out.write(bytes.data(), long(n));
}

void SeqRecommender::load_net(std::istream& in) {
  uint64_t n = 0;
  in.read(reinterpret_cast<char*>(&n), sizeof n);
  std::string bytes(n, '\0');
  in.read(bytes.data(), long(n));
  if (!in) throw Error(kind_ + ": truncated model file", ErrorCode::kCorrupt);
  std::istringstream buf(bytes);
  torch::serialize::InputArchive ar;
  ar.load_from(buf, torch::kCPU);
  net_->load(ar);
}

void SeqRecommender::save(std::ostream& out) const {
  if (!net_) throw Error(kind_ + ": save() before fit()");
  const std::string spec_text = spec().to_string();
  const uint64_t len = spec_text.size(), items = uint64_t(num_items_);
  {  // the header of every ShopSense model file, read by load_model_file() to pick the model
    BinWriter w(out);
    out.write("SSMODEL", 8);
    w.pod(kModelFormatVersion);
    w.str(spec_text);
  }
  out.write(ann_ ? kMagic2 : kMagic1, sizeof kMagic1);
  out.write(reinterpret_cast<const char*>(&len), sizeof len);
  out.write(spec_text.data(), long(len));
  out.write(reinterpret_cast<const char*>(&items), sizeof items);
  out.write(reinterpret_cast<const char*>(weights_.w.data()), sizeof(float) * weights_.w.size());
  out.write(reinterpret_cast<const char*>(popularity_.data()), long(sizeof(float) * popularity_.size()));
  save_net(out);
  if (ann_) {
    BinWriter w(out);
    ann_->save(w);
  }
  if (!out) throw Error(kind_ + ": could not write the model", ErrorCode::kIo);
}

void SeqRecommender::load(std::istream& in) {
  BinReader header(in);
  read_model_header(header);
  char magic[sizeof kMagic1] = {};
  in.read(magic, sizeof magic);
  const std::string body(magic, strnlen(magic, sizeof magic));
  if (!in || (body != kMagic1 && body != kMagic2))
    throw Error(kind_ + ": not a ShopSense deep model file (or one from a newer version)", ErrorCode::kCorrupt);
  uint64_t len = 0, items = 0;
  in.read(reinterpret_cast<char*>(&len), sizeof len);
  std::string spec_text(len, '\0');
  in.read(spec_text.data(), long(len));
  const Spec saved = Spec::parse(spec_text);
  if (saved.name != kind_) throw Error("model file holds '" + saved.name + "', not '" + kind_ + "'", ErrorCode::kCorrupt);
  params_.configure(saved.params);
  in.read(reinterpret_cast<char*>(&items), sizeof items);
  num_items_ = int64_t(items);
  in.read(reinterpret_cast<char*>(weights_.w.data()), sizeof(float) * weights_.w.size());
  popularity_.assign(items, 0.0f);
  in.read(reinterpret_cast<char*>(popularity_.data()), long(sizeof(float) * items));
  net_ = deep::make_net(net_config(num_items_));
  load_net(in);
  net_->eval();
  if (body == kMagic1) return build_ann(nullptr);  // no saved graph: build one
  BinReader r(in);
  if (params_.get_bool("ann")) return build_ann(nullptr, &r);
  ann_.reset();  // a graph saved for a model without ann: skipped
  r.pod<int32_t>();
  std::vector<char> unused;
  r.vec(unused);
}

}  // namespace

std::vector<std::string> deep_model_names() { return {"sasrec", "caser", "gru4rec", "cfgan"}; }

std::string deep_model_help(const std::string& name) {
  if (name == "cfgan") return deep::cfgan_help();
  const char* what = name == "sasrec"  ? "behaviour-sequence transformer (causal self-attention over recent events)"
                     : name == "caser" ? "Caser: convolutions over the last L events"
                                       : "GRU4Rec: recurrent model over recent events";
  return std::string(what) + "\n" + Params(name, param_defs(name)).help();
}

std::unique_ptr<Recommender> make_deep_model(const Spec& spec) {
  const auto names = deep_model_names();
  if (std::find(names.begin(), names.end(), spec.name) == names.end())
    throw Error("unknown deep model '" + spec.name + "' (use sasrec, caser, gru4rec or cfgan)");
  if (spec.name == "cfgan") return deep::make_cfgan(spec);
  return std::make_unique<SeqRecommender>(spec);
}

}  // namespace ss
