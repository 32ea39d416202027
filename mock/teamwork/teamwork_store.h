// In-memory Teams devices: each device with its health, activity and
// configuration documents and its operations, in fixture order (paging is
// stable). Readers share a lock; writers (actions, reset) take it alone.
// A write costs the same however many operations are stored: operations are
// indexed by id, the "is an action queued or running" answer and the
// installed software versions are kept per device, and finished operations
// beyond the retention policy are dropped.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "family/identity_pool.h"
#include "family/locked.h"
#include "family/retained_list.h"
#include "odata/query_options.h"
#include "teamwork/lifecycle.h"

namespace graphmock {

// The action that decides whether a device is busy: among its actions with a
// non-zero timeline, the one that ends last. A new action is refused while
// `now` is before `ends`, which is what checking every stored operation's
// phase would answer, kept instead of rescanned.
struct PendingAction {
  std::string id;
  const char* operation_type = "";
  TimePoint created{}, started{}, ends{};
  bool scheduled = false;  // its waiting phase is reported as scheduled, not queued
};

// Versions installed by updateSoftware, per software type. Actions on a device
// run one at a time, so only the newest update of a type can still be pending.
struct SoftwareUpdates {
  std::optional<std::string> installed;  // from updates that succeeded before `latest`
  std::optional<std::string> latest_version;
  TimePoint latest_ends{};
  bool latest_fails = false;

  // The version shown in configuration.softwareVersions at `now`, if any.
  const std::optional<std::string>& version_at(TimePoint now) const;
};

// Members declared after unknownFutureValue (schemas/teamworkDeviceType.json,
// schemas/teamworkUserIdentityType.json), by the property that holds them:
// Graph sends them only to clients that prefer include-unknown-enum-members.
extern const odata::EnumProperty kDeviceTypeEnum;
extern const odata::EnumProperty kUserIdentityTypeEnum;

// Rewrites enum members in place: `hide_unknown` replaces the evolvable ones (kDeviceTypeEnum,
// kUserIdentityTypeEnum) with unknownFutureValue; `pascal` upper-cases every member's first letter
// (the docs' examples).
void rewrite_enums(nlohmann::json& j, bool hide_unknown, bool pascal);
// Whether rewrite_enums(j, true, false) would change `j` (walked, not copied).
bool holds_evolvable_member(const nlohmann::json& j);

// A device as a list page writes it, kept as bytes: a page without $select is these strings
// between the envelope's parts, and a $select page copies the selected members' bytes.
// Built from the entity once, the first time a list reaches the device; a device whose entity
// changes gets new DeviceDocuments, so these never go stale.
class ListedDevice {
 public:
  // `filterable`: the property paths $filter may compare (the same on every call).
  ListedDevice(const nlohmann::json& entity, const std::vector<std::string>& filterable);

  // The item as the tree-built page wrote it (members in name order, compact); `hide_unknown`:
  // evolvable enum members as unknownFutureValue. With `select`, only its properties, the id
  // and the @odata annotations (odata::select), from a cache of projections keyed by the list.
  std::shared_ptr<const std::string> item(bool hide_unknown,
                                          const std::vector<std::string>& select) const;
  // The values of the filterable paths (odata::fields_at): what $filter reads.
  const nlohmann::json& fields() const { return fields_; }
  // Whether the entity holds an evolvable enum member (holds_evolvable_member).
  bool holds_evolvable() const { return hidden_.has_value(); }

 private:
  struct Form {
    std::shared_ptr<const std::string> text;
    std::vector<std::pair<std::string, std::string_view>> members;  // name, "name":value
  };
  static Form form_of(std::string text);
  const Form& form(bool hide_unknown) const { return hide_unknown && hidden_ ? *hidden_ : shown_; }

  Form shown_;
  std::optional<Form> hidden_;  // only when the entity holds an evolvable member
  nlohmann::json fields_;
  // Projections by (hide_unknown, select list): a client pages with one or two lists, so the
  // few last used are kept.
  static constexpr size_t kMaxProjections = 4;
  mutable std::mutex mu_;
  struct Projection {
    bool hidden;
    std::vector<std::string> select;
    std::shared_ptr<const std::string> text;
  };
  mutable std::vector<Projection> projections_;
};

// What a device's fixture says and nothing changes after load: shared by the
// live state and the state reset restores, so a fleet is held once.
struct DeviceDocuments {
  // The GET body of the entity without $select, served as bytes: the
  // teamworkDevice properties and @odata.context, compact.
  std::string get_body;
  // Whether the entity may hold a member of an evolvable enum declared after
  // unknownFutureValue (kDeviceTypeEnum, kUserIdentityTypeEnum), so that GET without the preference
  // must rewrite it rather than serve get_body.
  bool may_hold_evolvable = false;
  std::string id;
  // health, activity and configuration as the fixture wrote them: most of a
  // device's bytes and read one device at a time, so a fleet keeps them as
  // text (about a fifth of their parsed size) and a read parses one.
  std::string health, activity, configuration;

  // The entity parsed (without @odata.context), for the reads a stored form does not answer.
  nlohmann::json entity_tree() const;
  // The device as lists write it, built the first time a list reaches it (thread-safe) and
  // kept: a fleet starts without it and pays for it only for the devices its clients list.
  const ListedDevice& listed(const std::vector<std::string>& filterable) const;
  // "health", "activity" or "configuration", parsed, with its id and @odata.type.
  nlohmann::json part(std::string_view name) const;

 private:
  mutable std::once_flag listed_once_;
  mutable std::unique_ptr<const ListedDevice> listed_;
};

struct TeamworkDevice {
  std::shared_ptr<const DeviceDocuments> docs;
  RetainedList<OperationRecord> operations;
  std::optional<PendingAction> pending;
  std::map<std::string, SoftwareUpdates, std::less<>> software;

  const OperationRecord* find_operation(std::string_view id) const { return operations.find(id); }
  // Adds an action's operation and keeps `pending` and `software` up to date;
  // then drops finished operations beyond `retention`.
  void add_action(OperationRecord op, const RetentionPolicy& retention, TimePoint now);
  // Adds a static operation (POST .../operations); then applies `retention`.
  void add_static(OperationRecord op, const RetentionPolicy& retention, TimePoint now);
};

struct TeamworkData {
  std::vector<TeamworkDevice> devices;
  std::unordered_map<std::string, size_t> index;
  IdentityPool identities;

  const TeamworkDevice* find(const std::string& id) const;
  TeamworkDevice* find(const std::string& id);
};

class TeamworkStore : public Locked<TeamworkData> {
 public:
  // Replaces all devices with those of a fixture file's text {"value": [device...]},
  // where each device inlines health, activity, configuration and operations.
  // Nothing is parsed: a device is kept as text (DeviceDocuments).
  void load(std::string_view fixture);
  // Back to the state load() built: fixture operations only, no action pending.
  void reset();

  // Everything, as clients would see it at `now` (for /_mock/state).
  nlohmann::json dump(TimePoint now) const;
  // The first start or end of a pending action after `now`, if any.
  std::optional<TimePoint> next_change(TimePoint now) const;

 private:
  TeamworkData loaded_;  // written by load() only, before requests or under control
};

// When an operation finished (retention), nullopt while it is queued or
// running. A static operation counts as finished unless its status says otherwise.
std::optional<TimePoint> operation_finished_at(const OperationRecord& op, TimePoint now);

}  // namespace graphmock
