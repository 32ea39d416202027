// burst_client PORT PATH COUNT
// Opens COUNT keep-alive connections to 127.0.0.1:PORT, then sends one
// `GET PATH` on each as fast as it can and waits (epoll) for every response.
// Prints one JSON object: wall time from the first send to the last complete
// response, per-request latencies, status counts and errors.
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "bench_socket.h"

namespace {
using Clock = std::chrono::steady_clock;
double ms_between(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}
}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: burst_client PORT PATH COUNT\n");
    return 2;
  }
  int port = std::atoi(argv[1]);
  std::string request = graphmock::bench::get_request(argv[2]);
  size_t count = std::strtoul(argv[3], nullptr, 10);

  auto c0 = Clock::now();
  std::vector<int> fds;
  size_t errors = 0;
  for (size_t i = 0; i < count; ++i) {
    int fd = graphmock::bench::connect_local(port);
    if (fd < 0)
      ++errors;
    else
      fds.push_back(fd);
  }
  double connect_ms = ms_between(c0, Clock::now());

  int ep = epoll_create1(EPOLL_CLOEXEC);
  std::vector<graphmock::bench::ResponseReader> readers(fds.size());
  std::vector<double> latency;
  std::map<int, size_t> statuses;
  size_t pending = 0;  // requests sent and not yet answered
  auto t0 = Clock::now();
  for (size_t i = 0; i < fds.size(); ++i) {
    if (!graphmock::bench::send_all(fds[i], request)) {
      ++errors;
      continue;
    }
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = i;
    epoll_ctl(ep, EPOLL_CTL_ADD, fds[i], &ev);
    ++pending;
  }
  auto last = t0;
  char chunk[16384];
  epoll_event events[256];
  while (pending > 0) {
    int n = epoll_wait(ep, events, 256, 30000);
    if (n <= 0) break;  // 30 s without progress: count the rest as errors
    for (int k = 0; k < n; ++k) {
      size_t i = events[k].data.u64;
      ssize_t got = ::recv(fds[i], chunk, sizeof chunk, 0);
      bool done = got > 0 && readers[i].feed(chunk, static_cast<size_t>(got));
      if (got <= 0) ++errors;
      if (done) {
        last = Clock::now();
        latency.push_back(ms_between(t0, last));
        ++statuses[readers[i].status()];
      }
      if (got <= 0 || done) {
        epoll_ctl(ep, EPOLL_CTL_DEL, fds[i], nullptr);
        --pending;
      }
    }
  }
  errors += pending;
  for (int fd : fds) close(fd);
  close(ep);

  std::sort(latency.begin(), latency.end());
  auto pct = [&](double p) {
    return latency.empty() ? -1.0 : latency[static_cast<size_t>(p * (latency.size() - 1))];
  };
  std::string codes;
  for (const auto& [code, n] : statuses)
    codes += (codes.empty() ? "\"" : ",\"") + std::to_string(code) + "\":" + std::to_string(n);
  std::printf(
      "{\"requests\":%zu,\"completed\":%zu,\"errors\":%zu,\"connect_ms\":%.1f,\"wall_ms\":%.1f,"
      "\"min_ms\":%.1f,\"p50_ms\":%.1f,\"max_ms\":%.1f,\"status\":{%s}}\n",
      count, latency.size(), errors, connect_ms, ms_between(t0, last), pct(0), pct(0.5), pct(1),
      codes.c_str());
  return 0;
}
