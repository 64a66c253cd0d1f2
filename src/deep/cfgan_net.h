// CFGAN (Chae et al., CIKM 2018) networks: a generator that turns a user's (partly hidden)
// interaction vector plus noise into a score for every item, and a discriminator that
// tells real interaction vectors from generated ones, both conditioned on the user vector.
// Internal to src/deep (torch); the recommender around it is cfgan.cpp.
#pragma once
#include <torch/torch.h>

namespace ss::deep {

struct CfganConfig {
  int64_t num_items = 0;
  int64_t hidden = 256;
  int64_t noise = 16;  // noise dimensions appended to the condition
};

class CfganGeneratorImpl : public torch::nn::Module {
 public:
  explicit CfganGeneratorImpl(const CfganConfig& c);
  // condition [B, I] in {0,1}, noise [B, Z] -> scores in (0,1) [B, I].
  torch::Tensor forward(const torch::Tensor& condition, const torch::Tensor& noise);

 private:
  torch::nn::Linear l1_{nullptr}, l2_{nullptr}, out_{nullptr};
};
TORCH_MODULE(CfganGenerator);

class CfganDiscriminatorImpl : public torch::nn::Module {
 public:
  explicit CfganDiscriminatorImpl(const CfganConfig& c);
  // (vector [B, I], condition [B, I]) -> logit of "real" [B].
  torch::Tensor forward(const torch::Tensor& vector, const torch::Tensor& condition);

 private:
  torch::nn::Linear l1_{nullptr}, l2_{nullptr}, out_{nullptr};
};
TORCH_MODULE(CfganDiscriminator);

struct CfganOptions {
  double zr = 0.5;        // share of a user's unobserved items pushed to 0 (zero reconstruction)
  double pm = 0.5;        // share of unobserved items the discriminator sees unmasked (partial masking)
  double zr_coef = 1.0;   // weight of the zero-reconstruction term
  double cond_drop = 0.5; // each user's condition keeps each item with p ~ U(1 - cond_drop, 1)
  // Weight of the same squared error on the user's own items (pushed to 1): the
  // reconstruction anchor of conditional GANs (pix2pix's L1 term); 0 is the paper's CFGAN.
  // Without both anchors at weight ~1 the small-data game oscillated (validation NDCG@10
  // peaked after 5 epochs and fell; planted tastes no better than popularity).
  double rec_coef = 1.0;
};

struct CfganLosses {
  double d = 0;       // discriminator BCE (real vs generated)
  double g_adv = 0;   // generator's adversarial BCE
  double g_zr = 0;    // zero-reconstruction penalty per user
  double g_rec = 0;   // squared error on the user's own items, per user
};

// One discriminator step then one generator step on a batch of real user vectors [B, I].
CfganLosses cfgan_step(CfganGenerator& g, CfganDiscriminator& d, torch::optim::Optimizer& g_opt,
                       torch::optim::Optimizer& d_opt, const torch::Tensor& real, const CfganOptions& o,
                       int64_t noise_dim);

// The condition the generator saw in training: each user keeps a random share of items.
torch::Tensor drop_condition(const torch::Tensor& real, double cond_drop);

}  // namespace ss::deep
