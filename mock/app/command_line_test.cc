// The graph-mock command line as a user meets it: the binary run as a child
// process, its exit status and what it prints.
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/build_info.h"

namespace graphmock {
namespace {

constexpr auto npos = std::string::npos;

struct Outcome {
  int status = -1;     // the exit status; -1 when killed at the deadline
  std::string output;  // stdout and stderr together
};

// Runs GRAPHMOCK_BINARY with `args` (stdin closed). A child still running
// after 5 s (a server that should have refused to start) is killed, so the
// test fails rather than hangs.
Outcome run_graph_mock(std::vector<std::string> args) {
  int out[2];
  EXPECT_EQ(::pipe(out), 0);
  pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(out[1], 1);
    ::dup2(out[1], 2);
    ::close(out[0]);
    ::close(0);
    args.insert(args.begin(), GRAPHMOCK_BINARY);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(out[1]);
  Outcome run;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  char buf[4096];
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    pollfd p{out[0], POLLIN, 0};
    if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) <= 0) {
      ::kill(pid, SIGKILL);
      break;
    }
    ssize_t n = ::read(out[0], buf, sizeof buf);
    if (n <= 0) break;
    run.output.append(buf, n);
  }
  ::close(out[0]);
  int wstatus = 0;
  ::waitpid(pid, &wstatus, 0);
  if (WIFEXITED(wstatus)) run.status = WEXITSTATUS(wstatus);
  return run;
}

// A port outside 0..65535 is refused before anything binds, naming the flag:
// it used to be truncated, so the mock announced one port and bound another.
TEST(CommandLineTest, PortOutsideItsRangeIsRefused) {
  for (std::vector<std::string> args :
       {std::vector<std::string>{"serve", "--port", "70000"},
        {"serve", "--port", "-1"},
        {"record", "--out", "/nonexistent/out", "--port", "65536"}}) {
    SCOPED_TRACE(args[0] + " " + args.back());
    Outcome run = run_graph_mock(args);
    EXPECT_NE(run.status, 0);
    EXPECT_NE(run.output.find("--port"), npos) << run.output;
    EXPECT_NE(run.output.find("65535"), npos) << run.output;
    EXPECT_EQ(run.output.find("listening on"), npos) << run.output;
  }
}

// --version answers without a subcommand: version, commit, metadata snapshot.
TEST(CommandLineTest, VersionNamesTheBuild) {
  Outcome run = run_graph_mock({"--version"});
  EXPECT_EQ(run.status, 0);
  EXPECT_EQ(run.output, std::string("graph-mock ") + build_info().version + "\ncommit " +
                            build_info().commit + "\nmetadata " + build_info().metadata_snapshot +
                            "\n");
  std::string commit = build_info().commit;
  EXPECT_TRUE(commit == "unknown" ||
              (commit.size() == 12 && commit.find_first_not_of("0123456789abcdef") == npos))
      << commit;
  EXPECT_NE(std::string(build_info().metadata_snapshot).find("cleanMetadata.xml@bd05c95ec804"),
            npos);
}

// serve --exit-with-stdin stops, as on SIGTERM, once its stdin has ended (here: closed from
// the start), so a parent holding the pipe takes it down however the parent ends. Without the
// flag the server would run until killed at the deadline (status -1).
TEST(CommandLineTest, ExitWithStdinStopsWhenStdinEnds) {
  Outcome run = run_graph_mock({"serve", "--port", "0", "--clock", "virtual", "--exit-with-stdin"});
  EXPECT_EQ(run.status, 0) << run.output;
  EXPECT_NE(run.output.find("listening on http://127.0.0.1:"), npos) << run.output;
  EXPECT_NE(run.output.find("graph-mock: stdin closed, stopping\n"), npos) << run.output;
}

// docs/validation.md: exit 2 when an input cannot be used. A missing fixtures
// folder used to be counted as one problem (exit 1).
TEST(CommandLineTest, CheckOfAMissingFolderExitsTwo) {
  Outcome run = run_graph_mock({"check", "--schemas", GRAPHMOCK_TEST_SCHEMAS, "/nonexistent"});
  EXPECT_EQ(run.status, 2) << run.output;
  EXPECT_EQ(run.output, "graph-mock: /nonexistent: not a folder\n");
}

// A file that is not JSON is counted apart from the checked ones: the summary
// used to read "1 file(s) checked ...: 0 violation(s) in 0 file(s)".
TEST(CommandLineTest, ValidateSaysWhichFilesItCouldNotCheck) {
  std::filesystem::path dir = ::testing::TempDir();
  std::ofstream(dir / "not-json.json") << "{\"error\": ";
  std::ofstream(dir / "error.json") << R"({"error": {"code": "BadRequest", "message": "no"}})";
  Outcome run =
      run_graph_mock({"validate", "--schemas", GRAPHMOCK_TEST_SCHEMAS, "--schema", "graphError",
                      (dir / "not-json.json").string(), (dir / "error.json").string()});
  EXPECT_EQ(run.status, 2) << run.output;
  EXPECT_NE(run.output.find((dir / "not-json.json").string() + " is not JSON"), npos) << run.output;
  EXPECT_NE(run.output.find("1 file(s) checked against graphError: 0 violation(s) in 0 file(s); 1 "
                            "file(s) not checked (not readable or not JSON)\n"),
            npos)
      << run.output;
}

}  // namespace
}  // namespace graphmock
