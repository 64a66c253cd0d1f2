#include "serve/event_front.h"

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>
#include <unordered_map>
#include <vector>

#include "core/error.h"
#include "serve/request_reader.h"
#include "serve/worker_pool.h"

namespace ss::serve {
namespace {

using Clock = std::chrono::steady_clock;
constexpr uint64_t kListenTag = 0, kWakeTag = 1;  // epoll tags; connections count from 2
constexpr size_t kReadChunk = 64 * 1024;
constexpr int kMaxEvents = 128;
constexpr size_t kAcceptBurst = 8;  // per wake-up, so the loops share a burst of connects
// Out of file descriptors (EMFILE/ENFILE) the pending connect stays in the backlog and the
// listening socket stays readable: a loop that kept asking would spin a core. It stops
// listening this long instead, and the connects wait in the backlog (or time out).
constexpr auto kAcceptPause = std::chrono::milliseconds(100);

struct Conn {
  Conn(uint64_t id_, int fd_, const FrontOptions& o) : id(id_), fd(fd_), reader(o.max_body_bytes, o.max_header_bytes) {}
  uint64_t id;
  int fd;
  RequestReader reader;
  std::string in;  // bytes read, not yet parsed from in_off on
  size_t in_off = 0;
  std::string out;  // answers queued, written from out_off on
  size_t out_off = 0;
  uint32_t interest = EPOLLIN;
  bool busy = false;         // its request is on a worker
  bool close_after = false;  // close once what is queued is written
  bool peer_eof = false;
  size_t served = 0;
  Clock::time_point last;  // last progress either way (for the timeouts)
};

// A worker's answer, handed back to the loop that owns the connection.
struct Done {
  uint64_t conn;
  httplib::Response res;
  bool head, keep;
};

struct Shared {
  FrontOptions opt;
  FrontApp app;
  int listen_fd = -1;
  std::atomic<bool> stopping{false};
  std::atomic<uint64_t> accept_pauses{0};
  std::atomic<bool> accept_pause_logged{false};
  WorkerPool pool;
};

const char* reason_phrase(int status) {
  switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 413: return "Payload Too Large";
    case 414: return "URI Too Long";
    case 422: return "Unprocessable Entity";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return status < 400 ? "OK" : "Error";
  }
}

void run_handler(const Shared& s, const Routed& r, const httplib::Request& req, httplib::Response& res) {
  try {
    s.app.handle(r, req, res);
  } catch (...) {
    res = httplib::Response();
    res.status = 500;
    res.set_content(R"({"error":"internal error"})", "application/json");
  }
  if (res.status == -1) res.status = 200;
}

class Loop {
 public:
  explicit Loop(Shared& s) : s_(s), ep_(epoll_create1(EPOLL_CLOEXEC)), wake_(eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {
    if (ep_ < 0 || wake_ < 0) throw Error(std::string("cannot create an event loop: ") + std::strerror(errno), ErrorCode::kIo);
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = kWakeTag;
    epoll_ctl(ep_, EPOLL_CTL_ADD, wake_, &ev);
  }
  ~Loop() {
    for (auto& [id, c] : conns_) ::close(c->fd);
    ::close(ep_);
    ::close(wake_);
  }
  void listen_on(int fd) {
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLEXCLUSIVE;  // one loop wakes per connect, not all
    ev.data.u64 = kListenTag;
    listening_ = epoll_ctl(ep_, EPOLL_CTL_ADD, fd, &ev) == 0;
  }
  void wake() {
    const uint64_t one = 1;
    [[maybe_unused]] auto n = ::write(wake_, &one, sizeof one);
  }
  // From a worker thread.
  void post(Done d) {
    {
      std::lock_guard<std::mutex> l(mu_);
      done_.push_back(std::move(d));
    }
    wake();
  }

  void run() {
    epoll_event evs[kMaxEvents];
    auto last_sweep = Clock::now();
    for (;;) {
      if (s_.stopping.load(std::memory_order_acquire) && !stop_begun_) begin_stop();
      if (stop_begun_ && conns_.empty() && busy_ == 0) return;
      const int n = epoll_wait(ep_, evs, kMaxEvents, stop_begun_ || accept_paused_ ? 100 : 1000);
      now_ = Clock::now();
      if (accept_paused_ && now_ >= accept_resume_) {
        accept_paused_ = false;
        if (!stop_begun_) listen_on(s_.listen_fd);
      }
      for (int i = 0; i < n; ++i) {
        const uint64_t tag = evs[i].data.u64;
        if (tag == kListenTag) {
          if (listening_) accept_some();
        }
        else if (tag == kWakeTag) take_done();
        else on_event(tag, evs[i].events);
      }
      if (now_ - last_sweep >= std::chrono::seconds(1)) {
        sweep();
        last_sweep = now_;
      }
    }
  }

 private:
  void accept_some() {
    for (size_t i = 0; i < kAcceptBurst; ++i) {
      const int fd = accept4(s_.listen_fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (fd < 0) {
        if (errno == EINTR || errno == ECONNABORTED) continue;
        if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) pause_accepting(errno);
        return;  // EAGAIN: another loop took it
      }
      const int one = 1;
      setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      const uint64_t id = next_id_++;
      epoll_event ev{};
      ev.events = EPOLLIN;
      ev.data.u64 = id;
      if (epoll_ctl(ep_, EPOLL_CTL_ADD, fd, &ev) != 0) {
        ::close(fd);
        continue;
      }
      auto c = std::make_unique<Conn>(id, fd, s_.opt);
      c->last = now_;
      conns_.emplace(id, std::move(c));
    }
  }

  void pause_accepting(int err) {
    if (listening_) epoll_ctl(ep_, EPOLL_CTL_DEL, s_.listen_fd, nullptr);
    listening_ = false;
    accept_paused_ = true;
    accept_resume_ = now_ + kAcceptPause;
    s_.accept_pauses.fetch_add(1, std::memory_order_relaxed);
    if (s_.opt.accept_pause_counter) s_.opt.accept_pause_counter->fetch_add(1, std::memory_order_relaxed);
    if (!s_.accept_pause_logged.exchange(true))
      std::fprintf(stderr, "serve: accept failed (%s); not accepting for %lld ms at a time while it lasts "
                           "(raise the open-files limit: ulimit -n)\n",
                   std::strerror(err), static_cast<long long>(kAcceptPause.count()));
  }

  void on_event(uint64_t id, uint32_t events) {
    auto it = conns_.find(id);
    if (it == conns_.end()) return;
    Conn& c = *it->second;
    if ((events & EPOLLERR) || ((events & EPOLLHUP) && (c.busy || !(events & EPOLLIN)))) return close_conn(c);
    if (events & EPOLLIN) {
      const ssize_t n = ::read(c.fd, rbuf_, kReadChunk);
      if (n < 0 && errno != EAGAIN && errno != EINTR) return close_conn(c);
      if (n == 0) {
        c.peer_eof = true;
        c.close_after = true;
      } else if (n > 0) {
        c.last = now_;
        c.in.append(rbuf_, static_cast<size_t>(n));
        process(c);
      }
    }
    finish(c);
  }

  // Parses and answers what is buffered, in order, until a request goes to a worker.
  void process(Conn& c) {
    while (!c.busy && (!c.close_after || c.reader.draining()) && c.in_off < c.in.size()) {
      std::string_view in(c.in.data() + c.in_off, c.in.size() - c.in_off);
      const size_t before = in.size();
      httplib::Request req;
      const ReadStep step = c.reader.next(in, req);
      c.in_off += before - in.size();
      if (step.kind == ReadStep::kNeedMore) {
        if (in.size() == before) break;
      } else if (step.kind == ReadStep::kContinue) {
        c.out.append("HTTP/1.1 100 Continue\r\n\r\n");
      } else if (step.kind == ReadStep::kError) {
        httplib::Response res;
        res.status = step.status;
        res.set_content(nlohmann::json{{"error", step.message}}.dump(), "application/json");
        queue_answer(c, res, false, false);
      } else {
        dispatch(c, std::move(req));
      }
    }
    if (c.in_off == c.in.size()) {
      c.in.clear();
      c.in_off = 0;
    } else if (c.in_off >= kReadChunk) {
      c.in.erase(0, c.in_off);
      c.in_off = 0;
    }
  }

  void dispatch(Conn& c, httplib::Request&& parsed) {
    const bool keep = c.reader.keep_alive() && ++c.served < s_.opt.keep_alive_max && !s_.stopping.load(std::memory_order_relaxed);
    const bool head = parsed.method == "HEAD";
    // Routed in its final place: req.matches points into req.path, which a move of a short
    // (in-place) string would leave behind.
    auto req = std::make_shared<httplib::Request>(std::move(parsed));
    const Routed r = s_.app.route(*req);
    if (!r.on_worker) {
      httplib::Response res;
      run_handler(s_, r, *req, res);
      queue_answer(c, res, head, keep);
      return;
    }
    c.busy = true;
    ++busy_;
    s_.pool.submit([this, req, r, id = c.id, head, keep] {
      httplib::Response res;
      run_handler(s_, r, *req, res);
      post(Done{id, std::move(res), head, keep});
    });
  }

  void take_done() {
    uint64_t count;
    [[maybe_unused]] auto n = ::read(wake_, &count, sizeof count);
    std::vector<Done> batch;
    {
      std::lock_guard<std::mutex> l(mu_);
      batch.swap(done_);
    }
    for (Done& d : batch) {
      --busy_;
      auto it = conns_.find(d.conn);
      if (it == conns_.end()) continue;  // the client went away meanwhile
      Conn& c = *it->second;
      c.busy = false;
      queue_answer(c, d.res, d.head, d.keep);
      process(c);
      finish(c);
    }
  }

  void queue_answer(Conn& c, const httplib::Response& res, bool head, bool keep) {
    if (!keep) c.close_after = true;
    std::string& o = c.out;
    o += "HTTP/1.1 ";
    o += std::to_string(res.status);
    o += ' ';
    o += reason_phrase(res.status);
    o += "\r\n";
    for (const auto& [k, v] : res.headers) {
      if (strcasecmp(k.c_str(), "Content-Length") == 0 || strcasecmp(k.c_str(), "Connection") == 0) continue;
      o += k;
      o += ": ";
      o += v;
      o += "\r\n";
    }
    o += "Content-Length: ";
    o += std::to_string(res.body.size());
    o += keep ? "\r\nConnection: keep-alive\r\n\r\n" : "\r\nConnection: close\r\n\r\n";
    if (!head) o += res.body;
    c.last = now_;
  }

  // Writes what is queued, closes when done with, and sets the epoll interest to match.
  void finish(Conn& c) {
    while (c.out_off < c.out.size()) {
      const ssize_t n = ::send(c.fd, c.out.data() + c.out_off, c.out.size() - c.out_off, MSG_NOSIGNAL);
      if (n > 0) {
        c.out_off += static_cast<size_t>(n);
        c.last = now_;
      } else if (n < 0 && errno == EINTR) {
        continue;
      } else if (n < 0 && errno == EAGAIN) {
        break;
      } else {
        return close_conn(c);
      }
    }
    if (c.out_off == c.out.size()) {
      c.out.clear();
      c.out_off = 0;
    }
    const bool pending = !c.out.empty();
    const bool draining = c.reader.draining() && !c.peer_eof;
    if (c.close_after && !c.busy && !pending && !draining) return close_conn(c);
    uint32_t want = pending ? uint32_t{EPOLLOUT} : 0u;
    if (!c.busy && !c.peer_eof && (!c.close_after || draining)) want |= EPOLLIN;
    if (want != c.interest) {
      epoll_event ev{};
      ev.events = want;
      ev.data.u64 = c.id;
      epoll_ctl(ep_, EPOLL_CTL_MOD, c.fd, &ev);
      c.interest = want;
    }
  }

  bool idle(const Conn& c) const {
    return !c.busy && c.out.empty() && !c.reader.mid_request() && c.in_off == c.in.size();
  }

  void close_conn(Conn& c) {
    ::close(c.fd);
    conns_.erase(c.id);  // c is gone from here on
  }

  // Timeouts, once a second: a stalled write, a request that stopped arriving, an idle
  // keep-alive connection (at once while stopping).
  void sweep() {
    const auto secs = [](int s) { return std::chrono::seconds(s); };
    std::vector<uint64_t> expired;
    for (const auto& [id, cp] : conns_) {
      const Conn& c = *cp;
      if (c.busy) continue;
      const auto quiet = now_ - c.last;
      if (!c.out.empty()) {
        if (quiet > secs(s_.opt.write_timeout_s)) expired.push_back(id);
      } else if (!idle(c)) {
        if (quiet > secs(s_.opt.read_timeout_s)) expired.push_back(id);
      } else if (stop_begun_ || quiet > secs(s_.opt.keep_alive_s)) {
        expired.push_back(id);
      }
    }
    for (uint64_t id : expired) close_conn(*conns_.at(id));
  }

  void begin_stop() {
    stop_begun_ = true;
    if (listening_) epoll_ctl(ep_, EPOLL_CTL_DEL, s_.listen_fd, nullptr);
    listening_ = false;
    std::vector<uint64_t> quiet;
    for (const auto& [id, c] : conns_)
      if (idle(*c)) quiet.push_back(id);
    for (uint64_t id : quiet) close_conn(*conns_.at(id));
  }

  Shared& s_;
  int ep_, wake_;
  bool listening_ = false, stop_begun_ = false, accept_paused_ = false;
  Clock::time_point accept_resume_;
  std::unordered_map<uint64_t, std::unique_ptr<Conn>> conns_;
  uint64_t next_id_ = 2;
  size_t busy_ = 0;  // requests of this loop on workers
  Clock::time_point now_ = Clock::now();
  std::mutex mu_;
  std::vector<Done> done_;
  char rbuf_[kReadChunk];
};

}  // namespace

struct EventFront::Impl {
  Shared s;
  std::vector<std::unique_ptr<Loop>> loops;
};

EventFront::EventFront(FrontOptions options, FrontApp app) : impl_(std::make_unique<Impl>()) {
  if (options.loops == 0) options.loops = std::max(1u, std::thread::hardware_concurrency());
  options.workers = std::max<size_t>(1, options.workers);
  impl_->s.opt = options;
  impl_->s.app = std::move(app);
  for (size_t i = 0; i < options.loops; ++i) impl_->loops.push_back(std::make_unique<Loop>(impl_->s));
}

EventFront::~EventFront() {
  impl_->loops.clear();
  if (impl_->s.listen_fd >= 0) ::close(impl_->s.listen_fd);
}

int EventFront::bind(const std::string& host, int port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  if (getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found) != 0) return -1;
  int fd = -1;
  for (addrinfo* a = found; a; a = a->ai_next) {
    fd = ::socket(a->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) continue;
    const int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (::bind(fd, a->ai_addr, a->ai_addrlen) == 0 && ::listen(fd, SOMAXCONN) == 0) break;
    ::close(fd);
    fd = -1;
  }
  freeaddrinfo(found);
  if (fd < 0) return -1;
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  const int bound = ntohs(addr.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6*>(&addr)->sin6_port
                                                     : reinterpret_cast<sockaddr_in*>(&addr)->sin_port);
  impl_->s.listen_fd = fd;
  for (auto& l : impl_->loops) l->listen_on(fd);
  return bound;
}

void EventFront::run() {
  Shared& s = impl_->s;
  if (s.stopping.load()) return;  // stopped before it started: nothing to serve
  s.pool.start(s.opt.workers);
  std::vector<std::thread> others;
  for (size_t i = 1; i < impl_->loops.size(); ++i) others.emplace_back([l = impl_->loops[i].get()] { l->run(); });
  impl_->loops[0]->run();
  for (auto& t : others) t.join();
  s.pool.stop();
  ::close(s.listen_fd);  // connects are refused from here on
  s.listen_fd = -1;
}

uint64_t EventFront::accept_pauses() const { return impl_->s.accept_pauses.load(std::memory_order_relaxed); }

void EventFront::stop() {
  impl_->s.stopping.store(true, std::memory_order_release);
  for (auto& l : impl_->loops) l->wake();
}

}  // namespace ss::serve
