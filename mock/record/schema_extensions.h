// What a recording keeps although schemas/ does not know it: a property the
// metadata snapshot lacks (Graph adds some every month) and an enum value it
// does not list (a member in another letter case, a new member). The entity
// is kept as recorded, and the recording's own copy of the schemas
// (DIR/schemas) declares what it holds, so the set loads and is served under
// --validate strict with `--schemas DIR/schemas`. Not thread-safe.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "graphmock/result.h"
#include "pipeline/pipeline.h"

namespace graphmock {

class SchemaExtensions {
 public:
  // `schemas_dir`: the folder the recording was checked against ("" declares nothing).
  explicit SchemaExtensions(std::string schemas_dir) : dir_(std::move(schemas_dir)) {}

  // When `v` (a violation of `document` against schema `schema`) is an unknown
  // property or an enum value not listed, declares it in the schema that
  // checks that spot and says what was kept in `said`; false for any other
  // violation, or one whose schema cannot be found.
  bool declare(const std::string& schema, const nlohmann::json& document, const Violation& v,
               std::string& said);
  bool empty() const { return changed_.empty(); }
  // Every schema of the folder by file name, its text; the extended ones changed.
  // 400 naming a file that cannot be read.
  Result<std::map<std::string, std::string>> texts() const;

 private:
  using Pointer = nlohmann::json::json_pointer;
  // A schema within a file: the file and the pointer to it.
  struct Spot {
    std::string file;
    Pointer at;
  };
  const nlohmann::json* document(const std::string& file);  // read on first use
  // `spot` after following $ref and the non-null branch of an anyOf / oneOf.
  std::optional<Spot> resolve(Spot spot);
  // The schema of the value at `tokens` inside a value of schema `spot`.
  std::optional<Spot> schema_at(Spot spot, const std::vector<std::string>& tokens);

  std::string dir_;
  std::map<std::string, nlohmann::json> docs_;  // by file name; null: unreadable
  std::set<std::string> changed_;
};

}  // namespace graphmock
