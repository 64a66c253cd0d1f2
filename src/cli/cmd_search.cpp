// shopsense search / suggest / evaluate-search: product search over the data directory's
// catalogue, and its offline evaluation against graded judgments.
#include <cmath>
#include <cstdio>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "core/error.h"
#include "search/engine.h"
#include "search/evaluate.h"
#include "store/store.h"

namespace ss::cli {
namespace {

struct SearchOptions {
  std::string query, user, sort = "relevance", facets, synonyms;
  std::vector<std::string> filters;
  size_t limit = 10;
  bool explain = false, json = false, no_personal = false, typing = false;
  float boost = 1.0f;
};

nlohmann::json hit_json(const search::Hit& h, const Dataset& d) {
  nlohmann::json j{{"item", d.dicts.items.name(h.item)}, {"score", h.score}, {"text_score", h.text_score},
                   {"personal", h.personal}};
  if (const CatalogueItem* c = d.catalogue.find(h.item)) {
    j["title"] = c->title;
    if (c->brand != kNone) j["brand"] = d.dicts.brands.name(c->brand);
    if (!std::isnan(c->price)) j["price"] = c->price;
  }
  if (!h.explanation.empty()) j["why"] = h.explanation;
  return j;
}

void run_search(const SearchOptions& o, GlobalOptions& g) {
  Context ctx(g.threads, g.seed, g.quiet);
  auto store = Store::open(g.data_dir, {.create_if_missing = false, .read_only = true});
  const Dataset data = store->load(ctx);
  search::EngineOptions eo;
  eo.index_path = (std::filesystem::path(g.data_dir) / "search.idx").string();
  eo.synonyms_path = o.synonyms;
  const search::SearchEngine engine(data, eo);
  search::SearchRequest r;
  r.query = o.query;
  r.limit = o.limit;
  r.explain = o.explain;
  r.personalize = !o.no_personal;
  r.personal_boost = o.boost;
  r.query_options.prefix_last = o.typing;
  if (!o.user.empty()) {
    r.user = data.dicts.users.find(o.user);
    if (r.user == kNone) throw Error("unknown user '" + o.user + "' (external id as ingested)");
  }
  auto sort = search::parse_sort(o.sort);
  if (!sort) throw Error("unknown sort '" + o.sort + "': use relevance, price, price_desc, popularity or newest");
  r.sort = *sort;
  r.filter = search::parse_filters(o.filters, data.dicts, engine.index());
  for (size_t start = 0; start < o.facets.size();) {
    size_t comma = o.facets.find(',', start);
    if (comma == std::string::npos) comma = o.facets.size();
    if (comma > start) r.facets.push_back(o.facets.substr(start, comma - start));
    start = comma + 1;
  }
  const search::SearchResponse res = engine.searcher().search(r);
  auto facet_name = [&](const std::string& facet, const search::FacetCount& c) -> std::string {
    if (facet == "category") return std::string(data.dicts.categories.name(c.id));
    if (facet == "brand") return std::string(data.dicts.brands.name(c.id));
    return c.value;
  };
  if (o.json) {
    nlohmann::json j{{"query", o.query}, {"total", res.total}, {"dropped_words", res.dropped_words}};
    j["hits"] = nlohmann::json::array();
    for (const auto& h : res.hits) j["hits"].push_back(hit_json(h, data));
    if (!res.fallback.empty()) j["fallback"] = res.fallback;
    for (const auto& [facet, counts] : res.facets)
      for (const auto& c : counts) j["facets"][facet].push_back({{"value", facet_name(facet, c)}, {"count", c.count}});
    j["suggestions"] = nlohmann::json::array();
    for (const auto& s : engine.suggester().suggest(o.query, 5)) j["suggestions"].push_back(s.query);
    std::printf("%s\n", j.dump(2).c_str());
    return;
  }
  std::printf("%zu results for \"%s\"%s%s\n", res.total, o.query.c_str(),
              r.user != kNone && r.personalize ? (" personalised for " + o.user).c_str() : "",
              res.dropped_words ? (" (" + std::to_string(res.dropped_words) + " word(s) relaxed)").c_str() : "");
  if (!res.fallback.empty()) std::printf("  %s\n", res.fallback.c_str());
  for (size_t i = 0; i < res.hits.size(); ++i) {
    const auto& h = res.hits[i];
    const CatalogueItem* c = data.catalogue.find(h.item);
    std::printf("%3zu. %-8s %-45s %8.2f  score %.2f", i + 1, std::string(data.dicts.items.name(h.item)).c_str(),
                c ? c->title.c_str() : "?", c ? c->price : 0.f, h.score);
    if (h.personal > 0) std::printf(" (personal %.2f)", h.personal);
    std::printf("\n");
    if (!h.explanation.empty()) std::printf("       why: %s\n", h.explanation.c_str());
  }
  for (const auto& [facet, counts] : res.facets) {
    std::printf("%s:", facet.c_str());
    for (const auto& c : counts) std::printf("  %s (%u)", facet_name(facet, c).c_str(), c.count);
    std::printf("\n");
  }
}

void run_evaluate(const std::string& judgments, const std::string& products, bool fts5, bool json) {
  const search::ProductTitles titles = search::read_product_titles(products);
  const std::vector<search::JudgedQuery> queries = search::read_judgments(judgments, titles);
  search::SearchIndex index;
  for (uint32_t i = 0; i < titles.title.size(); ++i) index.add_text(i, titles.title[i]);
  search::Searcher searcher(index);
  search::SearchScratch scratch;
  auto ours = [&](bool best) {
    return [&, best](const std::string& q) {
      search::SearchRequest r;
      r.query = q;
      r.limit = 100;
      r.match = search::MatchMode::kAny;
      r.fallback = false;
      if (!best) {
        r.query_options.typos = r.query_options.split_join = r.query_options.synonyms = false;
        r.coverage_power = 0;
      }
      std::vector<uint32_t> items;
      for (const auto& h : searcher.search(r, scratch).hits) items.push_back(h.item);
      return items;
    };
  };
  std::vector<std::pair<std::string, search::EvalResult>> rows;
  rows.emplace_back("shopsense bm25 (stemmed, OR)", search::evaluate_ranking(queries, ours(false)));
  rows.emplace_back("shopsense best (typos, split/join, coverage)", search::evaluate_ranking(queries, ours(true)));
  if (fts5) {
    search::Fts5Ranker ranker(titles.title);
    rows.emplace_back("sqlite fts5 bm25 (porter unicode61, OR)",
                      search::evaluate_ranking(queries, [&](const std::string& q) { return ranker.rank(q); }));
  }
  if (json) {
    nlohmann::json j = nlohmann::json::array();
    for (const auto& [name, r] : rows)
      j.push_back({{"system", name}, {"ndcg@10", r.ndcg10}, {"mrr", r.mrr}, {"recall@100", r.recall100},
                   {"queries", r.queries}, {"ms_per_query", r.ms_per_query}});
    std::printf("%s\n", j.dump(2).c_str());
    return;
  }
  std::printf("%zu products, %zu judged queries\n", titles.title.size(), queries.size());
  std::printf("%-46s %8s %8s %10s %8s %9s\n", "system", "NDCG@10", "MRR", "recall@100", "queries", "ms/query");
  for (const auto& [name, r] : rows)
    std::printf("%-46s %8.4f %8.4f %10.4f %8zu %9.3f\n", name.c_str(), r.ndcg10, r.mrr, r.recall100, r.queries, r.ms_per_query);
}

}  // namespace

void add_search_commands(CLI::App& app, GlobalOptions& g) {
  auto o = std::make_shared<SearchOptions>();
  CLI::App* cmd = app.add_subcommand("search", "Search the catalogue (index kept in DATA/search.idx, synced on each run)");
  cmd->add_option("query", o->query, "What to search for")->required();
  cmd->add_option("--user", o->user, "Personalise for this user (external id)");
  cmd->add_option("--filter", o->filters, "brand=X, category=X, price=LO..HI, in_stock=1 or ATTR=VALUE (repeatable)");
  cmd->add_option("--sort", o->sort, "relevance, price, price_desc, popularity, newest")->capture_default_str();
  cmd->add_option("--facets", o->facets, "Comma-separated: category,brand,price or attribute keys");
  cmd->add_option("--limit,-n", o->limit, "Results to show")->capture_default_str();
  cmd->add_option("--boost", o->boost, "Personal boost: score x (1 + boost x affinity)")->capture_default_str();
  cmd->add_option("--synonyms", o->synonyms, "Synonyms file (a, b, c / a => b per line)");
  cmd->add_flag("--no-personal", o->no_personal, "Switch personalisation off for this request");
  cmd->add_flag("--typing", o->typing, "Treat the last word as a prefix (search-as-you-type)");
  cmd->add_flag("--explain", o->explain, "Say why each result ranked");
  cmd->add_flag("--json", o->json, "Machine-readable output");
  cmd->callback([o, &g] { run_search(*o, g); });

  auto judgments = std::make_shared<std::string>(), products = std::make_shared<std::string>();
  auto fts5 = std::make_shared<bool>(false), json = std::make_shared<bool>(false);
  CLI::App* ev = app.add_subcommand("evaluate-search", "NDCG@10, MRR and recall@100 of search on graded judgments (e.g. Home Depot)");
  ev->add_option("--judgments", *judgments, "CSV search_term,product_uid,relevance (1..3)")->required();
  ev->add_option("--products", *products, "CSV product_uid,product_title")->required();
  ev->add_flag("--compare-fts5", *fts5, "Also rank with SQLite FTS5 bm25 in the same run");
  ev->add_flag("--json", *json, "Machine-readable output");
  ev->callback([=] { run_evaluate(*judgments, *products, *fts5, *json); });
}

}  // namespace ss::cli
