// The LibTorch networks behind the sequence recommenders. Internal to src/deep: nothing
// outside this folder includes torch. Item id i is token i + 1; token 0 is padding.
#pragma once
#include <torch/torch.h>

#include <string>

namespace ss::deep {

struct NetConfig {
  std::string kind = "sasrec";  // sasrec | caser | gru4rec
  int64_t num_items = 0;
  int64_t max_len = 50;         // window of recent tokens (Caser: L)
  int64_t dim = 64;
  int64_t layers = 2;           // transformer blocks / GRU layers
  int64_t heads = 1;
  int64_t ff_mult = 4;
  double dropout = 0.2;
  double emb_dropout = 0.2;
  bool use_types = true;        // behaviour-type embeddings
  bool use_gaps = false;        // time-gap bucket embeddings
  int64_t caser_h = 16;         // Caser horizontal filters per height
  int64_t caser_v = 4;          // Caser vertical filters
};

// Left-padded token windows: the newest token is always in the last column.
struct SeqBatch {
  torch::Tensor items;  // [B, L] int64, 0 = padding
  torch::Tensor types;  // [B, L] int64
  torch::Tensor gaps;   // [B, L] int64
};

class SeqNetImpl : public torch::nn::Module {
 public:
  // Hidden states to be scored against output_embeddings(): [B, L, D] when
  // all_positions(), else [B, D] for the newest position only.
  virtual torch::Tensor encode(const SeqBatch& batch) = 0;
  virtual bool all_positions() const = 0;
  // [num_items + 1, D]; row 0 (padding) is never scored.
  virtual torch::Tensor output_embeddings() = 0;
  // Hidden state of the newest position, [B, D], whatever the net.
  torch::Tensor encode_last(const SeqBatch& batch) {
    auto h = encode(batch);
    return all_positions() ? h.select(1, h.size(1) - 1) : h;
  }
};

std::shared_ptr<SeqNetImpl> make_net(const NetConfig& config);

// Training loss of hidden states against next-token targets (same leading shape, 0 = no
// target): "ce" full softmax, "sampled" softmax over `negatives` shared uniform negatives,
// "bce" one uniform negative per target.
torch::Tensor sequence_loss(SeqNetImpl& net, const torch::Tensor& hidden, const torch::Tensor& targets,
                            const std::string& loss, int64_t negatives);

}  // namespace ss::deep
