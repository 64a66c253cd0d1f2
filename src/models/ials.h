// The iALS building blocks, exposed for the speed benchmark (one epoch on raw data).
#pragma once
#include <vector>

#include "core/collective.h"
#include "core/context.h"
#include "models/interactions.h"

namespace ss {

// Updates every row of x (m.rows x f) given the fixed other side y (m.cols x f).
void ials_half_step(const Csr& m, const std::vector<float>& y, std::vector<float>& x, int f, float reg, float alpha,
                    int cg_steps, Context& ctx);
// The same update with the rows of x split over comm's ranks (contiguous blocks): the
// Gram matrix of y is all-reduced, each rank solves its block, and the blocks are
// all-gathered so every rank ends with all of x. y must be identical on every rank.
void ials_half_step_sharded(const Csr& m, const std::vector<float>& y, std::vector<float>& x, int f, float reg,
                            float alpha, int cg_steps, Context& ctx, Communicator& comm);
void ials_init(std::vector<float>& v, size_t rows, int f, uint64_t seed);

}  // namespace ss
