// What Graph's metadata says about one API family: mock/<family>/manifest.json, written by
// tools/gen_schemas.py from metadata/ (the CSDL blocks and documented-additions.xml) and
// embedded into the family's module at build time (mock/CMakeLists.txt, graphmock_module). It
// holds the family's paths per API version, every type it serves with its properties, key and
// navigation properties, the enums with their evolvable members, the revisions (deprecations),
// the query support the docs' pages document, the actions it serves with their paths and the
// members of GET /_mock/state it writes (what the dashboard reads through GET /_mock/families).
// Everything that needs one of these facts reads it here rather than restating it.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "fixtures_io/fixture_set.h"
#include "odata/query_options.h"

namespace graphmock {

// A serve flag a family declares (its scenario-settings.json "options"): it sets one string
// setting of the family's part of a scenario, and a flag given beats the scenario's value.
struct FamilyOption {
  std::string flag;     // "--status-words"
  std::string setting;  // a JSON pointer into a scenario document: "/docsVariants/statusWords"
  std::string help;
  std::vector<std::string> words;  // the setting's enum; the first is the default
};

class FamilyManifest {
 public:
  // `text` is the generated manifest.json (not outside input: a malformed one is a build error
  // that the first use reports by throwing).
  explicit FamilyManifest(std::string_view text);

  // Each takes the API version whose metadata it reads: "beta" (the manifest's `types`, `enums`
  // and `queries`) or another the manifest has (its `versions.<version>`, e.g. "v1.0").
  static constexpr std::string_view kBeta = "beta";

  const nlohmann::json& json() const { return json_; }
  const std::string& family() const { return family_; }
  // The $select/$filter/$expand/$count vocabulary of entity type `type` (short name,
  // "teamworkDevice"), as a list and as a single entity.
  odata::SpecPair specs(std::string_view type, std::string_view version = kBeta) const;
  // Every structural property of `type`, in the metadata's order (base types first).
  std::vector<std::string> properties(std::string_view type,
                                      std::string_view version = kBeta) const;
  // The enum-typed structural properties of `type`.
  std::vector<std::string> enum_properties(std::string_view type) const;
  // The files of a fixture set the family reads, each with its schema (fixtures.<name>).
  std::vector<FixtureFile> fixture_files() const;
  // The serve flags the family declares, each with the words its setting's schema allows.
  std::vector<FamilyOption> options() const;
  // The members of enum `type` declared after unknownFutureValue.
  std::vector<std::string> evolvable(std::string_view enum_type,
                                     std::string_view version = kBeta) const;
  // What `version`'s metadata says: the object holding its `types`, `enums` and `queries`.
  const nlohmann::json& version(std::string_view version) const;

 private:
  nlohmann::json json_;
  std::string family_;
};

}  // namespace graphmock
