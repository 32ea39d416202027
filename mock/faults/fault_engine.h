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
// adding a rule never shifts another's outcomes. Latency waits on the injected
// Clock outside the lock: with a virtual clock a delayed request finishes when
// the clock is advanced past its deadline.
// Thread-safe.
#pragma once

#include <atomic>
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
  size_t waiting() const { return waiting_.load(); }

  FaultDecision apply(const Request& request) override;

 private:
  struct ActiveRule {
    FaultRule rule;
    Random rng;
    uint64_t calls = 0, fired = 0;
    TimePoint window_start{};
    int window_count = 0;
    bool window_open = false;
  };
  struct ActiveSequence {
    ResponseSequence sequence;
    uint64_t calls = 0;
  };
  ActiveRule activate(FaultRule rule) const;
  bool id_taken(const std::string& id) const;
  void restore_baseline();

  Clock& clock_;
  mutable std::mutex mu_;  // guards everything below; never held while sleeping
  uint64_t seed_ = 0;
  std::vector<FaultRule> baseline_rules_;
  std::vector<ResponseSequence> baseline_sequences_;
  std::vector<ActiveRule> rules_;
  std::vector<ActiveSequence> sequences_;
  uint64_t next_id_ = 1;
  std::atomic<size_t> waiting_{0};
};

}  // namespace graphmock
