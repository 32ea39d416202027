// One JSON Schema (draft-07) document compiled once with valijson, then
// checked from any number of threads.
//
// graph-mock handles some keywords itself instead of valijson:
// - "type" and "enum", so a violation says what was expected ("'bogus' is not
//   one of adminAgent, operatingSystem, ...");
// - "format": valijson 1.0 builds a std::regex per checked value and knows no
//   "uuid"; here date-time goes through parse_iso8601;
// - "additionalProperties": false beside literal "patternProperties" such as
//   {"@odata\\.": {}}: valijson builds a std::regex per object checked and
//   names only the first unexpected property.
// Every other keyword is valijson's.
#pragma once

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "pipeline/pipeline.h"

namespace graphmock {

// Returns the raw (as written) document a $ref names, or null when unknown.
// `uri` is the document part of the reference as valijson resolved it against
// the referring document's $id, e.g. "identitySet.json" or
// "http://localhost:1234/integer.json".
using SchemaResolver = std::function<const Json*(const std::string& uri)>;

struct CompileOptions {
  // Drop "required" of the root schema: a $select response carries only the
  // selected properties, nested objects stay whole.
  bool partial = false;
};

class CompiledSchema {
 public:
  // Null with `error` set when the document is not a usable schema or a $ref
  // cannot be resolved.
  static std::unique_ptr<CompiledSchema> compile(const Json& document,
                                                 const SchemaResolver& resolve,
                                                 CompileOptions options, std::string& error);
  ~CompiledSchema();
  CompiledSchema(const CompiledSchema&) = delete;
  CompiledSchema& operator=(const CompiledSchema&) = delete;

  // Both thread-safe. check() only collects details when the instance is invalid.
  bool valid(const Json& instance) const;
  std::vector<Violation> check(const Json& instance) const;

 private:
  struct Impl;
  explicit CompiledSchema(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The document valijson compiles: the keywords above replaced by graph-mock's
// wherever they are schema keywords (not property names),
// every "$ref" resolved against the base URI in effect there (nested "$id"s
// included; `uri` is where the document came from, "" for the root), and with
// `partial` the root's "required" removed.
Json prepare_schema(const Json& document, bool partial, const std::string& uri);

}  // namespace graphmock
