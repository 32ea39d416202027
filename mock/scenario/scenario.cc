#include "scenario/scenario.h"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "fixtures_io/fixture_set.h"

namespace graphmock {
namespace {

using Json = nlohmann::json;
namespace fs = std::filesystem;

GraphError invalid(const std::string& where, const std::string& pointer,
                   const std::string& reason) {
  return GraphError::bad_request("Invalid scenario " + where + " at " +
                                 (pointer.empty() ? "/" : pointer) + ": " + reason);
}

std::optional<std::string> unknown_key(const Json& obj,
                                       std::initializer_list<const char*> allowed) {
  for (const auto& item : obj.items()) {
    const std::string& k = item.key();  // not a structured binding: clang < 16 cannot capture those
    if (std::none_of(allowed.begin(), allowed.end(), [&](const char* a) { return k == a; }))
      return k;
  }
  return std::nullopt;
}

// A number of seconds >= 0 (> 0 when `positive`), or an error reason.
std::optional<std::string> seconds(const Json& j, bool positive, Duration& out) {
  if (!j.is_number() || !std::isfinite(j.get<double>()) || j.get<double>() < 0 ||
      (positive && j.get<double>() == 0) || j.get<double>() > 1e9)
    return positive ? "must be a number of seconds > 0" : "must be a number of seconds >= 0";
  out = std::chrono::duration_cast<Duration>(std::chrono::duration<double>(j.get<double>()));
  return std::nullopt;
}

std::optional<std::string> rate(const Json& j, double& out) {
  if (!j.is_number() || j.get<double>() < 0 || j.get<double>() > 1)
    return "must be a number in [0, 1]";
  out = j.get<double>();
  return std::nullopt;
}

constexpr const char* kOperationTypes[] = {"deviceDiagnostics", "softwareUpdate", "deviceRestart"};

std::optional<GraphError> parse_operation_timeline(const Json& j, const std::string& where,
                                                   const std::string& p, const std::string& type,
                                                   OperationTimeline& t) {
  if (!j.is_object()) return invalid(where, p, "must be an object");
  if (auto k =
          unknown_key(j, {"queuedSeconds", "runningSeconds", "outcome", "error", "failureRate"}))
    return invalid(where, p + "/" + *k, "unknown property");
  // Unset fields keep the built-in timeline of the operation type.
  Random unused(0);
  t = TimelineTable().plan("*", type, unused);
  if (j.contains("queuedSeconds"))
    if (auto e = seconds(j["queuedSeconds"], false, t.queued))
      return invalid(where, p + "/queuedSeconds", *e);
  if (j.contains("runningSeconds"))
    if (auto e = seconds(j["runningSeconds"], false, t.running))
      return invalid(where, p + "/runningSeconds", *e);
  if (j.contains("outcome")) {
    if (j["outcome"] != "succeeded" && j["outcome"] != "failed")
      return invalid(where, p + "/outcome", "must be succeeded or failed");
    t.fails = j["outcome"] == "failed";
  }
  if (j.contains("error")) {
    const Json& e = j["error"];
    if (!e.is_object())
      return invalid(where, p + "/error", "must be {\"code\": ..., \"message\": ...}");
    if (auto k = unknown_key(e, {"code", "message"}))
      return invalid(where, p + "/error/" + *k, "unknown property");
    for (const char* key : {"code", "message"})
      if (e.contains(key) && !e[key].is_string())
        return invalid(where, p + "/error/" + key, "must be a string");
    t.error_code = e.value("code", std::string());
    t.error_message = e.value("message", std::string());
  }
  if (j.contains("failureRate"))
    if (auto e = rate(j["failureRate"], t.failure_rate))
      return invalid(where, p + "/failureRate", *e);
  return std::nullopt;
}

// {"deviceDiagnostics": {...}, "*": {...}} for `device` ("*" = every device).
std::optional<GraphError> parse_operation_timelines(const Json& j, const std::string& where,
                                                    const std::string& p, const std::string& device,
                                                    TimelineTable& table) {
  if (!j.is_object()) return invalid(where, p, "must be an object keyed by operationType");
  if (auto k = unknown_key(j, {"deviceDiagnostics", "softwareUpdate", "deviceRestart", "*"}))
    return invalid(where, p + "/" + *k,
                   "unknown operationType (deviceDiagnostics, softwareUpdate, deviceRestart, *)");
  if (j.contains("*")) {
    OperationTimeline t;
    if (auto e = parse_operation_timeline(j["*"], where, p + "/*", "*", t)) return e;
    // For every device, the built-in per-type timelines would outrank (*, *): set each type.
    table.set(device, "*", t);
    if (device == "*")
      for (const char* type : kOperationTypes) table.set(device, type, t);
  }
  for (const char* type : kOperationTypes) {
    if (!j.contains(type)) continue;
    OperationTimeline t;
    if (auto e = parse_operation_timeline(j[type], where, p + "/" + type, type, t)) return e;
    table.set(device, type, t);
  }
  return std::nullopt;
}

std::optional<GraphError> parse_log_timeline(const Json& j, const std::string& where,
                                             const std::string& p, LogCollectionTimeline& t) {
  if (!j.is_object()) return invalid(where, p, "must be an object");
  if (auto k = unknown_key(j, {"pendingSeconds", "outcome", "errorCode", "sizeInKB",
                               "expiresAfterSeconds", "failureRate"}))
    return invalid(where, p + "/" + *k, "unknown property");
  if (j.contains("pendingSeconds"))
    if (auto e = seconds(j["pendingSeconds"], false, t.pending))
      return invalid(where, p + "/pendingSeconds", *e);
  if (j.contains("outcome")) {
    if (j["outcome"] != "completed" && j["outcome"] != "failed")
      return invalid(where, p + "/outcome", "must be completed or failed");
    t.outcome = j["outcome"] == "failed" ? LogCollectionTimeline::Outcome::kFailed
                                         : LogCollectionTimeline::Outcome::kCompleted;
  }
  if (j.contains("errorCode")) {
    if (!j["errorCode"].is_number_integer())
      return invalid(where, p + "/errorCode", "must be an integer");
    t.error_code = j["errorCode"].get<int64_t>();
  }
  if (j.contains("sizeInKB")) {
    if (!j["sizeInKB"].is_number() || j["sizeInKB"].get<double>() < 0)
      return invalid(where, p + "/sizeInKB", "must be a number >= 0");
    t.size_in_kb = j["sizeInKB"].get<double>();
  }
  if (j.contains("expiresAfterSeconds"))
    if (auto e = seconds(j["expiresAfterSeconds"], true, t.expires_after))
      return invalid(where, p + "/expiresAfterSeconds", *e);
  if (j.contains("failureRate"))
    if (auto e = rate(j["failureRate"], t.failure_rate))
      return invalid(where, p + "/failureRate", *e);
  return std::nullopt;
}

Result<Scenario> parse_in(const Json& doc, const std::string& where,
                          const BodyValidator* validator) {
  if (validator) {
    auto violations = validator->check("scenario", doc, false);
    if (!violations.empty())
      return GraphError::bad_request("Invalid scenario " + where +
                                     " (schema scenario.json): " + describe(violations));
  }
  if (!doc.is_object()) return invalid(where, "", "must be a JSON object");
  if (auto k = unknown_key(
          doc, {"$schema", "name", "description", "fixtures", "seed", "operationTimelines",
                "deviceTimelines", "logCollectionTimeline", "responseSequences", "faults"}))
    return invalid(where, "/" + *k, "unknown property");
  Scenario s;
  if (!doc.contains("name") || !doc["name"].is_string() ||
      !is_valid_scenario_name(doc["name"].get<std::string>()))
    return invalid(where, "/name", "required, a string matching ^[A-Za-z0-9._-]+$");
  s.name = doc["name"].get<std::string>();
  if (doc.contains("description")) {
    if (!doc["description"].is_string()) return invalid(where, "/description", "must be a string");
    s.description = doc["description"].get<std::string>();
  }
  if (doc.contains("fixtures")) {
    if (!doc["fixtures"].is_string() || !is_valid_scenario_name(doc["fixtures"].get<std::string>()))
      return invalid(where, "/fixtures", "must be a fixture set name matching ^[A-Za-z0-9._-]+$");
    s.fixtures = doc["fixtures"].get<std::string>();
  }
  if (doc.contains("seed")) {
    if (!doc["seed"].is_number_unsigned())
      return invalid(where, "/seed", "must be an integer >= 0");
    s.seed = doc["seed"].get<uint64_t>();
  }
  if (doc.contains("operationTimelines"))
    if (auto e = parse_operation_timelines(doc["operationTimelines"], where, "/operationTimelines",
                                           "*", s.timelines))
      return *e;
  if (doc.contains("deviceTimelines")) {
    if (!doc["deviceTimelines"].is_object())
      return invalid(where, "/deviceTimelines", "must be an object keyed by device id");
    for (const auto& [device, timelines] : doc["deviceTimelines"].items()) {
      if (device == "*")
        return invalid(where, "/deviceTimelines/*", "use operationTimelines for every device");
      if (auto e = parse_operation_timelines(timelines, where, "/deviceTimelines/" + device, device,
                                             s.timelines))
        return *e;
    }
  }
  if (doc.contains("logCollectionTimeline")) {
    s.log_collection.emplace();
    if (auto e = parse_log_timeline(doc["logCollectionTimeline"], where, "/logCollectionTimeline",
                                    *s.log_collection))
      return *e;
  }
  for (const char* key : {"responseSequences", "faults"})
    if (doc.contains(key) && !doc[key].is_array())
      return invalid(where, std::string("/") + key, "must be an array");
  for (size_t i = 0; doc.contains("responseSequences") && i < doc["responseSequences"].size();
       ++i) {
    auto seq = parse_response_sequence(doc["responseSequences"][i],
                                       "/responseSequences/" + std::to_string(i));
    if (!seq)
      return GraphError::bad_request("Invalid scenario " + where + ": " + seq.error().message);
    s.sequences.push_back(std::move(*seq));
  }
  for (size_t i = 0; doc.contains("faults") && i < doc["faults"].size(); ++i) {
    auto rule = parse_fault_rule(doc["faults"][i], "/faults/" + std::to_string(i));
    if (!rule)
      return GraphError::bad_request("Invalid scenario " + where + ": " + rule.error().message);
    s.faults.push_back(std::move(*rule));
  }
  return s;
}

Result<Scenario> read_scenario(const std::string& path, const std::string& where,
                               const BodyValidator* validator) {
  std::string text;
  if (!read_file(path, text))
    return GraphError::not_found("Scenario file " + where + " cannot be read.");
  auto doc = Json::parse(text, nullptr, false);
  if (doc.is_discarded())
    return GraphError::bad_request("Invalid scenario " + where + ": not valid JSON.");
  auto s = parse_in(doc, where, validator);
  if (s) s->file = path;
  return s;
}

}  // namespace

bool is_valid_scenario_name(std::string_view name) {
  if (name.empty() || name.size() > 200 || name.find("..") != std::string_view::npos) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
  });
}

Result<Scenario> parse_scenario(const Json& doc, const BodyValidator* validator) {
  return parse_in(doc, "document", validator);
}

Result<Scenario> load_scenario_by_name(const std::string& fixtures_dir, const std::string& name,
                                       const BodyValidator* validator) {
  if (!is_valid_scenario_name(name))
    return GraphError::bad_request(
        "Invalid scenario name '" + name +
        "': names match ^[A-Za-z0-9._-]+$ without '..' and load from the fixtures "
        "folder's scenarios/ only.");
  std::error_code ec;
  fs::path dir = fs::weakly_canonical(fs::path(fixtures_dir) / "scenarios", ec);
  fs::path file = fs::weakly_canonical(dir / (name + ".json"), ec);
  // A symlink in the folder must not lead outside it either.
  if (ec || file.parent_path() != dir || !fs::is_regular_file(file, ec))
    return GraphError::item_not_found("Unknown scenario '" + name +
                                      "': GET /_mock/scenarios lists those in " + dir.string() +
                                      ".");
  return read_scenario(file.string(), "'" + name + "' (" + file.string() + ")", validator);
}

Result<Scenario> load_scenario_file(const std::string& path, const BodyValidator* validator) {
  return read_scenario(path, path, validator);
}

Result<Scenario> load_scenario_arg(const std::string& fixtures_dir, const std::string& arg,
                                   const BodyValidator* validator) {
  std::error_code ec;
  if (is_valid_scenario_name(arg) &&
      fs::is_regular_file(fs::path(fixtures_dir) / "scenarios" / (arg + ".json"), ec))
    return load_scenario_by_name(fixtures_dir, arg, validator);
  bool looks_like_path = arg.find('/') != std::string::npos ||
                         (arg.size() > 5 && arg.compare(arg.size() - 5, 5, ".json") == 0);
  if (looks_like_path) return load_scenario_file(arg, validator);
  std::string names;
  for (const auto& info : list_scenarios(fixtures_dir, nullptr))
    names += (names.empty() ? "" : ", ") + info.name;
  return GraphError::item_not_found("Unknown scenario '" + arg + "' (available in " + fixtures_dir +
                                    "/scenarios: " + (names.empty() ? "none" : names) + ").");
}

std::vector<ScenarioInfo> list_scenarios(const std::string& fixtures_dir,
                                         const BodyValidator* validator) {
  std::vector<ScenarioInfo> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(fs::path(fixtures_dir) / "scenarios", ec)) {
    const fs::path& p = entry.path();
    if (p.extension() != ".json" || !entry.is_regular_file(ec)) continue;
    std::string name = p.stem().string();
    if (!is_valid_scenario_name(name)) continue;
    ScenarioInfo info{name, "", ""};
    auto s = load_scenario_by_name(fixtures_dir, name, validator);
    if (s)
      info.description = s->description;
    else
      info.error = s.error().message;
    out.push_back(std::move(info));
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return out;
}

}  // namespace graphmock
