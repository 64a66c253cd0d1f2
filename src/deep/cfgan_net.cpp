#include "deep/cfgan_net.h"

namespace ss::deep {

CfganGeneratorImpl::CfganGeneratorImpl(const CfganConfig& c) {
  l1_ = register_module("l1", torch::nn::Linear(c.num_items + c.noise, c.hidden));
  l2_ = register_module("l2", torch::nn::Linear(c.hidden, c.hidden));
  out_ = register_module("out", torch::nn::Linear(c.hidden, c.num_items));
}

torch::Tensor CfganGeneratorImpl::forward(const torch::Tensor& condition, const torch::Tensor& noise) {
  auto h = torch::relu(l1_(torch::cat({condition, noise}, 1)));
  h = torch::relu(l2_(h));
  return torch::sigmoid(out_(h));
}

CfganDiscriminatorImpl::CfganDiscriminatorImpl(const CfganConfig& c) {
  l1_ = register_module("l1", torch::nn::Linear(2 * c.num_items, c.hidden));
  l2_ = register_module("l2", torch::nn::Linear(c.hidden, c.hidden / 2));
  out_ = register_module("out", torch::nn::Linear(c.hidden / 2, 1));
}

torch::Tensor CfganDiscriminatorImpl::forward(const torch::Tensor& vector, const torch::Tensor& condition) {
  auto h = torch::relu(l1_(torch::cat({vector, condition}, 1)));
  h = torch::relu(l2_(h));
  return out_(h).squeeze(1);
}

torch::Tensor drop_condition(const torch::Tensor& real, double cond_drop) {
  if (cond_drop <= 0) return real;
  const auto keep = 1.0 - cond_drop * torch::rand({real.size(0), 1}, real.options());
  return real * (torch::rand_like(real) < keep).to(real.dtype());
}

CfganLosses cfgan_step(CfganGenerator& g, CfganDiscriminator& d, torch::optim::Optimizer& g_opt,
                       torch::optim::Optimizer& d_opt, const torch::Tensor& real, const CfganOptions& o,
                       int64_t noise_dim) {
  namespace F = torch::nn::functional;
  const int64_t B = real.size(0);
  const auto unobserved = 1 - real;
  auto sample_mask = [&](double share) { return (torch::rand_like(real) < share).to(real.dtype()) * unobserved; };
  const auto cond = drop_condition(real, o.cond_drop);
  const auto ones = torch::ones({B}, real.options()), zeros = torch::zeros({B}, real.options());
  CfganLosses out;

  // Discriminator: real vectors against generated ones masked to the user's items plus a
  // random share of the rest (partial masking), so it cannot win on the unobserved part.
  {
    const auto pm = sample_mask(o.pm);
    torch::Tensor fake;
    {
      torch::NoGradGuard ng;
      fake = g->forward(cond, torch::randn({B, noise_dim}, real.options())) * (real + pm);
    }
    d_opt.zero_grad();
    auto l = F::binary_cross_entropy_with_logits(d->forward(real, cond), ones) +
             F::binary_cross_entropy_with_logits(d->forward(fake, cond), zeros);
    l.backward();
    d_opt.step();
    out.d = l.item<double>();
  }
  // Generator: fool the discriminator, score a random share of unobserved items near 0 and
  // (rec_coef) the user's own items near 1.
  {
    const auto pm = sample_mask(o.pm), zr = sample_mask(o.zr);
    auto gen = g->forward(cond, torch::randn({B, noise_dim}, real.options()));
    g_opt.zero_grad();
    auto adv = F::binary_cross_entropy_with_logits(d->forward(gen * (real + pm), cond), ones);
    auto zr_loss = (gen.pow(2) * zr).sum() / double(B);
    auto rec_loss = ((1 - gen).pow(2) * real).sum() / double(B);
    auto l = adv + o.zr_coef * zr_loss + o.rec_coef * rec_loss;
    l.backward();
    g_opt.step();
    out.g_adv = adv.item<double>();
    out.g_zr = zr_loss.item<double>();
    out.g_rec = rec_loss.item<double>();
  }
  return out;
}

}  // namespace ss::deep
