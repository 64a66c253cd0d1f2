// libFuzzer target for the request parsing the server does before any handler logic:
// JSON bodies into events, items, users and experiments. Any crash, sanitizer report or
// exception other than HttpError is a bug. Built by scripts/fuzz-serve.sh (not in CI).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "serve/attribution.h"
#include "serve/ingest_request.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  ss::serve::ServeConfig limits;
  limits.max_batch = 1000;
  try {
    const ss::serve::Json j = ss::serve::parse_body(body);
    try { (void)ss::serve::parse_events(j, limits, 0); } catch (const ss::serve::HttpError&) {}
    try { (void)ss::serve::parse_items(j, limits); } catch (const ss::serve::HttpError&) {}
    try { (void)ss::serve::parse_users(j, limits); } catch (const ss::serve::HttpError&) {}
    try { (void)ss::serve::Experiment::from_json(j); } catch (const ss::serve::HttpError&) {}
  } catch (const ss::serve::HttpError&) {
  }
  return 0;
}
