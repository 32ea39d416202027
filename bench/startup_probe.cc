// startup_probe RUNS -- COMMAND ARGS...
// Starts COMMAND (a `graph-mock serve --port 0 ...` that prints "listening on
// http://HOST:PORT" on stdout) RUNS times and measures, with steady_clock, the
// time from fork to the first 200 on GET /_mock/health. After each start-up it
// waits 300 ms and reads VmRSS from /proc/PID/status (idle RSS), then stops
// the process with SIGTERM. Prints one JSON object; median_cpu_ms is the CPU
// time the process used up to its first 200 (what a busy machine does not change).
#include <dirent.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "bench_socket.h"

namespace {

using Clock = std::chrono::steady_clock;

long vm_rss_kb(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::atol(line.c_str() + 6);
  return -1;
}

// Reads the child's stdout until the "listening on" line; the port, or -1.
int read_port(int fd) {
  std::string out;
  char c;
  while (::read(fd, &c, 1) == 1) {
    if (c != '\n') {
      out += c;
      continue;
    }
    if (auto at = out.find("listening on "); at != std::string::npos) {
      auto colon = out.rfind(':');
      return std::atoi(out.c_str() + colon + 1);
    }
    out.clear();
  }
  return -1;
}

// CPU time the process has used so far (all threads, from schedstat): the
// part of the start-up that does not depend on how busy the machine is.
double cpu_ms(pid_t pid) {
  double ns = 0;
  DIR* dir = opendir(("/proc/" + std::to_string(pid) + "/task").c_str());
  if (!dir) return -1;
  while (dirent* e = readdir(dir)) {
    if (e->d_name[0] == '.') continue;
    std::ifstream in("/proc/" + std::to_string(pid) + "/task/" + e->d_name + "/schedstat");
    double task_ns = 0;
    if (in >> task_ns) ns += task_ns;
  }
  closedir(dir);
  return ns / 1e6;
}

struct Run {
  double ms = -1;
  double cpu_ms = -1;
  long rss_kb = -1;
};

Run run_once(char** argv) {
  int pipefd[2];
  if (pipe(pipefd) != 0) return {};
  auto t0 = Clock::now();
  pid_t pid = fork();
  if (pid == 0) {
    dup2(pipefd[1], STDOUT_FILENO);
    close(pipefd[0]);
    close(pipefd[1]);
    execv(argv[0], argv);
    _exit(127);
  }
  close(pipefd[1]);
  Run run;
  int port = read_port(pipefd[0]);
  if (port > 0) {
    const std::string request = graphmock::bench::get_request("/_mock/health");
    for (int attempt = 0; attempt < 5000; ++attempt) {
      int fd = graphmock::bench::connect_local(port);
      int status = fd >= 0 ? graphmock::bench::round_trip(fd, request) : -1;
      if (fd >= 0) close(fd);
      if (status == 200) {
        run.ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
        run.cpu_ms = cpu_ms(pid);
        break;
      }
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    run.rss_kb = vm_rss_kb(pid);
  }
  kill(pid, SIGTERM);
  waitpid(pid, nullptr, 0);
  close(pipefd[0]);
  return run;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  size_t n = v.size();
  return n == 0 ? -1 : n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4 || std::strcmp(argv[2], "--") != 0) {
    std::fprintf(stderr, "usage: startup_probe RUNS -- COMMAND ARGS...\n");
    return 2;
  }
  int runs = std::atoi(argv[1]);
  std::vector<double> ms, cpu, rss;
  std::string list;
  for (int i = 0; i < runs; ++i) {
    Run r = run_once(argv + 3);
    if (r.ms < 0) {
      std::fprintf(stderr, "startup_probe: run %d: no 200 from /_mock/health\n", i + 1);
      return 1;
    }
    ms.push_back(r.ms);
    cpu.push_back(r.cpu_ms);
    rss.push_back(static_cast<double>(r.rss_kb));
    char buf[32];
    std::snprintf(buf, sizeof buf, "%s%.2f", list.empty() ? "" : ",", r.ms);
    list += buf;
  }
  std::printf(
      "{\"runs_ms\":[%s],\"median_ms\":%.2f,\"min_ms\":%.2f,\"max_ms\":%.2f,\"median_cpu_ms\":%.2f,"
      "\"idle_rss_kb\":%.0f}\n",
      list.c_str(), median(ms), *std::min_element(ms.begin(), ms.end()),
      *std::max_element(ms.begin(), ms.end()), median(cpu), median(rss));
  return 0;
}
