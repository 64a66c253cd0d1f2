// The event-loop front on its own (a toy application, raw sockets): pipelining, keep-alive,
// 413, a slow handler not blocking fast ones, graceful stop with a request in flight; and
// the request reader on hand-made bytes.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

#include "serve/event_front.h"
#include "serve/request_reader.h"

namespace ss::serve {
namespace {

using namespace std::chrono_literals;

// Routes: /fast (inline, echoes ?i=), /slow (a worker; waits until released), /echo
// (a worker; echoes the body), anything else -1.
struct ToyApp {
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<int> slow_started{0};
  std::atomic<int> slow_finished{0};

  FrontApp app() {
    FrontApp a;
    a.route = [](httplib::Request& req) {
      if (req.path == "/fast") return Routed{0, false};
      if (req.path == "/slow") return Routed{1, true};
      if (req.path == "/echo") return Routed{2, true};
      return Routed{};
    };
    a.handle = [this](const Routed& r, const httplib::Request& req, httplib::Response& res) {
      if (r.route == 0) return res.set_content("fast " + req.get_param_value("i"), "text/plain");
      if (r.route == 1) {
        ++slow_started;
        released.wait();
        ++slow_finished;
        return res.set_content("slow done", "text/plain");
      }
      if (r.route == 2) return res.set_content(req.method + " " + req.body, "text/plain");
      res.status = 404;
      res.set_content("none", "text/plain");
    };
    return a;
  }
};

struct Running {
  Running(ToyApp& toy, FrontOptions o = {}) : front(o, toy.app()) {
    port = front.bind("127.0.0.1", 0);
    thread = std::thread([this] {
      front.run();
      returned = true;
    });
  }
  ~Running() {
    front.stop();
    if (thread.joinable()) thread.join();
  }
  EventFront front;
  int port = 0;
  std::atomic<bool> returned{false};
  std::thread thread;
};

int connect_to(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval tv{10, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  EXPECT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  return fd;
}

void send_all(int fd, const std::string& s) {
  size_t off = 0;
  while (off < s.size()) {
    const ssize_t n = send(fd, s.data() + off, s.size() - off, MSG_NOSIGNAL);
    ASSERT_GT(n, 0);
    off += static_cast<size_t>(n);
  }
}

struct Answer {
  int status = 0;
  std::string body;
  bool close = false;
};

// Reads `n` answers (Content-Length framed); fewer if the connection ends first.
std::vector<Answer> read_answers(int fd, size_t n) {
  std::vector<Answer> out;
  std::string buf;
  char tmp[65536];
  while (out.size() < n) {
    const size_t head_end = buf.find("\r\n\r\n");
    if (head_end != std::string::npos) {
      const std::string head = buf.substr(0, head_end);
      const size_t cl = head.find("Content-Length: ");
      const size_t len = cl == std::string::npos ? 0 : std::stoul(head.substr(cl + 16));
      if (buf.size() >= head_end + 4 + len) {
        Answer a;
        a.status = std::stoi(head.substr(9, 3));
        a.body = buf.substr(head_end + 4, len);
        a.close = head.find("Connection: close") != std::string::npos;
        if (a.status != 100) out.push_back(a);
        buf.erase(0, head_end + 4 + len);
        continue;
      }
    }
    const ssize_t r = recv(fd, tmp, sizeof tmp, 0);
    if (r <= 0) break;
    buf.append(tmp, static_cast<size_t>(r));
  }
  return out;
}

bool peer_closed(int fd) {
  char c;
  return recv(fd, &c, 1, 0) == 0;
}

TEST(EventFront, PipelinedRequestsAreAnsweredInOrderEvenAcrossAWorker) {
  ToyApp toy;
  toy.release.set_value();  // /slow answers at once here, but still on a worker
  Running s(toy, {.loops = 1, .workers = 2});
  const int fd = connect_to(s.port);
  send_all(fd,
           "GET /fast?i=1 HTTP/1.1\r\nHost: x\r\n\r\n"
           "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"
           "GET /slow HTTP/1.1\r\nHost: x\r\n\r\n"
           "GET /fast?i=4 HTTP/1.1\r\nHost: x\r\n\r\n"
           "PUT /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"
           "GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n");
  const auto a = read_answers(fd, 6);
  ASSERT_EQ(a.size(), 6u);
  EXPECT_EQ(a[0].body, "fast 1");
  EXPECT_EQ(a[1].body, "POST hello");
  EXPECT_EQ(a[2].body, "slow done");
  EXPECT_EQ(a[3].body, "fast 4");
  EXPECT_EQ(a[4].body, "PUT abcde");
  EXPECT_EQ(a[5].status, 404);
  for (const auto& x : a) EXPECT_FALSE(x.close);
  close(fd);
}

TEST(EventFront, KeepAliveServesManyRequestsOnOneConnectionUpToTheCap) {
  ToyApp toy;
  Running s(toy, {.loops = 2, .workers = 1, .keep_alive_max = 5});
  const int fd = connect_to(s.port);
  for (int i = 0; i < 5; ++i) {  // one at a time, waiting for each answer
    send_all(fd, "GET /fast?i=" + std::to_string(i) + " HTTP/1.1\r\nHost: x\r\n\r\n");
    const auto a = read_answers(fd, 1);
    ASSERT_EQ(a.size(), 1u);
    EXPECT_EQ(a[0].body, "fast " + std::to_string(i));
    EXPECT_EQ(a[0].close, i == 4) << i;  // the 5th is the last this connection takes
  }
  EXPECT_TRUE(peer_closed(fd));
  close(fd);
  // "Connection: close" and HTTP/1.0 without keep-alive end the connection after one answer.
  const int fd2 = connect_to(s.port);
  send_all(fd2, "GET /fast?i=a HTTP/1.0\r\n\r\n");
  const auto b = read_answers(fd2, 1);
  ASSERT_EQ(b.size(), 1u);
  EXPECT_TRUE(b[0].close);
  EXPECT_TRUE(peer_closed(fd2));
  close(fd2);
}

TEST(EventFront, OversizedBodyIs413AfterTheBodyIsReadAndTheServerStillServes) {
  ToyApp toy;
  Running s(toy, {.loops = 1, .workers = 1, .max_body_bytes = 1000});
  httplib::Client c("127.0.0.1", s.port);
  auto big = c.Post("/echo", std::string(200000, 'x'), "text/plain");
  ASSERT_TRUE(big) << "the client must get the answer, not a reset";
  EXPECT_EQ(big->status, 413);
  EXPECT_NE(big->body.find("too large"), std::string::npos);
  auto ok = c.Post("/echo", std::string(1000, 'y'), "text/plain");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
  EXPECT_EQ(ok->body.size(), 5 + 1000u);
  // Malformed bytes get a 400 and the connection closes.
  const int fd = connect_to(s.port);
  send_all(fd, "GET /fast HTTP/1.1\r\nBad Header Line\r\n\r\n");
  const auto a = read_answers(fd, 1);
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].status, 400);
  EXPECT_TRUE(peer_closed(fd));
  close(fd);
}

TEST(EventFront, ASlowHandlerDoesNotBlockFastRequestsOnTheSameLoop) {
  ToyApp toy;
  Running s(toy, {.loops = 1, .workers = 2});
  auto slow = std::async(std::launch::async, [&] {
    httplib::Client c("127.0.0.1", s.port);
    c.set_read_timeout(10, 0);
    return c.Get("/slow");
  });
  while (toy.slow_started == 0) std::this_thread::sleep_for(1ms);
  httplib::Client c("127.0.0.1", s.port);
  const auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < 20; ++i) {
    auto r = c.Get("/fast?i=" + std::to_string(i));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->body, "fast " + std::to_string(i));
  }
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 2s);
  EXPECT_EQ(toy.slow_finished, 0);  // all of that while the slow one was still running
  toy.release.set_value();
  auto r = slow.get();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "slow done");
}

TEST(EventFront, StopLetsTheRequestInFlightFinishThenRunReturns) {
  ToyApp toy;
  auto s = std::make_unique<Running>(toy, FrontOptions{.loops = 2, .workers = 2});
  const int idle = connect_to(s->port);  // an idle keep-alive connection is closed at stop
  send_all(idle, "GET /fast?i=0 HTTP/1.1\r\nHost: x\r\n\r\n");
  ASSERT_EQ(read_answers(idle, 1).size(), 1u);
  auto slow = std::async(std::launch::async, [&] {
    httplib::Client c("127.0.0.1", s->port);
    c.set_read_timeout(10, 0);
    return c.Get("/slow");
  });
  while (toy.slow_started == 0) std::this_thread::sleep_for(1ms);
  s->front.stop();
  EXPECT_TRUE(peer_closed(idle));
  std::this_thread::sleep_for(100ms);
  EXPECT_FALSE(s->returned);
  EXPECT_EQ(toy.slow_finished, 0);
  toy.release.set_value();
  auto r = slow.get();
  ASSERT_TRUE(r) << "the in-flight request was answered";
  EXPECT_EQ(r->body, "slow done");
  s->thread.join();  // run() returned
  close(idle);
  // No longer accepting.
  httplib::Client late("127.0.0.1", s->port);
  late.set_connection_timeout(1, 0);
  EXPECT_FALSE(late.Get("/fast"));
}

TEST(EventFront, StopBeforeRunMakesRunReturnAtOnce) {
  ToyApp toy;
  EventFront f({.loops = 2, .workers = 1}, toy.app());
  ASSERT_GT(f.bind("127.0.0.1", 0), 0);
  f.stop();
  const auto t0 = std::chrono::steady_clock::now();
  f.run();
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 1s);
}

TEST(EventFront, OutOfFileDescriptorsPausesAcceptingInsteadOfSpinning) {
  ToyApp toy;
  std::atomic<uint64_t> counted{0};  // the server's metric
  Running s(toy, {.loops = 1, .workers = 1, .accept_pause_counter = &counted});
  rlimit saved{};
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &saved), 0);
  // The open-files limit just above the lowest free descriptor: the client's socket gets
  // that one, the server's accept() of it finds none left (EMFILE).
  const int lowest = dup(0);
  ASSERT_GE(lowest, 0);
  close(lowest);
  rlimit tight = saved;
  tight.rlim_cur = static_cast<rlim_t>(lowest) + 1;
  ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &tight), 0);
  const int fd = connect_to(s.port);  // completes in the kernel's backlog
  send_all(fd, "GET /fast?i=7 HTTP/1.1\r\nHost: x\r\n\r\n");
  rusage r0{}, r1{};
  getrusage(RUSAGE_SELF, &r0);
  std::this_thread::sleep_for(500ms);
  getrusage(RUSAGE_SELF, &r1);
  const auto cpu_us = [](const rusage& r) {
    return (r.ru_utime.tv_sec + r.ru_stime.tv_sec) * 1000000L + r.ru_utime.tv_usec + r.ru_stime.tv_usec;
  };
  const uint64_t pauses = s.front.accept_pauses();
  ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &saved), 0);
  // A spinning loop would burn the whole 500 ms; pausing retries ~5 times.
  EXPECT_LT(cpu_us(r1) - cpu_us(r0), 150000L);
  EXPECT_GE(pauses, 2u);
  EXPECT_LE(pauses, 10u);
  EXPECT_GE(counted.load(), pauses);
  // With descriptors back, the waiting connection is accepted and answered.
  const auto got = read_answers(fd, 1);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].body, "fast 7");
  close(fd);
}

TEST(EventFront, BindingABusyPortFails) {
  ToyApp toy;
  Running s(toy, {.loops = 1, .workers = 1});
  EventFront other({.loops = 1, .workers = 1}, toy.app());
  EXPECT_EQ(other.bind("127.0.0.1", s.port), -1);
}

TEST(RequestReader, SplitsPipelinedBytesFedInPiecesIntoRequests) {
  const std::string wire =
      "GET /v1/items/a%20b/similar?k=5&x=a+b&list=1,2 HTTP/1.1\r\nHost: h\r\nX-API-Key: k1\r\n\r\n"
      "POST /v1/events HTTP/1.1\r\nContent-Length: 2\r\nconnection: close\r\n\r\n{}";
  RequestReader r(1 << 20, 1 << 16);
  std::vector<httplib::Request> got;
  std::vector<bool> keep;
  std::string pending;
  for (char ch : wire) {  // one byte at a time: the worst case for a parser
    pending += ch;
    std::string_view in(pending);
    httplib::Request req;
    for (;;) {
      const size_t before = in.size();
      const ReadStep s = r.next(in, req);
      ASSERT_NE(s.kind, ReadStep::kError) << s.message;
      if (s.kind == ReadStep::kRequest) {
        got.push_back(req), keep.push_back(r.keep_alive());
        req = httplib::Request();
      } else if (in.size() == before) {
        break;
      }
    }
    pending = std::string(in);
  }
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].method, "GET");
  EXPECT_EQ(got[0].path, "/v1/items/a b/similar");
  EXPECT_EQ(got[0].get_param_value("k"), "5");
  EXPECT_EQ(got[0].get_param_value("x"), "a b");
  EXPECT_EQ(got[0].get_param_value("list"), "1,2");
  EXPECT_EQ(got[0].get_header_value("x-api-key"), "k1");
  EXPECT_TRUE(keep[0]);
  EXPECT_EQ(got[1].method, "POST");
  EXPECT_EQ(got[1].body, "{}");
  EXPECT_FALSE(keep[1]);
}

TEST(RequestReader, RejectsOversizedAndMalformedRequests) {
  RequestReader r(10, 1 << 16);
  std::string_view in = "POST /x HTTP/1.1\r\nContent-Length: 11\r\n\r\n01234567890";
  httplib::Request req;
  ReadStep s = r.next(in, req);
  EXPECT_EQ(s.kind, ReadStep::kError);
  EXPECT_EQ(s.status, 413);
  EXPECT_TRUE(r.draining());
  s = r.next(in, req);  // the body is dropped
  EXPECT_TRUE(in.empty());
  EXPECT_FALSE(r.draining());
  RequestReader bad(10, 1 << 16);
  std::string_view junk = "NOT HTTP AT ALL\r\n\r\n";
  EXPECT_EQ(bad.next(junk, req).status, 400);
  RequestReader expect(10, 1 << 16);
  std::string_view e = "POST /x HTTP/1.1\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n";
  EXPECT_EQ(expect.next(e, req).kind, ReadStep::kContinue);
  std::string_view rest = "abc";
  EXPECT_EQ(expect.next(rest, req).kind, ReadStep::kRequest);
  EXPECT_EQ(req.body, "abc");
}

}  // namespace
}  // namespace ss::serve
