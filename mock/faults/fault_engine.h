// FaultEngine: the pipeline's FaultStage. Holds the fault rules and response
// sequences (a scenario's, plus those added through the admin API or C++) and
// decides, per request, what to break:
//   1. the first response sequence matching the request counts the call; its
//      Nth entry answers the Nth call (passthrough / past the end: normal);
//   2. otherwise each matching rule, in order, counts the call and fires if it
//      is inside `calls`, under its `times` budget and wins its `probability`
//      draw; latency of fired rules adds up; the first fired rule that responds,
//      throttles (over its limit) or drops ends the evaluation.
// Probability and latency draws come from Random::stream(seed, rule id), so
// adding a rule never shifts another's outcomes. Paths are matched against a
// snapshot of the rules, outside the lock (patterns are user-supplied).
// Latency waits on the injected Clock outside the lock: with a virtual clock a
// delayed request finishes when the clock is advanced past its deadline. A wait
// ends early, and the request goes on as decided, when a rule that delayed it
// is deleted or the engine is cleared, reset or configured; it ends with a 499
// and a reset connection when the request's client has left.
// Thread-safe.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "faults/fault_rule.h"
#include "pipeline/pipeline.h"

namespace graphmock {

class FaultEngine final : public FaultStage {
 public:
  explicit FaultEngine(Clock& clock);

  // The baseline that reset() returns to (a scenario's rules and sequences).
  // Rules without an id get their name, else "scenario-fault-N".
  void configure(uint64_t seed, std::vector<FaultRule> rules,
                 std::vector<ResponseSequence> sequences);
  // Adds a rule at the end; assigns "fault-N" when it has no id. 409 if the id is taken.
  Result<std::string> add(FaultRule rule);
  bool remove(const std::string& id);
  // Drops every rule and sequence, the scenario's included (until reset()).
  void clear();
  // Back to the configured rules and sequences with fresh counters and streams.
  void reset();

  // Rules (with "id" and "state": {calls, fired}) and sequences, for GET /_mock/faults.
  nlohmann::json rules_json() const;
  nlohmann::json sequences_json() const;
  // Requests currently held by an injected latency (lets tests advance the
  // virtual clock once every request is waiting).
  size_t waiting() const;

  FaultDecision apply(const Request& request) override;

 private:
  // Rules and sequences are shared, immutable, with a snapshot that apply()
  // matches outside the lock; the counters stay here, under it.
  struct ActiveRule {
    std::shared_ptr<const FaultRule> rule;
    Random rng;
    uint64_t calls = 0, fired = 0;
    TimePoint window_start{};
    int window_count = 0;
    bool window_open = false;
  };
  struct ActiveSequence {
    std::shared_ptr<const ResponseSequence> sequence;
    uint64_t calls = 0;
  };
  // A request held by latency: the rules that delayed it, and whether its wait
  // was cancelled (read by the sleeper without the lock).
  struct Delay {
    std::vector<std::string> rule_ids;
    std::atomic<bool> cancelled{false};
  };
  ActiveRule activate(std::shared_ptr<const FaultRule> rule) const;
  bool id_taken(const std::string& id) const;
  void restore_baseline();
  // Ends the waits of `rule_id` (every wait when empty); call with mu_ held, then wake the clock.
  void cancel_delays(const std::string& rule_id);

  Clock& clock_;
  mutable std::mutex mu_;  // guards everything below; never held while sleeping
  uint64_t seed_ = 0;
  std::vector<std::shared_ptr<const FaultRule>> baseline_rules_;
  std::vector<std::shared_ptr<const ResponseSequence>> baseline_sequences_;
  std::vector<ActiveRule> rules_;
  std::vector<ActiveSequence> sequences_;
  std::vector<Delay*> delays_;  // each owned by the apply() waiting on it
  uint64_t next_id_ = 1;
};

}  // namespace graphmock
