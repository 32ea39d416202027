// Safe defaults: no file outside the fixtures folder through the API, loopback
// unless asked, a warning when exposed without --admin-token, and a clean
// SIGTERM that leaves the journal file complete (the graph-mock binary).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "http/raw_http_client.h"
#include "server/test_server.h"

namespace graphmock {
namespace {

using graphmock::testing::body_of;
using graphmock::testing::StartedServer;
using Json = nlohmann::json;
namespace fs = std::filesystem;

TEST(SafeDefaultsTest, ServerOptionsBindLoopback) { EXPECT_EQ(ServerOptions().host, "127.0.0.1"); }

// Every spelling of "a file elsewhere" is refused before anything is opened,
// and the active scenario stays.
TEST(SafeDefaultsTest, ScenarioNamesCannotReachOutsideTheFixturesFolder) {
  StartedServer mock;
  auto c = mock.client();
  for (const char* path :
       {"/_mock/scenarios/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/_mock/scenarios/%2E%2E/default",
        "/_mock/scenarios/%252e%252e%252fetc%252fpasswd", "/_mock/scenarios//etc/passwd",
        "/_mock/scenarios/%2fetc%2fpasswd", "/_mock/scenarios/..%5c..%5cetc%5cpasswd",
        "/_mock/scenarios/happy-path%00.txt", "/_mock/scenarios/~root", "/_mock/scenarios/..",
        "/_mock/scenarios/.%2e/.%2e/etc/passwd", "/_mock/scenarios/default/teamworkDevices",
        "/_mock/scenarios/../scenarios/happy-path"}) {
    SCOPED_TRACE(path);
    auto r = c->Post(path);
    ASSERT_TRUE(r);
    EXPECT_TRUE(r->status == 400 || r->status == 404) << r->status << " " << r->body;
    EXPECT_EQ(r->body.find("root:"), std::string::npos);
  }
  EXPECT_EQ(body_of(c->Get("/_mock/scenarios"))["active"], nullptr);
}

// A scenario file may name a fixture set; that name cannot leave the folder either.
TEST(SafeDefaultsTest, AScenarioCannotNameAFixtureSetOutsideTheFolder) {
  fs::path dir = fs::temp_directory_path() / ("graphmock-safe-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "scenarios");
  fs::copy(fs::path(GRAPHMOCK_TEST_FIXTURES) / "default", dir / "default");
  for (const char* set : {"../default", "/etc", "..", "default/../../x"})
    std::ofstream(dir / "scenarios" /
                  (std::string("bad") + std::to_string(std::string(set).size()) + ".json"))
        << Json{{"name", "bad"}, {"fixtures", set}}.dump();
  ServerOptions o = graphmock::testing::test_options();
  o.fixtures_dir = dir.string();
  StartedServer mock(o);
  auto c = mock.client();
  for (const auto& e : fs::directory_iterator(dir / "scenarios")) {
    auto r = c->Post("/_mock/scenarios/" + e.path().stem().string());
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << e.path() << ": " << r->body;
  }
  fs::remove_all(dir);
}

// The graph-mock binary as a child process, stdout and stderr piped.
class ServeProcess {
 public:
  explicit ServeProcess(std::vector<std::string> args) {
    int out[2], err[2];
    EXPECT_EQ(::pipe(out), 0);
    EXPECT_EQ(::pipe(err), 0);
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(out[1], 1);
      ::dup2(err[1], 2);
      ::close(out[0]);
      ::close(err[0]);
      std::vector<std::string> all = {GRAPHMOCK_BINARY, "serve",
                                      "--port",         "0",
                                      "--clock",        "virtual",
                                      "--auth",         "off",
                                      "--fixtures",     GRAPHMOCK_TEST_FIXTURES,
                                      "--schemas",      GRAPHMOCK_TEST_SCHEMAS};
      all.insert(all.end(), args.begin(), args.end());
      std::vector<char*> argv;
      for (auto& a : all) argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
    ::close(out[1]);
    ::close(err[1]);
    out_ = out[0];
    err_ = err[0];
    // Up to the first newline: "listening on http://127.0.0.1:PORT".
    char c;
    while (::read(out_, &c, 1) == 1 && c != '\n') first_line_ += c;
  }
  ~ServeProcess() {
    if (pid_ > 0 && !exited_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    ::close(out_);
    ::close(err_);
  }
  const std::string& first_line() const { return first_line_; }
  int port() const {
    auto colon = first_line_.rfind(':');
    return colon == std::string::npos ? 0 : std::atoi(first_line_.c_str() + colon + 1);
  }
  // SIGTERM, then the exit status: -1 if it did not exit normally, or did not
  // exit within 30 s (then it is killed, so a shutdown hang fails the test).
  int terminate() {
    ::kill(pid_, SIGTERM);
    int status = 0;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (::waitpid(pid_, &status, WNOHANG) == 0) {
      if (std::chrono::steady_clock::now() > deadline) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, nullptr, 0);
        exited_ = true;
        return -1;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    exited_ = true;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  std::string stderr_text() {  // after terminate(): everything it wrote
    std::string text;
    char buf[4096];
    for (ssize_t n; (n = ::read(err_, buf, sizeof buf)) > 0;)
      text.append(buf, static_cast<size_t>(n));
    return text;
  }

 private:
  pid_t pid_ = -1;
  int out_ = -1, err_ = -1;
  bool exited_ = false;
  std::string first_line_;
};

TEST(SafeDefaultsTest, BindsLoopbackByDefault) {
  ServeProcess mock({"--log", "off"});
  EXPECT_EQ(mock.first_line().rfind("listening on http://127.0.0.1:", 0), 0u) << mock.first_line();
  EXPECT_EQ(mock.terminate(), 0);
  EXPECT_EQ(mock.stderr_text().find("WARNING"), std::string::npos);
}

TEST(SafeDefaultsTest, WarnsWhenExposedWithoutAnAdminToken) {
  ServeProcess open({"--host", "0.0.0.0", "--log", "off"});
  ASSERT_GT(open.port(), 0) << open.first_line();
  EXPECT_EQ(open.terminate(), 0);
  EXPECT_NE(open.stderr_text().find("WARNING graph-mock listens on 0.0.0.0"), std::string::npos);

  ServeProcess guarded({"--host", "0.0.0.0", "--log", "off", "--admin-token", "s3cret"});
  ASSERT_GT(guarded.port(), 0) << guarded.first_line();
  EXPECT_EQ(guarded.terminate(), 0);
  EXPECT_EQ(guarded.stderr_text().find("WARNING"), std::string::npos);
}

TEST(SafeDefaultsTest, SigtermExitsZeroWithEveryExchangeInTheJournalFile) {
  fs::path journal =
      fs::temp_directory_path() / ("graphmock-journal-" + std::to_string(::getpid()) + ".jsonl");
  fs::remove(journal);
  ServeProcess mock({"--journal-file", journal.string(), "--log", "off"});
  ASSERT_GT(mock.port(), 0) << mock.first_line();
  httplib::Client c("127.0.0.1", mock.port());
  const int n = 60;
  for (int i = 0; i < n; ++i) {
    auto r = i % 3 == 0 ? c.Get("/beta/teamwork/devices?$top=2")
             : i % 3 == 1
                 ? c.Post("/beta/teamwork/devices/41142dae-02dd-459b-9365-63e26e8d2653/restart")
                 : c.Get("/_mock/health");
    ASSERT_TRUE(r) << i;
  }
  EXPECT_EQ(mock.terminate(), 0);
  std::ifstream in(journal);
  std::string line;
  int lines = 0;
  while (std::getline(in, line)) {
    Json j = Json::parse(line, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << "line " << lines << ": " << line;
    EXPECT_EQ(j.value("seq", 0), lines + 1);
    ++lines;
  }
  EXPECT_EQ(lines, n);
  fs::remove(journal);
}

// The flags reach the server: each --allowed-host name is admitted, others are
// refused; --journal-secrets keep leaves tokens in the journal file.
TEST(SafeDefaultsTest, AllowedHostAndJournalSecretsFlags) {
  fs::path journal =
      fs::temp_directory_path() / ("graphmock-secrets-" + std::to_string(::getpid()) + ".jsonl");
  fs::remove(journal);
  ServeProcess mock({"--log", "off", "--allowed-host", "mock.test", "--allowed-host", "other.test",
                     "--journal-file", journal.string(), "--journal-secrets", "keep"});
  ASSERT_GT(mock.port(), 0) << mock.first_line();
  auto get = [&](const std::string& host) {
    return graphmock::testing::raw_exchange(
               mock.port(), "GET /beta/teamwork/devices?$top=1 HTTP/1.1\r\nHost: " + host +
                                "\r\nAuthorization: Bearer kept-token\r\nConnection: close\r\n\r\n")
        .status;
  };
  EXPECT_EQ(get("mock.test:8080"), 200);
  EXPECT_EQ(get("other.test"), 200);
  EXPECT_EQ(get("third.test"), 403);
  EXPECT_EQ(mock.terminate(), 0);
  std::stringstream text;
  text << std::ifstream(journal).rdbuf();
  EXPECT_NE(text.str().find("Bearer kept-token"), std::string::npos) << text.str();
  fs::remove(journal);
}

}  // namespace
}  // namespace graphmock
