// The JSON Schemas of schemas/*.json, read and checked at start-up, each
// compiled on its first use (start-up compiles only what the fixtures and
// scenario need; the 100-odd response schemas wait for their first response).
// A schema's name is its file name without ".json" ("teamworkDevice",
// "fixtures.managedDevices", "scenario"); relative $refs between the files
// ("identitySet.json") resolve inside the same folder.
// A subfolder holds the schemas of one API version ("v1.0/managedDevice" is
// v1.0/managedDevice.json), laid over the top folder: a name "<folder>/<name>"
// the subfolder lacks is the top folder's "<name>" (a body both versions share,
// such as "v1.0/emptyRequest"); in a folder with no such subfolder at all (a
// --schemas folder written before there were version folders), it is the top
// folder's checked without its required properties, which another version may lack.
// check() is safe from any number of threads.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "pipeline/pipeline.h"
#include "validate/schema_compiler.h"

namespace graphmock {

class SchemaRegistry : public BodyValidator {
 public:
  // Reads and compiles every *.json in `dir`. Null with
  // "<file>: <reason>" in `error` when a file is not JSON or not a usable schema.
  static std::unique_ptr<SchemaRegistry> load(const std::string& dir, std::string& error);
  // load() in two steps, so start-up does the second beside its other work: read() takes the
  // files (null with the error when one is not JSON or a $ref names no file), then
  // compile_each() compiles each file on its own, every $ref to another file accepted as {},
  // so a broken file is named even when it is only reached through a $ref ("" when all
  // compile, else "<file>: <reason>"). Safe beside check().
  static std::unique_ptr<SchemaRegistry> read(const std::string& dir, std::string& error);
  std::string compile_each() const;

  // Violations of `body` against schema `schema` ({} when valid); `partial`
  // ignores missing required top-level properties ($select responses).
  // An unknown schema name is itself reported as a violation at "".
  std::vector<Violation> check(const std::string& schema, const Json& body,
                               bool partial) const override;

  // Compiles now what check() would compile on first use (nothing for an unknown name), so a
  // first request does not wait for it. Safe beside check(): a check that comes first compiles.
  void prepare(const std::string& schema, bool partial) const;

  bool has(const std::string& schema) const { return find(schema).entry != nullptr; }
  // SHA-256 of every schema (names and documents): what a fixture set passed.
  const std::string& digest() const { return digest_; }
  std::vector<std::string> names() const;

 private:
  // One schema: its document and, once used, its full and partial forms.
  struct Entry {
    const Json* document = nullptr;
    mutable std::once_flag once[2];
    mutable std::unique_ptr<CompiledSchema> compiled[2];
    mutable std::string error[2];
  };
  // The entry's form for `partial`, compiled once; null when it cannot be (entry.error says why).
  const CompiledSchema* compiled(const Entry& entry, bool partial) const;
  // The entry of `schema`, or of the top folder's for a "<folder>/<name>" the folder lacks (null
  // when there is none), and whether it is checked partially: `partial`, or the folder is absent.
  struct Found {
    const Entry* entry;
    bool partial;
  };
  Found find(std::string_view schema, bool partial = false) const;

  std::map<std::string, Json, std::less<>> documents_;  // by file name
  std::map<std::string, std::unique_ptr<Entry>, std::less<>> schemas_;
  std::string digest_;
  std::string dir_;
  std::set<std::string, std::less<>> folders_;  // the subfolders read ("v1.0")
};

// "<file>: <pointer>: <reason>", the form start-up and `graph-mock check`
// report a bad file in ("/" for the root).
std::string violation_line(const std::string& file, const Violation& violation);

}  // namespace graphmock
