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
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/build_info.h"
#include "server/test_server.h"

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
// Starts GRAPHMOCK_BINARY with `args`, its stdout (and stderr when `with_stderr`) into the
// pipe `out`; the parent's end stays open.
pid_t spawn_graph_mock(std::vector<std::string> args, int (&out)[2], bool with_stderr) {
  EXPECT_EQ(::pipe(out), 0);
  pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(out[1], 1);
    if (with_stderr) {
      ::dup2(out[1], 2);
      ::close(0);
    }
    ::close(out[0]);
    args.insert(args.begin(), GRAPHMOCK_BINARY);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(out[1]);
  return pid;
}

Outcome run_graph_mock(std::vector<std::string> args) {
  int out[2];
  pid_t pid = spawn_graph_mock(std::move(args), out, true);
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

// A generated fleet gets the template folder's scenarios, naming the fleet as their set:
// `--scenario throttled` with a fleet loads the fleet and throttles it.
TEST(CommandLineTest, GeneratedFleetHasTheShippedScenarios) {
  namespace fs = std::filesystem;
  const fs::path out =
      fs::temp_directory_path() / ("graphmock-fleet-" + std::to_string(::getpid()));
  fs::remove_all(out);
  Outcome run = run_graph_mock({"fixtures", "generate", "--devices", "20", "--out", out.string(),
                                "--name", "fleet", "--templates", GRAPHMOCK_TEST_FIXTURES});
  ASSERT_EQ(run.status, 0) << run.output;
  for (const auto& entry : fs::directory_iterator(fs::path(GRAPHMOCK_TEST_FIXTURES) / "scenarios"))
    EXPECT_TRUE(fs::is_regular_file(out / "scenarios" / entry.path().filename()))
        << entry.path().filename();

  ServerOptions options = testing::test_options();
  options.fixtures_dir = out.string();
  options.scenario = "throttled";
  Server server(options);
  auto loaded = server.load();
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  std::vector<int> statuses;
  for (int i = 0; i < 6; ++i) {
    Request r;
    r.method = "GET";
    r.path = "/beta/teamwork/devices";
    r.raw_query = "$top=20";
    Response answer = server.handle(r);
    statuses.push_back(answer.status);
    if (i == 0) {
      auto body = nlohmann::json::parse(answer.body);
      EXPECT_EQ(body["value"].size(), 20u);  // the fleet's devices, not the default set's 17
    }
  }
  EXPECT_EQ(statuses, (std::vector<int>{200, 200, 200, 200, 200, 429}));
  fs::remove_all(out);
}

// A `graph-mock serve` running as a child process, stopped with SIGTERM when destroyed.
class ServingMock {
 public:
  explicit ServingMock(std::vector<std::string> args) {
    int out[2];
    args.insert(args.begin(), "serve");
    pid_ = spawn_graph_mock(std::move(args), out, false);
    out_ = out[0];
    // "listening on http://127.0.0.1:PORT\n", within 10 s.
    std::string line;
    char c;
    pollfd p{out_, POLLIN, 0};
    while (line.find('\n') == npos && ::poll(&p, 1, 10000) > 0 && ::read(out_, &c, 1) == 1)
      line += c;
    const std::string prefix = "listening on http://127.0.0.1:";
    if (line.rfind(prefix, 0) == 0) port_ = std::stoi(line.substr(prefix.size()));
  }
  ~ServingMock() {
    ::kill(pid_, SIGTERM);
    ::waitpid(pid_, nullptr, 0);
    ::close(out_);
  }
  int port() const { return port_; }

 private:
  pid_t pid_ = -1;
  int out_ = -1;
  int port_ = 0;
};

// docs/fixtures.md "--watch": a saved fixture is served within a second; a broken save
// leaves the previous data served and the error, naming file and pointer, in /_mock/health.
TEST(CommandLineTest, WatchServesAnEditedFixtureAndKeepsDataOnABrokenOne) {
  namespace fs = std::filesystem;
  using Clock = std::chrono::steady_clock;
  const fs::path dir =
      fs::temp_directory_path() / ("graphmock-watch-e2e-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  fs::copy(fs::path(GRAPHMOCK_TEST_FIXTURES) / "default", dir / "default");
  const fs::path devices = dir / "default" / "teamworkDevices.json";
  auto edit = [&](const std::string& from, const std::string& to) {
    std::ifstream in(devices);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    size_t at = text.find(from);
    ASSERT_NE(at, npos) << from;
    text.replace(at, from.size(), to);
    // As editors save: a new file renamed over the old one.
    std::ofstream(dir / "default" / ".saving", std::ios::trunc) << text;
    fs::rename(dir / "default" / ".saving", devices);
  };
  ServingMock mock({"--port", "0", "--clock", "virtual", "--auth", "off", "--log", "off", "--watch",
                    "--fixtures", dir.string()});
  ASSERT_NE(mock.port(), 0);
  httplib::Client http("127.0.0.1", mock.port());
  const std::string device = "/beta/teamwork/devices/b5e463a9-7520-4006-b699-237421670139";
  // Polls `path` until its body holds `text`, for at most 5 s: how long it took, or nullopt.
  auto served_within = [&](const std::string& path,
                           const std::string& text) -> std::optional<Clock::duration> {
    const auto from = Clock::now();
    while (Clock::now() - from < std::chrono::seconds(5)) {
      auto r = http.Get(path);
      if (r && r->body.find(text) != npos) return Clock::now() - from;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return std::nullopt;
  };

  edit("Boardroom, 4th floor", "Moved to the 5th floor");
  auto took = served_within(device, "Moved to the 5th floor");
  ASSERT_TRUE(took) << "the edit was not served after 5 s";
  EXPECT_LT(*took, std::chrono::seconds(1));

  edit("\"deviceType\": \"teamsRoom\"", "\"deviceType\": \"TeamsRoom\"");
  ASSERT_TRUE(served_within("/_mock/health", "is not one of")) << "no error after 5 s";
  auto health = nlohmann::json::parse(http.Get("/_mock/health")->body);
  std::string error = health["watch"]["error"];
  EXPECT_NE(error.find(devices.string() + ": /value/"), npos) << error;
  EXPECT_NE(error.find("/deviceType: 'TeamsRoom' is not one of"), npos) << error;
  auto r = http.Get(device);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_NE(r->body.find("Moved to the 5th floor"), npos);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace graphmock
