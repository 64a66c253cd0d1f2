// The server trains with the models registry (and src/deep's models when built with
// LibTorch): every registered name is buildable by spec, and a model trained through the
// API is saved, loaded again by a restarted server and serves the very same answer.
#include "shop_server.h"
#include "models/registry.h"
#include "synth/generator.h"
#if SHOPSENSE_WITH_TORCH
#include "deep/register.h"
#endif

namespace ss::serve::testing {
namespace {

TEST(ModelFactory, BuildsEveryRegisteredModelBySpec) {
  const auto factory = builtin_model_factory();
  ASSERT_TRUE(factory);
  RecommenderRegistry reg;
  register_builtin_models(reg);
#if SHOPSENSE_WITH_TORCH
  register_deep_models(reg);
  ASSERT_FALSE(deep_model_names().empty());
  for (const auto& name : deep_model_names()) EXPECT_EQ(factory(name)->spec().name, name);
#endif
  ASSERT_GE(reg.names().size(), 5u);
  for (const auto& name : reg.names()) {
    auto m = factory(name);
    ASSERT_TRUE(m) << name;
    EXPECT_EQ(m->spec().name, name);
  }
  EXPECT_THROW(factory("no-such-model"), std::exception);
}

// Trains `spec` as model "m" through the API, asks for recommendations, restarts the server
// (which loads DATA/models/m.model) and asks again.
void train_save_load_serve(const std::string& spec) {
  TempDir dir("registry");
  GeneratorConfig g;
  g.users = 300;
  g.items = 120;
  g.days = 15;
  const SyntheticShop shop = generate_shop(g);
  write_store(dir.path.string(), shop.data);
  const std::string user(shop.data.dicts.users.name(shop.data.events.user[shop.data.events.size() / 2]));
  const std::string path = "/v1/users/" + user + "/recommendations?k=5&model=m&in_stock=false";
  Json first;
  {
    TestServer server(dir.path.string(), {}, builtin_model_factory());
    auto c = server.client();
    auto r = c->Post("/v1/admin/models", Json{{"name", "m"}, {"spec", spec}, {"evaluate", false}}.dump(), "application/json");
    ASSERT_EQ(r->status, 202) << r->body;
    const Json job = wait_job(*c, body_of(r)["job"]);
    ASSERT_EQ(job["state"], "done") << job.dump();
    first = body_of(c->Get(path));
    ASSERT_EQ(first["model"], "m") << first.dump();
    ASSERT_EQ(first["items"].size(), 5u);
    for (const auto& it : first["items"]) EXPECT_FALSE(it["reason"].get<std::string>().empty());
  }
  ASSERT_TRUE(fs::exists(dir.path / "models" / "m.model"));
  TestServer again(dir.path.string(), {}, builtin_model_factory());
  const Json models = body_of(again.client()->Get("/v1/admin/models"));
  ASSERT_EQ(models["models"].size(), 1u);
  EXPECT_EQ(models["models"][0]["spec"].get<std::string>().rfind(spec.substr(0, spec.find(':')), 0), 0u);
  const Json second = body_of(again.client()->Get(path));
  ASSERT_EQ(second["model"], "m");
  ASSERT_EQ(second["items"].size(), first["items"].size());
  for (size_t i = 0; i < first["items"].size(); ++i) {
    EXPECT_EQ(second["items"][i]["item"], first["items"][i]["item"]) << i;
    EXPECT_NEAR(second["items"][i]["score"].get<double>(), first["items"][i]["score"].get<double>(), 1e-5) << i;
  }
}

TEST(ModelFactory, ItemKnnTrainsSavesLoadsAndServes) { train_save_load_serve("itemknn:neighbors=20"); }

TEST(ModelFactory, IalsWithAnnIndexTrainsSavesLoadsAndServes) {
  train_save_load_serve("ials:factors=8,iters=4,ann=true,ann_ef=200");
}

#if SHOPSENSE_WITH_TORCH
TEST(ModelFactory, DeepSequenceModelTrainsSavesLoadsAndServes) {
  train_save_load_serve("sasrec:dim=16,layers=1,max_len=10,epochs=2,batch=64,val_users=0,threads=1,device=cpu");
}
#endif

}  // namespace
}  // namespace ss::serve::testing
