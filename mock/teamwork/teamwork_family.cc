#include "teamwork/teamwork_family.h"

#include "teamwork/teamwork_resource.h"
#include "teamwork/teamwork_store.h"

namespace graphmock {
namespace {

using Json = nlohmann::json;

constexpr const char* kFixtureFile = "teamworkDevices.json";
constexpr const char* kOperationTypes[] = {"deviceDiagnostics", "softwareUpdate", "deviceRestart"};

Duration seconds(const Json& j) {
  return std::chrono::duration_cast<Duration>(std::chrono::duration<double>(j.get<double>()));
}

// Fields a scenario leaves out keep the built-in timeline of the operation type.
OperationTimeline timeline_from(const Json& j, const std::string& type) {
  Random unused(0);
  OperationTimeline t = TimelineTable().plan("*", type, unused);
  if (j.contains("queuedSeconds")) t.queued = seconds(j["queuedSeconds"]);
  if (j.contains("runningSeconds")) t.running = seconds(j["runningSeconds"]);
  if (j.contains("outcome")) t.fails = j["outcome"] == "failed";
  if (j.contains("error")) {
    t.error_code = j["error"].value("code", "");
    t.error_message = j["error"].value("message", "");
  }
  t.failure_rate = j.value("failureRate", 0.0);
  return t;
}

// {"deviceDiagnostics": {...}, "*": {...}} for `device` ("*" = every device).
void add_timelines(const Json& j, const std::string& device, TimelineTable& table) {
  if (j.contains("*")) {
    OperationTimeline t = timeline_from(j["*"], "*");
    // For every device, the built-in per-type timelines would outrank (*, *): set each type.
    table.set(device, "*", t);
    if (device == "*")
      for (const char* type : kOperationTypes) table.set(device, type, t);
  }
  for (const char* type : kOperationTypes)
    if (j.contains(type)) table.set(device, type, timeline_from(j[type], type));
}

class TeamworkFamily final : public ApiFamily {
 public:
  explicit TeamworkFamily(const FamilyEnv& env)
      : options_(env.options),
        resource_(store_, TeamworkOptions{env.options.absolute_location}, 0) {}

  void register_routes(GraphRouter& router) override { resource_.register_routes(router); }

  std::vector<FixtureFile> fixture_files() const override {
    return {{kFixtureFile, "fixtures.teamworkDevices"}};
  }

  void configure(const Json& scenario) override {
    TimelineTable table;
    if (scenario.contains("operationTimelines"))
      add_timelines(scenario["operationTimelines"], "*", table);
    // A named copy: items() of a temporary would outlive it.
    const Json per_device = scenario.value("deviceTimelines", Json::object());
    for (const auto& [device, timelines] : per_device.items())
      add_timelines(timelines, device, table);
    resource_.set_timelines(std::move(table));
    resource_.set_retention(retention_from(scenario, options_));
  }

  void load(const FixtureDocuments& fixtures, uint64_t seed) override {
    store_.load(fixtures.at(kFixtureFile));
    resource_.reseed(seed);
  }

  void dump_state(Json& state, TimePoint now) const override {
    state["teamworkDevices"] = store_.dump(now);
  }

 private:
  const ServerOptions& options_;
  TeamworkStore store_;
  TeamworkResource resource_;
};

}  // namespace

std::unique_ptr<ApiFamily> make_teamwork_family(const FamilyEnv& env) {
  return std::make_unique<TeamworkFamily>(env);
}

}  // namespace graphmock
