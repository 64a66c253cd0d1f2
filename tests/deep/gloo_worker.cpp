// One rank of the 2-process Gloo training test (distributed_test.cpp starts it): trains a
// small transformer on the shared held-out shop and writes the model and its numbers.
// Usage: deep_gloo_worker RANK WORLD STORE_FILE OUT_PREFIX   (WORLD 1: no job, one process)
#include <cstdio>
#include <fstream>
#include <string>

#include "../support/held_out.h"
#include "core/error.h"
#include "deep/distributed.h"
#include "deep/register.h"

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: %s RANK WORLD STORE_FILE OUT_PREFIX\n", argv[0]);
    return 2;
  }
  try {
    const int rank = std::stoi(argv[1]), world = std::stoi(argv[2]);
    std::unique_ptr<ss::Communicator> comm;
    if (world > 1) comm = ss::deep::connect_gloo({.world_size = world, .rank = rank, .file_store = argv[3], .timeout_s = 120});
    const auto data = ss::testing_support::make_held_out(400, 150, 11);
    auto model = ss::make_deep_model(ss::Spec::parse(
        "sasrec:dim=32,layers=1,max_len=20,epochs=8,batch=32,lr=0.005,dropout=0.1,val_users=100,threads=1,device=cpu"));
    ss::Context ctx(1, 5, true);
    model->fit(ss::TrainData{data.shop.data, data.train, {}, comm.get()}, ctx);
    const std::string prefix = argv[4];
    std::ofstream bin(prefix + ".ssm", std::ios::binary);
    model->save(bin);
    std::ofstream txt(prefix + ".txt");
    txt << ss::testing_support::category_share(*model, data) << " " << ss::testing_support::hit_rate(*model, data) << " "
        << (comm ? comm->stats().reduced_bytes : 0) << "\n";
    return bin && txt ? 0 : 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "rank %s: %s\n", argv[1], e.what());
    return 1;
  }
}
