// SASRec-style transformer (causal self-attention, learned positions, item + behaviour-type
// + time-gap embeddings), Caser (horizontal and vertical convolutions) and GRU4Rec.
#include "deep/nets.h"

#include <cmath>

#include "core/error.h"
#include "deep/sequences.h"

namespace ss::deep {
namespace nn = torch::nn;

namespace {

// Token embedding shared by the nets: item (+ type) (+ gap), scaled like SASRec.
struct TokenEmbedImpl : nn::Module {
  TokenEmbedImpl(const NetConfig& c) : cfg(c) {
    item = register_module("item", nn::Embedding(nn::EmbeddingOptions(c.num_items + 1, c.dim).padding_idx(0)));
    nn::init::normal_(item->weight, 0.0, 1.0 / std::sqrt(double(c.dim)));
    if (c.use_types) type = register_module("type", nn::Embedding(kNumBehaviors, c.dim));
    if (c.use_gaps) gap = register_module("gap", nn::Embedding(kGapBuckets, c.dim));
    if (c.use_types) nn::init::normal_(type->weight, 0.0, 0.02);
    if (c.use_gaps) nn::init::normal_(gap->weight, 0.0, 0.02);
    torch::NoGradGuard ng;
    item->weight[0].zero_();
  }
  torch::Tensor forward(const SeqBatch& b) {
    auto x = item->forward(b.items) * std::sqrt(double(cfg.dim));
    if (cfg.use_types) x = x + type->forward(b.types);
    if (cfg.use_gaps) x = x + gap->forward(b.gaps);
    return x;
  }
  NetConfig cfg;
  nn::Embedding item{nullptr}, type{nullptr}, gap{nullptr};
};
TORCH_MODULE(TokenEmbed);

// Pre-LayerNorm transformer block with causal attention that also ignores padding keys.
struct BlockImpl : nn::Module {
  BlockImpl(const NetConfig& c) : heads(c.heads), dim(c.dim) {
    ln1 = register_module("ln1", nn::LayerNorm(nn::LayerNormOptions({c.dim})));
    ln2 = register_module("ln2", nn::LayerNorm(nn::LayerNormOptions({c.dim})));
    qkv = register_module("qkv", nn::Linear(c.dim, 3 * c.dim));
    proj = register_module("proj", nn::Linear(c.dim, c.dim));
    ff1 = register_module("ff1", nn::Linear(c.dim, c.dim * c.ff_mult));
    ff2 = register_module("ff2", nn::Linear(c.dim * c.ff_mult, c.dim));
    drop = register_module("drop", nn::Dropout(c.dropout));
  }
  // mask: [B, 1, L, L] additive (0 or -inf).
  torch::Tensor forward(torch::Tensor x, const torch::Tensor& mask) {
    const auto B = x.size(0), L = x.size(1), dh = dim / heads;
    auto q_k_v = qkv->forward(ln1->forward(x)).view({B, L, 3, heads, dh}).permute({2, 0, 3, 1, 4});
    auto q = q_k_v[0], k = q_k_v[1], v = q_k_v[2];  // [B, H, L, dh]
    auto att = torch::matmul(q, k.transpose(-2, -1)) * (1.0 / std::sqrt(double(dh))) + mask;
    att = drop->forward(torch::softmax(att, -1));
    auto y = torch::matmul(att, v).transpose(1, 2).reshape({B, L, dim});
    x = x + drop->forward(proj->forward(y));
    auto f = ff2->forward(drop->forward(torch::gelu(ff1->forward(ln2->forward(x)))));
    return x + drop->forward(f);
  }
  int64_t heads, dim;
  nn::LayerNorm ln1{nullptr}, ln2{nullptr};
  nn::Linear qkv{nullptr}, proj{nullptr}, ff1{nullptr}, ff2{nullptr};
  nn::Dropout drop{nullptr};
};
TORCH_MODULE(Block);

class SasRec : public SeqNetImpl {
 public:
  explicit SasRec(const NetConfig& c) : cfg_(c) {
    emb_ = register_module("emb", TokenEmbed(c));
    pos_ = register_module("pos", nn::Embedding(c.max_len, c.dim));
    nn::init::normal_(pos_->weight, 0.0, 0.02);
    drop_ = register_module("drop", nn::Dropout(c.emb_dropout));
    for (int64_t i = 0; i < c.layers; ++i) blocks_.push_back(register_module("block" + std::to_string(i), Block(c)));
    ln_ = register_module("ln", nn::LayerNorm(nn::LayerNormOptions({c.dim})));
  }
  bool all_positions() const override { return true; }
  torch::Tensor output_embeddings() override { return emb_->item->weight; }
  torch::Tensor encode(const SeqBatch& b) override {
    const auto L = b.items.size(1);
    // Windows shorter than max_len keep the newest token at the last position, as in training.
    auto pos = torch::arange(cfg_.max_len - L, cfg_.max_len, b.items.options());
    auto pad = b.items.eq(0);  // [B, L]
    auto x = drop_->forward(emb_->forward(b) + pos_->forward(pos).unsqueeze(0));
    x = x.masked_fill(pad.unsqueeze(-1), 0.0);
    // Query i sees keys j <= i that are not padding; every row keeps its diagonal so
    // padded queries never get an all -inf row (their output is zeroed anyway).
    auto future = torch::ones({L, L}, torch::dtype(torch::kBool).device(b.items.device())).triu(1);
    auto eye = torch::eye(L, torch::dtype(torch::kBool).device(b.items.device()));
    auto blocked = future.unsqueeze(0).logical_or(pad.unsqueeze(1).logical_and(eye.logical_not().unsqueeze(0)));
    auto mask = torch::zeros(blocked.sizes(), x.options()).masked_fill(blocked, -INFINITY).unsqueeze(1);
    for (auto& blk : blocks_) x = blk->forward(x, mask).masked_fill(pad.unsqueeze(-1), 0.0);
    return ln_->forward(x);
  }

 private:
  NetConfig cfg_;
  TokenEmbed emb_{nullptr};
  nn::Embedding pos_{nullptr};
  nn::Dropout drop_{nullptr};
  std::vector<Block> blocks_;
  nn::LayerNorm ln_{nullptr};
};

// Caser: the last L token embeddings as an L x D image; horizontal filters of every height
// catch union-level and skip patterns, vertical filters weight the positions.
class Caser : public SeqNetImpl {
 public:
  explicit Caser(const NetConfig& c) : cfg_(c) {
    emb_ = register_module("emb", TokenEmbed(c));
    vert_ = register_module("vert", nn::Conv2d(nn::Conv2dOptions(1, c.caser_v, {c.max_len, 1})));
    for (int64_t h = 1; h <= c.max_len; ++h)
      horiz_.push_back(register_module("h" + std::to_string(h), nn::Conv2d(nn::Conv2dOptions(1, c.caser_h, {h, c.dim}))));
    fc_ = register_module("fc", nn::Linear(c.caser_v * c.dim + c.caser_h * c.max_len, c.dim));
    drop_ = register_module("drop", nn::Dropout(c.dropout));
    out_ = register_module("out", nn::Embedding(c.num_items + 1, c.dim));
    nn::init::normal_(out_->weight, 0.0, 1.0 / std::sqrt(double(c.dim)));
  }
  bool all_positions() const override { return false; }
  torch::Tensor output_embeddings() override { return out_->weight; }
  torch::Tensor encode(const SeqBatch& b) override {
    SeqBatch full = b;
    const auto L = b.items.size(1);
    if (L < cfg_.max_len) {  // short windows are left-padded to the image height
      const std::vector<int64_t> pad{cfg_.max_len - L, 0};
      full.items = torch::constant_pad_nd(b.items, pad, 0);
      full.types = torch::constant_pad_nd(b.types, pad, 0);
      full.gaps = torch::constant_pad_nd(b.gaps, pad, 0);
    }
    auto e = emb_->forward(full) / std::sqrt(double(cfg_.dim));
    e = e.masked_fill(full.items.eq(0).unsqueeze(-1), 0.0).unsqueeze(1);  // [B, 1, L, D]
    auto v = vert_->forward(e).flatten(1);                                 // [B, v * D]
    std::vector<torch::Tensor> parts{v};
    for (auto& conv : horiz_) {
      auto h = torch::relu(conv->forward(e).squeeze(3));  // [B, h, L - height + 1]
      parts.push_back(std::get<0>(h.max(2)));
    }
    return torch::relu(fc_->forward(drop_->forward(torch::cat(parts, 1))));
  }

 private:
  NetConfig cfg_;
  TokenEmbed emb_{nullptr};
  nn::Conv2d vert_{nullptr};
  std::vector<nn::Conv2d> horiz_;
  nn::Linear fc_{nullptr};
  nn::Dropout drop_{nullptr};
  nn::Embedding out_{nullptr};
};

class Gru4Rec : public SeqNetImpl {
 public:
  explicit Gru4Rec(const NetConfig& c) : cfg_(c) {
    emb_ = register_module("emb", TokenEmbed(c));
    gru_ = register_module("gru", nn::GRU(nn::GRUOptions(c.dim, c.dim).num_layers(c.layers).batch_first(true)));
    drop_ = register_module("drop", nn::Dropout(c.emb_dropout));
  }
  bool all_positions() const override { return true; }
  torch::Tensor output_embeddings() override { return emb_->item->weight; }
  torch::Tensor encode(const SeqBatch& b) override {
    auto x = drop_->forward(emb_->forward(b) / std::sqrt(double(cfg_.dim)));
    return std::get<0>(gru_->forward(x));
  }

 private:
  NetConfig cfg_;
  TokenEmbed emb_{nullptr};
  nn::GRU gru_{nullptr};
  nn::Dropout drop_{nullptr};
};

}  // namespace

torch::Tensor sequence_loss(SeqNetImpl& net, const torch::Tensor& hidden, const torch::Tensor& targets,
                            const std::string& name, int64_t negatives) {
  const int64_t num_items = net.output_embeddings().size(0) - 1;
  auto valid = targets.gt(0);
  auto h = hidden.index({valid});  // [M, D]
  auto t = targets.index({valid});  // [M], tokens 1..N
  auto w = net.output_embeddings();
  if (name == "ce") return torch::cross_entropy_loss(torch::matmul(h, w.slice(0, 1).t()), t - 1);
  auto pos = (h * w.index_select(0, t)).sum(-1);
  if (name == "bce") {
    auto neg_ids = torch::randint(1, num_items + 1, {t.size(0)}, t.options());
    auto neg = (h * w.index_select(0, neg_ids)).sum(-1);
    return -(torch::log_sigmoid(pos) + torch::log_sigmoid(-neg)).mean();
  }
  // Sampled softmax: the positive against negatives shared by the batch; accidental hits
  // of the positive among them are masked out.
  auto neg_ids = torch::randint(1, num_items + 1, {negatives}, t.options());
  auto neg = torch::matmul(h, w.index_select(0, neg_ids).t());
  neg = neg.masked_fill(neg_ids.unsqueeze(0).eq(t.unsqueeze(1)), -1e9);
  auto logits = torch::cat({pos.unsqueeze(1), neg}, 1);
  return torch::cross_entropy_loss(logits, torch::zeros_like(t));
}

std::shared_ptr<SeqNetImpl> make_net(const NetConfig& c) {
  if (c.num_items <= 0) throw Error("deep model: no items to learn");
  if (c.dim % c.heads != 0) throw Error("sasrec: dim must be a multiple of heads");
  if (c.kind == "sasrec") return std::make_shared<SasRec>(c);
  if (c.kind == "caser") return std::make_shared<Caser>(c);
  if (c.kind == "gru4rec") return std::make_shared<Gru4Rec>(c);
  throw Error("unknown deep model '" + c.kind + "' (use sasrec, caser or gru4rec)");
}

}  // namespace ss::deep
