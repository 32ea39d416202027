#include "faults/fault_engine.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/reply.h"

namespace graphmock {
namespace {

std::string format_seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", s);
  return buf;
}

}  // namespace

FaultEngine::FaultEngine(Clock& clock) : clock_(clock) {}

FaultEngine::ActiveRule FaultEngine::activate(std::shared_ptr<const FaultRule> rule) const {
  Random rng = Random::stream(seed_, rule->id);
  return ActiveRule{std::move(rule), rng};
}

bool FaultEngine::id_taken(const std::string& id) const {
  for (const auto& r : rules_)
    if (r.rule->id == id) return true;
  return false;
}

void FaultEngine::restore_baseline() {
  rules_.clear();
  for (const auto& r : baseline_rules_) rules_.push_back(activate(r));
  sequences_.clear();
  for (const auto& s : baseline_sequences_) sequences_.push_back({s, 0});
  next_id_ = 1;
}

void FaultEngine::cancel_delays(const std::string& rule_id) {
  for (Delay* d : delays_)
    if (rule_id.empty() ||
        std::find(d->rule_ids.begin(), d->rule_ids.end(), rule_id) != d->rule_ids.end())
      d->cancelled = true;
}

void FaultEngine::configure(uint64_t seed, std::vector<FaultRule> rules,
                            std::vector<ResponseSequence> sequences) {
  {
    std::lock_guard lock(mu_);
    seed_ = seed;
    baseline_rules_.clear();
    for (size_t i = 0; i < rules.size(); ++i) {
      FaultRule& r = rules[i];
      if (r.id.empty()) r.id = r.name.empty() ? "scenario-fault-" + std::to_string(i + 1) : r.name;
      for (const auto& earlier : baseline_rules_)
        if (earlier->id == r.id)
          r.id += "#" + std::to_string(i + 1);  // duplicate names stay distinct
      r.source["id"] = r.id;
      baseline_rules_.push_back(std::make_shared<const FaultRule>(std::move(r)));
    }
    baseline_sequences_.clear();
    for (auto& seq : sequences)
      baseline_sequences_.push_back(std::make_shared<const ResponseSequence>(std::move(seq)));
    restore_baseline();
    cancel_delays("");
  }
  clock_.wake();
}

Result<std::string> FaultEngine::add(FaultRule rule) {
  std::lock_guard lock(mu_);
  if (rule.id.empty()) {
    do rule.id = "fault-" + std::to_string(next_id_++);
    while (id_taken(rule.id));
  } else if (id_taken(rule.id)) {
    return GraphError::conflict("A fault rule with id '" + rule.id +
                                "' exists; DELETE /_mock/faults/" + rule.id +
                                " first or choose another id.");
  }
  std::string id = rule.id;
  rule.source["id"] = rule.id;
  rules_.push_back(activate(std::make_shared<const FaultRule>(std::move(rule))));
  return id;
}

bool FaultEngine::remove(const std::string& id) {
  {
    std::lock_guard lock(mu_);
    auto it = std::find_if(rules_.begin(), rules_.end(),
                           [&](const ActiveRule& a) { return a.rule->id == id; });
    if (it == rules_.end()) return false;
    rules_.erase(it);
    cancel_delays(id);
  }
  clock_.wake();
  return true;
}

void FaultEngine::clear() {
  {
    std::lock_guard lock(mu_);
    rules_.clear();
    sequences_.clear();
    cancel_delays("");
  }
  clock_.wake();
}

void FaultEngine::reset() {
  {
    std::lock_guard lock(mu_);
    restore_baseline();
    cancel_delays("");
  }
  clock_.wake();
}

size_t FaultEngine::waiting() const {
  std::lock_guard lock(mu_);
  return delays_.size();
}

nlohmann::json FaultEngine::rules_json() const {
  std::lock_guard lock(mu_);
  nlohmann::json out = nlohmann::json::array();
  for (const auto& r : rules_) {
    nlohmann::json j = r.rule->source;
    j["state"] = {{"calls", r.calls}, {"fired", r.fired}};
    out.push_back(std::move(j));
  }
  return out;
}

nlohmann::json FaultEngine::sequences_json() const {
  std::lock_guard lock(mu_);
  nlohmann::json out = nlohmann::json::array();
  for (const auto& s : sequences_) {
    nlohmann::json j = s.sequence->source;
    j["state"] = {{"calls", s.calls}};
    out.push_back(std::move(j));
  }
  return out;
}

FaultDecision FaultEngine::apply(const Request& request) {
  // Which rules and sequences match, against a snapshot: patterns are
  // user-supplied, so they are never matched under the lock every request takes.
  std::vector<std::shared_ptr<const ResponseSequence>> sequences;
  std::vector<std::shared_ptr<const FaultRule>> rules;
  {
    std::lock_guard lock(mu_);
    for (const auto& s : sequences_) sequences.push_back(s.sequence);
    for (const auto& a : rules_) rules.push_back(a.rule);
  }
  if (sequences.empty() && rules.empty()) return {};
  const ResponseSequence* sequence = nullptr;  // the first matching one owns the call
  for (const auto& s : sequences)
    if (s->match.matches(request)) {
      sequence = s.get();
      break;
    }
  std::vector<const FaultRule*> matched;  // sorted: looked up by address below
  for (const auto& r : rules)
    if (r->match.matches(request)) matched.push_back(r.get());
  std::sort(matched.begin(), matched.end());

  FaultDecision decision;
  std::optional<CannedResponse> canned;
  Duration delay{0};
  Delay held;
  {
    std::lock_guard lock(mu_);
    for (auto& s : sequences_) {
      if (s.sequence.get() != sequence) continue;
      size_t n = s.calls++;
      if (n < s.sequence->responses.size() && s.sequence->responses[n]) {
        canned = s.sequence->responses[n];
        decision.applied =
            "sequence " + s.sequence->match.path.text() + " #" + std::to_string(n + 1);
      }
      break;
    }
    for (auto& a : rules_) {
      if (canned) break;
      const FaultRule& rule = *a.rule;
      if (!std::binary_search(matched.begin(), matched.end(), &rule)) continue;
      uint64_t call = ++a.calls;
      if (rule.calls_from > 0 && call < static_cast<uint64_t>(rule.calls_from)) continue;
      if (rule.calls_to > 0 && call > static_cast<uint64_t>(rule.calls_to)) continue;
      if (rule.times > 0 && a.fired >= static_cast<uint64_t>(rule.times)) continue;
      if (rule.probability && a.rng.uniform01() >= *rule.probability) continue;
      if (rule.throttle) {
        TimePoint now = clock_.now();
        auto window = std::chrono::duration_cast<Duration>(
            std::chrono::duration<double>(rule.throttle->window_seconds));
        if (!a.window_open || now >= a.window_start + window) {
          a.window_open = true;
          a.window_start = now;
          a.window_count = 0;
        }
        if (a.window_count < rule.throttle->limit) {
          ++a.window_count;  // within budget: not a firing
          continue;
        }
        double left = std::chrono::duration<double>(a.window_start + window - now).count();
        int retry_after = rule.throttle->retry_after_seconds.value_or(
            std::max(1, static_cast<int>(std::ceil(left))));
        GraphError e = error_for_status(
            429, "Too many requests: at most " + std::to_string(rule.throttle->limit) + " per " +
                     format_seconds(rule.throttle->window_seconds) + " s on " +
                     rule.match.path.text() + ". Retry after " + std::to_string(retry_after) +
                     " s.");
        canned = CannedResponse{
            429, {{"Retry-After", std::to_string(retry_after)}}, error_body(e, request, now)};
      }
      ++a.fired;
      if (Duration d = rule.latency.sample(a.rng); d.count() > 0) {
        delay += d;
        held.rule_ids.push_back(rule.id);
      }
      decision.applied += (decision.applied.empty() ? "" : ",") + rule.id;
      if (rule.respond) canned = rule.respond;
      if (rule.drop) decision.delivery = *rule.drop;
      if (canned || rule.drop) break;
    }
    if (delay.count() > 0) delays_.push_back(&held);
  }
  if (delay.count() > 0) {
    auto client_gone = [&request] { return request.client_gone && request.client_gone(); };
    clock_.sleep_until(clock_.now() + delay,
                       [&] { return held.cancelled.load() || client_gone(); });
    {
      std::lock_guard lock(mu_);
      delays_.erase(std::find(delays_.begin(), delays_.end(), &held));
    }
    if (client_gone()) {
      // Nobody waits for the answer: end here, with nothing handled, and say so in the journal.
      decision.respond = error_reply(
          {499,
           "clientClosedRequest",
           "The client closed the connection while a fault rule delayed the request; it was "
           "not handled.",
           {}},
          request, clock_.now());
      decision.delivery = Delivery::kReset;
      return decision;
    }
  }
  if (canned) decision.respond = canned_response(*canned, request, clock_.now());
  return decision;
}

}  // namespace graphmock
