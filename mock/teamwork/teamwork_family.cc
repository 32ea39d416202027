#include "teamwork/teamwork_family.h"

#include "teamwork/teamwork_fleet.h"
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
  if (j.contains("outcome")) {
    // "succeeded" (the action pages' word, which shipped scenarios used) means successful.
    t.fails = j["outcome"] == "failed";
    t.cancelled = j["outcome"] == "cancelled";
  }
  if (j.contains("queuedAs")) t.scheduled = j["queuedAs"] == "scheduled";
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

// The scenario's docsVariants (words checked by schemas/scenario.json; a flag given has already
// replaced the file's word, ServerOptions::settings), else the defaults.
TeamworkVariants variants_from(const Json& scenario) {
  TeamworkVariants v;
  const Json fields = scenario.value("docsVariants", Json::object());
  auto word = [&](const char* field) { return fields.value(field, std::string()); };
  if (word("enumCasing") == "PascalCase") v.enum_casing = EnumCasing::kPascal;
  if (word("statusWords") == "actionPages") v.status_words = StatusWordsForm::kActionPages;
  if (word("statusWords") == "PascalCase") v.status_words = StatusWordsForm::kPascal;
  if (word("nextLink") == "relative") v.next_link = LinkForm::kRelative;
  if (word("count") == "always") v.count = CountForm::kAlways;
  if (word("location") == "absolute") v.location = LinkForm::kAbsolute;
  return v;
}

class TeamworkFamily final : public ApiFamily {
 public:
  explicit TeamworkFamily(const FamilyEnv& env)
      : options_(env.options), started_(env.started), resource_(store_, 0) {}

  const FamilyManifest& manifest() const override { return teamwork_manifest(); }
  void register_routes(GraphRouter& router) override { resource_.register_routes(router); }

  void configure(const Json& scenario) override {
    TimelineTable table;
    if (scenario.contains("operationTimelines"))
      add_timelines(scenario["operationTimelines"], "*", table);
    if (scenario.contains("deviceTimelines"))
      for (const auto& [device, timelines] : scenario["deviceTimelines"].items())
        add_timelines(timelines, device, table);
    resource_.set_timelines(std::move(table));
    resource_.set_variants(variants_from(scenario));
    resource_.set_retention(retention_from(scenario, options_, started_));
  }

  void load(const FixtureTexts& fixtures, uint64_t seed) override {
    store_.load(fixtures.at(kFixtureFile));
    resource_.reseed(seed);
  }

  void reset(uint64_t seed) override {
    store_.reset();
    resource_.reseed(seed);
  }

  void dump_state(Json& state, TimePoint now) const override {
    state["teamworkDevices"] = store_.dump(now);
  }
  const FleetPart* fleet_part() const override { return &fleet_; }

  std::optional<TimePoint> next_change(TimePoint now) const override {
    return store_.next_change(now);
  }

 private:
  const ServerOptions& options_;
  const TimePoint started_;
  TeamworkStore store_;
  TeamworkResource resource_;
  TeamworkFleet fleet_{kFixtureFile};
};

}  // namespace

std::unique_ptr<ApiFamily> make_teamwork_family(const FamilyEnv& env) {
  return std::make_unique<TeamworkFamily>(env);
}

}  // namespace graphmock
