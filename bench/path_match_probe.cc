// path_match_probe RUNS
// Times PathPattern::matches on issue 25's pathological case: a pattern with
// 20 x ** against a 400-segment path it does not match, the worst case for a
// matcher that tries every split point. Prints one JSON object: runs and the
// median, p99 and max time of one match, in microseconds.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "faults/path_pattern.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: path_match_probe RUNS\n");
    return 2;
  }
  const size_t runs = std::max<size_t>(1, std::strtoul(argv[1], nullptr, 10));
  std::string pattern_text, path;
  for (int i = 0; i < 19; ++i) pattern_text += "/**/a";
  pattern_text += "/**/b";
  for (int i = 0; i < 400; ++i) path += "/a";
  auto pattern = graphmock::PathPattern::parse(pattern_text);
  if (!pattern) {
    std::fprintf(stderr, "path_match_probe: %s\n", pattern.error().message.c_str());
    return 1;
  }
  std::vector<double> us;
  bool matched = false;
  for (size_t i = 0; i < runs; ++i) {
    auto t0 = std::chrono::steady_clock::now();
    matched = pattern->matches(path) || matched;
    us.push_back(
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count());
  }
  std::sort(us.begin(), us.end());
  std::printf(
      "{\"runs\":%zu,\"pattern_globstars\":20,\"path_segments\":400,\"matched\":%s,"
      "\"median_us\":%.1f,\"p99_us\":%.1f,\"max_us\":%.1f}\n",
      runs, matched ? "true" : "false", us[us.size() / 2], us[us.size() * 99 / 100], us.back());
  return matched ? 1 : 0;  // the path has no b: a match would be a wrong answer
}
