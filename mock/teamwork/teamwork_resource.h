// The Teams devices API under /beta/teamwork/devices: list and get devices and
// their health/activity/configuration, the three long-running actions
// (runDiagnostics, updateSoftware, restart -> 202 + Location), and operations.
// Thread-safe: state lives in the TeamworkStore; ids come from a locked Random.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>

#include "core/random.h"
#include "graphmock/options.h"
#include "odata/query_options.h"
#include "pipeline/pipeline.h"
#include "teamwork/lifecycle.h"
#include "teamwork/teamwork_store.h"

namespace graphmock {

// Where Microsoft's documents disagree on the wire form (docs/behaviour.md, "Behaviour where the
// docs are silent or contradictory"), the first member follows the metadata and is the default;
// the others serve what a document shows, so a client can be tested against each.
enum class EnumCasing { kCamel, kPascal };  // camelCase members | PascalCase as the examples
// Links (@odata.nextLink, Location): absolute URLs | relative to the version root (/teamwork/...).
enum class LinkForm { kAbsolute, kRelative };
enum class CountForm { kOnRequest, kAlways };  // @odata.count only on $count=true | always

// The documented variants in force: the scenario's docsVariants, where a flag given (a setting
// of the manifest's options) has replaced the file's word, else these.
struct TeamworkVariants {
  EnumCasing enum_casing = EnumCasing::kCamel;
  StatusWordsForm status_words = StatusWordsForm::kResourcePage;
  LinkForm next_link = LinkForm::kAbsolute;
  CountForm count = CountForm::kOnRequest;
  LinkForm location = LinkForm::kRelative;  // /teamwork/devices/{id}/operations/{opId}
};

class TeamworkResource {
 public:
  TeamworkResource(TeamworkStore& store, uint64_t seed);

  void register_routes(GraphRouter& router);
  // Scenario timelines; takes effect for operations accepted afterwards.
  void set_timelines(TimelineTable table);
  // Takes effect for the next request.
  void set_variants(const TeamworkVariants& variants);
  // Which finished operations a device keeps; applies from the next write.
  void set_retention(RetentionPolicy retention);
  // Restarts id generation and failure draws from `seed` (reset, scenario load).
  void reseed(uint64_t seed);

 private:
  Result<Reply> list_devices(const Context& ctx) const;
  Result<Reply> get_device(const Context& ctx) const;
  Result<Reply> get_part(const Context& ctx, const char* part) const;
  Result<Reply> list_operations(const Context& ctx) const;
  Result<Reply> get_operation(const Context& ctx) const;
  Result<Reply> create_operation(const Context& ctx);
  Result<Reply> start_action(const Context& ctx, const char* operation_type);

  TeamworkVariants variants() const;
  // Every read: the options parsed, `answer(data, options, variants)` under the
  // read lock, then shown in the variants' forms.
  template <class Answer>
  Result<Reply> read(const Context& ctx, const odata::Spec& spec, Answer&& answer) const;
  // A page in the variants' form of @odata.count.
  static Reply collection_reply(const odata::Page& page, const odata::QueryOptions& options,
                                const TeamworkVariants& v, const Context& ctx,
                                const std::string& set);
  // Evolvable enum members, Preference-Applied and enum casing, for every reply with a body.
  static Reply shown(Reply reply, const Context& ctx, const TeamworkVariants& v);
  std::string location(const Context& ctx, const std::string& device_id,
                       const std::string& operation_id) const;

  TeamworkStore& store_;
  // Read on every request, set by a scenario load: each on its own, a request reads them once.
  std::atomic<EnumCasing> enum_casing_{EnumCasing::kCamel};
  std::atomic<StatusWordsForm> status_words_{StatusWordsForm::kResourcePage};
  std::atomic<LinkForm> next_link_{LinkForm::kAbsolute};
  std::atomic<CountForm> count_{CountForm::kOnRequest};
  std::atomic<LinkForm> location_{LinkForm::kRelative};
  std::mutex mu_;  // guards rng_, timelines_ and retention_
  Random rng_;
  std::shared_ptr<const TimelineTable> timelines_;
  RetentionPolicy retention_;
};

}  // namespace graphmock
