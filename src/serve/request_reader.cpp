#include "serve/request_reader.h"

// GCC 12 with -fsanitize=address reports -Wmaybe-uninitialized inside Beast's and
// libstdc++'s regex headers (false positives in code inlined from them).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cctype>
#include <optional>

namespace ss::serve {
namespace http = boost::beast::http;

namespace {
// Bodies over the limit are read and dropped up to this size; beyond it the connection is
// simply closed (nobody sends a gigabyte to a JSON API by accident).
constexpr uint64_t kMaxDrain = 1ull << 30;
constexpr size_t kMaxTarget = 8192;  // cpp-httplib's CPPHTTPLIB_REQUEST_URI_MAX_LENGTH

template <class View>
std::string_view sv(View v) {
  return {v.data(), v.size()};
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}
}  // namespace

struct RequestReader::Parser {
  std::optional<http::request_parser<http::string_body>> p;
};

RequestReader::RequestReader(size_t max_body_bytes, size_t max_header_bytes)
    : parser_(std::make_unique<Parser>()), max_body_(max_body_bytes), max_header_(max_header_bytes) {}
RequestReader::~RequestReader() = default;
RequestReader::RequestReader(RequestReader&&) noexcept = default;

bool RequestReader::mid_request() const { return parser_->p.has_value() || drain_ > 0; }

ReadStep RequestReader::next(std::string_view& in, httplib::Request& req) {
  if (drain_ > 0) {
    const size_t d = static_cast<size_t>(std::min<uint64_t>(drain_, in.size()));
    in.remove_prefix(d);
    drain_ -= d;
    return {};
  }
  auto& p = parser_->p;
  while (!in.empty()) {
    if (!p) {
      p.emplace();
      p->header_limit(static_cast<std::uint32_t>(max_header_));
      p->body_limit(max_body_);
      p->eager(true);
      continued_ = false;
    }
    boost::system::error_code ec;
    const size_t used = p->put(boost::asio::const_buffer(in.data(), in.size()), ec);
    in.remove_prefix(used);
    if (ec == http::error::need_more) ec = {};
    if (ec == http::error::body_limit) {
      const auto length = p->content_length();
      const bool expects = iequals(sv(p->get()[http::field::expect]), "100-continue");
      // With Expect the client has not sent the body and will not; without a length there
      // is nothing to skip to.
      drain_ = length && !expects && *length <= kMaxDrain ? *length : 0;
      p.reset();
      keep_alive_ = false;
      return {ReadStep::kError, 413, "request body too large"};
    }
    if (ec) {
      p.reset();
      keep_alive_ = false;
      return {ReadStep::kError, 400, "malformed HTTP request: " + ec.message()};
    }
    if (p->is_done()) {
      auto& m = p->get();
      req.method.assign(m.method_string().data(), m.method_string().size());
      req.target.assign(m.target().data(), m.target().size());
      req.version = m.version() == 10 ? "HTTP/1.0" : "HTTP/1.1";
      for (const auto& f : m) req.headers.emplace(std::string(sv(f.name_string())), std::string(sv(f.value())));
      req.body = std::move(m.body());
      keep_alive_ = p->keep_alive();
      p.reset();
      if (req.target.size() > kMaxTarget) {
        keep_alive_ = false;
        return {ReadStep::kError, 414, "request target longer than " + std::to_string(kMaxTarget) + " bytes"};
      }
      const size_t q = req.target.find('?');
      req.path = httplib::detail::decode_url(req.target.substr(0, q), false);
      if (q != std::string::npos) {
        if (req.target.find('?', q + 1) != std::string::npos) {
          keep_alive_ = false;
          return {ReadStep::kError, 400, "malformed HTTP request: more than one '?' in the target"};
        }
        if (q + 1 < req.target.size()) httplib::detail::parse_query_text(req.target.substr(q + 1), req.params);
      }
      return {ReadStep::kRequest};
    }
    if (p->is_header_done() && !continued_ && iequals(sv(p->get()[http::field::expect]), "100-continue")) {
      continued_ = true;
      return {ReadStep::kContinue};
    }
    if (used == 0) break;  // the header is incomplete: Beast needs all of it at once
  }
  return {};
}

}  // namespace ss::serve
