// The iALS building blocks, exposed for the speed benchmark (one epoch on raw data).
#pragma once
#include <vector>

#include "core/context.h"
#include "models/interactions.h"

namespace ss {

// Updates every row of x (m.rows x f) given the fixed other side y (m.cols x f).
void ials_half_step(const Csr& m, const std::vector<float>& y, std::vector<float>& x, int f, float reg, float alpha,
                    int cg_steps, Context& ctx);
void ials_init(std::vector<float>& v, size_t rows, int f, uint64_t seed);

}  // namespace ss
