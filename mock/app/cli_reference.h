// The man page and the bash completion of a command line, generated from its CLI11
// definition (every subcommand and option, hidden ones left out), so a new option appears in
// both without an edit. The build writes them with `graph-mock --generate man|bash-completion`
// (mock/CMakeLists.txt). Pure functions of the App: thread-safe while nothing edits it.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace graphmock {

struct ManPageHeader {
  std::string command;      // the executable's name, e.g. "graph-mock"
  std::string version;      // printed in the page's footer
  std::string summary;      // the NAME line after "command \-"
  std::string environment;  // the ENVIRONMENT section's text; none when empty
  std::string see_also;     // the SEE ALSO section's text; none when empty
};

// A man(7) page in section 1: NAME, SYNOPSIS, DESCRIPTION, OPTIONS (the top-level ones),
// one subsection per subcommand (nested ones as "a b") with its options, their value types,
// choices and defaults.
std::string man_page(const CLI::App& app, const ManPageHeader& header);

// A bash script defining a completion function for `command` and registering it: subcommands,
// the options of the subcommand typed so far, and the choices of an option whose values are
// a fixed set; anything else falls back to file names.
std::string bash_completion(const CLI::App& app, const std::string& command);

}  // namespace graphmock
