#include "io/ingest.h"

#include <cctype>
#include <chrono>
#include <cstring>
#include <type_traits>
#include <vector>

#include "core/error.h"
#include "core/progress.h"
#include "io/catalogue_converter.h"
#include "io/converters.h"
#include "io/input.h"
#include "io/jsonl.h"
#include "io/taobao_lines.h"
#include "io/text.h"
#include "io/tokenizer.h"

namespace ss::io {
namespace {

constexpr size_t kPad = 64;  // simdjson reads up to 64 bytes past a document
// Below this many bytes of complete lines, parsing them in parallel does not pay.
constexpr size_t kMinWindow = 64 << 10;
constexpr size_t kPrefetchRows = 16;

// A window over the input: [begin, end) not yet parsed, refilled by moving the rest to the front.
struct Buffer {
  Buffer(InputStream& in, size_t max_record, bool latin1) : in(in) {
    size_t cap = std::max<size_t>(16 << 20, 2 * max_record);
    // A small regular file needs no more than its size (latin-1 can double it).
    if (in.raw_size() > 0 && !in.compressed()) cap = std::min<size_t>(cap, in.raw_size() * (latin1 ? 2 : 1) + 1);
    data.resize(cap + kPad);
  }
  char* b() { return data.data() + begin; }
  char* e() { return data.data() + end; }
  // Reads more; false at the end of input.
  bool refill() {
    if (begin > 0) {
      std::memmove(data.data(), data.data() + begin, end - begin);
      end -= begin;
      begin = 0;
    }
    const size_t cap = data.size() - kPad;
    if (end == cap) return true;  // full: the caller's record is too long and will say so
    const size_t n = in.read(data.data() + end, cap - end);
    if (n == 0) eof = true;
    end += n;
    bytes += n;
    std::memset(data.data() + end, 0, kPad);
    return n > 0;
  }
  InputStream& in;
  std::vector<char> data;
  size_t begin = 0, end = 0;
  bool eof = false;
  uint64_t bytes = 0;
};

std::string guess_delimiter(std::string_view line) {
  if (line.find("::") != std::string_view::npos) return "::";
  const char cands[] = {'\t', ';', '|', ','};
  char best = ',';
  size_t best_n = 0;
  for (char c : cands) {
    size_t n = 0;
    for (char x : line) n += x == c;
    if (n > best_n) best = c, best_n = n;
  }
  return std::string(1, best);
}

bool looks_like_header(const Fields& f) {
  for (auto s : f) {
    s = trim(s);
    if (s.empty() || parse_double(s)) return false;
  }
  return true;
}

}  // namespace

struct Ingester::Impl {
  Impl(const IngestOptions& o, Dictionaries& d, const Catalogue* existing, BatchSink sink, bool quiet,
       ThreadPool* pool)
      : opt(o),
        quiet(quiet),
        pool(pool),
        events(opt, d, existing, sink, report),
        catalogue(opt, d, existing, sink, cat_report) {}

  template <class Conv>
  bool run(const std::string& path, RowParser& parser, Conv& conv, bool catalogue_file);

  IngestOptions opt;
  bool quiet;
  ThreadPool* pool;
  IngestReport report, cat_report;
  RowParser events, catalogue;
  uint64_t rejected_rows = 0;
  uint64_t parallel_rows = 0;
  bool stopped = false;
};

template <class Conv>
bool Ingester::Impl::run(const std::string& path, RowParser& p, Conv& conv, bool catalogue_file) {
  const auto t0 = std::chrono::steady_clock::now();
  InputStream in(path, opt.encoding);
  Buffer buf(in, opt.max_line_bytes, opt.encoding == Encoding::kLatin1);
  IngestReport& rep = p.report;
  const std::string file = path == "-" ? "<stdin>" : path;
  Progress progress("ingest " + file, in.compressed() ? 0 : in.raw_size(), quiet, "bytes");
  if (!catalogue_file && in.raw_size() > (64 << 20)) {
    // A big file: size the id tables for a guess of its distinct ids (1 per 16 rows of
    // about 40 bytes) rather than rehashing them a dozen times on the way.
    const size_t guess = std::min<size_t>(in.raw_size() / 40 / 16, size_t{1} << 24);
    p.users.expect(guess / 4);
    p.items.expect(guess);
  }
  buf.refill();
  if (buf.end >= 3 && std::memcmp(buf.b(), "\xEF\xBB\xBF", 3) == 0) buf.begin += 3;  // UTF-8 BOM
  // Sniff the format and delimiter from the first line.
  const std::string_view head(buf.b(), buf.end - buf.begin);
  const std::string_view first_line = head.substr(0, std::min(head.find('\n'), size_t{64 << 10}));
  Format format = opt.format;
  if (format == Format::kAuto) {
    const size_t nonblank = head.find_first_not_of(" \t\r\n");
    const bool json_name = path.ends_with(".jsonl") || path.ends_with(".ndjson") || path.ends_with(".jsonl.gz");
    format = json_name || (nonblank != std::string_view::npos && head[nonblank] == '{') ? Format::kJsonl : Format::kCsv;
  }
  bool ok = true;
  auto finish = [&] {
    rep.bytes += buf.bytes;
    rep.seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    progress.finish();
  };
  if (format == Format::kJsonl) {
    if constexpr (std::is_same_v<Conv, MappedConverter>) {
      JsonlWindow w{buf.data, buf.begin, buf.end, buf.eof, [&] { return buf.refill(); }};
      ok = read_jsonl(w, file, p, conv, rejected_rows, [&] { progress.update(in.raw_bytes_read()); });
      finish();
      return ok;
    } else {
      throw Error("the " + std::string(preset_name(opt.preset)) + " preset reads delimited text, not JSON Lines");
    }
  }
  TokenizerOptions to;
  to.delimiter = opt.delimiter.empty() ? guess_delimiter(first_line) : opt.delimiter;
  to.quote = opt.quote;
  to.max_record_bytes = opt.max_line_bytes;
  Tokenizer tok(to);
  int header = opt.header;
  if (catalogue_file) header = 1;
  bool header_done = false;
  uint64_t line = 1;
  enum class Step { kNext, kEnd, kStop };
  // One record (or one refill) of the serial loop.
  auto step = [&]() -> Step {
    char* pos = buf.b();
    if (pos == buf.e()) {
      if (buf.eof) return Step::kEnd;
      buf.refill();
      return Step::kNext;
    }
    const auto st = tok.next(pos, buf.e(), buf.eof);
    const bool full = buf.begin == 0 && buf.end + kPad == buf.data.size();
    if (st == Tokenizer::Status::kNeedMore && !full) {
      buf.refill();
      return Step::kNext;
    }
    if (st == Tokenizer::Status::kTooLong || st == Tokenizer::Status::kNeedMore) {
      ++rep.rows_read;
      p.at(&file, line, std::string_view(buf.b(), std::min<size_t>(200, buf.end - buf.begin)));
      p.reject(Reject::kLineTooLong, "line longer than --max-line-bytes " + std::to_string(opt.max_line_bytes));
      ++rejected_rows;
      while (!Tokenizer::skip_line(pos, buf.e())) {
        buf.begin = buf.end;
        if (buf.eof || !buf.refill()) {
          pos = buf.e();
          break;
        }
        pos = buf.b();
      }
      buf.begin = static_cast<size_t>(pos - buf.data.data());
      ++line;
    } else {
      buf.begin = static_cast<size_t>(pos - buf.data.data());
      const Fields& f = tok.fields();
      const std::string_view rec = tok.record();
      p.at(&file, line, rec);
      line += tok.newlines();
      if (st == Tokenizer::Status::kBadQuote) {
        ++rep.rows_read;
        ++rejected_rows;
        p.reject(Reject::kBadQuote, "a quoted field is not closed properly");
      } else if (f.size() == 1 && trim(f[0]).empty()) {
        ++rep.blank_lines;
        return Step::kNext;
      } else if (!header_done) {
        header_done = true;
        bool by_name = false;
        for (const auto& c : opt.columns) by_name |= !c.empty() && !parse_int(c);
        const bool is_header = header == 1 || (header == -1 && (by_name || looks_like_header(f)));
        conv.on_header(is_header ? &f : nullptr, f.size());
        if (is_header) return Step::kNext;
      }
      if (st == Tokenizer::Status::kRecord) {
        ++rep.rows_read;
        if (!is_ascii(rec.data(), rec.size()) && !is_valid_utf8(rec.data(), rec.size())) {
          p.reject(Reject::kBadUtf8, "invalid UTF-8 (for latin-1 files use --encoding latin1)");
          ++rejected_rows;
        } else {
          const uint64_t before = rep.rows_accepted;
          conv.convert(f);
          rejected_rows += rep.rows_accepted == before;
        }
      }
    }
    if (rejected_rows > opt.max_errors) {
      rep.stopped_early = true;
      return Step::kStop;
    }
    if ((rep.rows_read & 0xFFFF) == 0) progress.update(in.raw_bytes_read());
    p.flush(false);
    return Step::kNext;
  };

  // The standard Taobao layout parses its complete lines in parallel, one buffer window at
  // a time (taobao_lines.h); ids, batches and reports stay those of the serial loop.
  constexpr bool kTaobao = std::is_same_v<Conv, TaobaoConverter>;
  const char delim = to.delimiter.size() == 1 ? to.delimiter[0] : '\0';
  const bool parallel = kTaobao && pool && pool->size() > 0 && opt.behavior_map.empty() && delim != '\0' &&
                        delim != '\n' && delim != '\r' && !std::isalnum(static_cast<unsigned char>(delim));
  const TaobaoLineRules rules{delim, opt.min_ms, opt.max_ms, opt.max_line_bytes};
  std::vector<std::vector<TaobaoRow>> chunks;
  uint64_t window_seen = ~uint64_t{0};  // buf.bytes when a window was last considered
  auto window = [&]() -> Step {
    window_seen = buf.bytes;
    const size_t avail = buf.end - buf.begin;
    if (avail < kMinWindow) return Step::kNext;
    const char* b = buf.b();
    const auto* last_nl = static_cast<const char*>(memrchr(b, '\n', avail));
    if (!last_nl) return Step::kNext;
    const char* e = last_nl + 1;
    // A quoted field may hold a newline, so a line is not a record there: serial.
    if (opt.quote && std::memchr(b, opt.quote, static_cast<size_t>(e - b))) return Step::kNext;
    parse_taobao_lines(*pool, b, e, rules, chunks);
    const size_t base = buf.begin;
    for (const auto& rows : chunks) {
      for (size_t i = 0; i < rows.size(); ++i) {
        const TaobaoRow& row = rows[i];
        // The item table is big: fetch the slot a later row will probe while this one runs.
        if (i + kPrefetchRows < rows.size()) p.items.prefetch(rows[i + kPrefetchRows].item);
        if (row.slow) {  // the serial code takes exactly this line (no quotes, so one record)
          buf.begin = base + row.offset;
          if (const Step s = step(); s != Step::kNext) return s;
          continue;
        }
        if constexpr (kTaobao) conv.convert(row);
        ++rep.rows_read;
        ++line;
        ++parallel_rows;
        if ((rep.rows_read & 0xFFFF) == 0) progress.update(in.raw_bytes_read());
        p.flush(false);
      }
    }
    buf.begin = static_cast<size_t>(e - buf.data.data());
    return Step::kNext;
  };

  for (;;) {
    Step s = Step::kNext;
    if (parallel && header_done && buf.bytes != window_seen) s = window();
    if (s == Step::kNext) s = step();
    if (s == Step::kEnd) break;
    if (s == Step::kStop) {
      ok = false;
      break;
    }
  }
  finish();
  return ok;
}

Ingester::Ingester(const IngestOptions& options, Dictionaries& dicts, const Catalogue* existing, BatchSink sink,
                   bool quiet, ThreadPool* pool)
    : impl_(std::make_unique<Impl>(options, dicts, existing, std::move(sink), quiet, pool)) {}

Ingester::~Ingester() = default;

bool Ingester::add_events(const std::string& path) {
  if (impl_->stopped) return false;
  auto& I = *impl_;
  // Reads the file with a converter of type Conv over the events parser.
  auto with = [&]<class Conv>(std::type_identity<Conv>) {
    Conv c(I.events);
    return I.run(path, I.events, c, false);
  };
  bool ok;
  switch (I.opt.preset) {
    case Preset::kOnlineRetail: ok = with(std::type_identity<OnlineRetailConverter>{}); break;
    case Preset::kDiginetica: ok = with(std::type_identity<DigineticaConverter>{}); break;
    case Preset::kS3Rec: ok = with(std::type_identity<SequenceConverter>{}); break;
    case Preset::kTaobao: {
      IngestOptions standard;
      apply_preset(standard, Preset::kTaobao);
      // The standard layout takes the fast converter; any other mapping is read generically.
      const bool standard_layout =
          I.opt.header != 1 && I.opt.format != Format::kJsonl && I.opt.columns == standard.columns;
      ok = standard_layout ? with(std::type_identity<TaobaoConverter>{}) : with(std::type_identity<MappedConverter>{});
      break;
    }
    default: ok = with(std::type_identity<MappedConverter>{});
  }
  I.stopped = !ok;
  return ok;
}

bool Ingester::add_catalogue(const std::string& path) {
  if (impl_->stopped) return false;
  CatalogueConverter c(impl_->catalogue);
  const bool ok = impl_->run(path, impl_->catalogue, c, true);
  impl_->catalogue.flush(true);
  impl_->stopped = !ok;
  return ok;
}

void Ingester::finish() {
  impl_->catalogue.flush(true);
  impl_->events.flush(true);
}

uint64_t Ingester::parallel_rows() const { return impl_->parallel_rows; }
const IngestReport& Ingester::report() const { return impl_->report; }
const IngestReport& Ingester::catalogue_report() const { return impl_->cat_report; }

bool Ingester::accepted() const {
  if (impl_->stopped) return false;
  const uint64_t read = impl_->report.rows_read + impl_->cat_report.rows_read;
  const uint64_t rejected = impl_->report.rejected_total() + impl_->cat_report.rejected_total();
  return static_cast<double>(rejected) <= impl_->opt.max_reject_fraction * static_cast<double>(read);
}

}  // namespace ss::io
