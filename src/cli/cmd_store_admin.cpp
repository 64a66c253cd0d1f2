// Store maintenance: compaction and privacy deletion.
#include <cstdio>

#include "cli/commands.h"
#include "core/error.h"
#include "store/store.h"

namespace ss::cli {

void add_store_admin_commands(CLI::App& app, GlobalOptions& g) {
  auto* compact = app.add_subcommand("compact", "Rewrite the store into large sorted segments (faster scans, smaller)");
  compact->callback([&g] {
    Context ctx(g.threads, g.seed, g.quiet);
    auto store = Store::open(g.data_dir, {.create_if_missing = false});
    const auto before = store->stats().bytes_on_disk;
    store->compact(ctx);
    std::printf("compacted %s: %llu events, %.1f MB -> %.1f MB\n", g.data_dir.c_str(),
                static_cast<unsigned long long>(store->num_events()), before / 1e6, store->stats().bytes_on_disk / 1e6);
  });

  auto* del = app.add_subcommand("delete-user", "Delete every event and attribute of a user (privacy request)");
  auto user = std::make_shared<std::string>();
  del->add_option("user", *user, "The user's external id")->required();
  del->callback([&g, user] {
    Context ctx(g.threads, g.seed, g.quiet);
    auto store = Store::open(g.data_dir, {.create_if_missing = false});
    const uint32_t id = store->dicts().users.find(*user);
    if (id == kNone) throw Error("no user '" + *user + "' in " + g.data_dir, ErrorCode::kNotFound);
    const auto before = store->num_events();
    store->delete_user(id, ctx);
    std::printf("deleted user %s: %llu events removed, store compacted\n", user->c_str(),
                static_cast<unsigned long long>(before - store->num_events()));
  });
}

}  // namespace ss::cli
