#!/usr/bin/env python3
"""Checks that only the registration list names an API family outside the family folders.

    tools/check_family_names.py [--root DIR]    # exit 1 and list each line that names one

A family is its folder (mock/<name>/, the words of GRAPHMOCK_FAMILIES in mock/CMakeLists.txt,
the registration list); what it is comes from its manifest. So the mock's own sources outside
those folders should name no family: not its paths, entity types, fixture files or settings.

Searched: the mock's sources (mock/, include/, tools/, cmake/, CMakeLists.txt: .cc .h .in .js
.html .css .py .sh .cmake CMakeLists.txt), comments left out (// and /* */ in C++ and
JavaScript, # in Python, shell and CMake). Not searched: the family folders; tests (*_test.*,
test_*.py, mock/ui/browser_test/, mock/server/test_server.h), which drive the mock through
Graph's URLs as a client does; clients/ (Graph clients: they call Graph's URLs by name as any
app does); data (schemas/, fixtures/, metadata/, manifests) and docs/.

The names (case-insensitive): teamwork (teamworkDevice, /teamwork/...), logcollection
(logCollectionRequests, deviceLogCollection...), managedDevice, deviceCategor (deviceCategory,
deviceCategories) and $batch (the batch family's path; the bare word "batch" is left out: it is
also English, and batchRequestId, an inner request's outer one, is the journal's).
"""

import argparse
import os
import re
import sys

NAMES = re.compile(r"teamwork|logcollection|manageddevice|devicecategor|\$batch", re.IGNORECASE)
REGISTRATION = re.compile(r"^\s*set\(GRAPHMOCK_FAMILIES\b")
SEARCHED = ("mock", "include", "tools", "cmake")
EXTENSIONS = (".cc", ".h", ".in", ".js", ".html", ".css", ".py", ".sh", ".cmake", ".txt")
HASH_COMMENTS = (".py", ".sh", ".cmake", ".txt")
SELF = os.path.join("tools", "check_family_names.py")



def families(root):
    with open(os.path.join(root, "mock", "CMakeLists.txt"), encoding="utf-8") as f:
        for line in f:
            if REGISTRATION.match(line):
                return line.split("(", 1)[1].rsplit(")", 1)[0].split()[1:]
    sys.exit("check_family_names: no set(GRAPHMOCK_FAMILIES ...) in mock/CMakeLists.txt")


def is_test(path):
    name = os.path.basename(path)
    return (re.search(r"_test\.[a-z]+$", name) or name.startswith("test_")
            or os.sep + "browser_test" + os.sep in path
            or path == os.path.join("mock", "server", "test_server.h"))


def code_lines(path, text):
    """(line number, line without its comments)."""
    if path.endswith(HASH_COMMENTS):
        for n, line in enumerate(text.splitlines(), 1):
            yield n, re.sub(r"(^|\s)#.*", "", line)
        return
    # C++ and JavaScript: /* */ blocks blanked (keeping line breaks), then // to the line's end
    # where it does not follow ':' (a URL in a string).
    text = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.DOTALL)
    for n, line in enumerate(text.splitlines(), 1):
        yield n, re.sub(r"(?<!:)//.*", "", line)


def sources(root, skipped):
    if os.path.exists(os.path.join(root, "CMakeLists.txt")):
        yield "CMakeLists.txt"
    for top in SEARCHED:
        for folder, dirs, files in os.walk(os.path.join(root, top)):
            rel = os.path.relpath(folder, root)
            dirs[:] = sorted(d for d in dirs if os.path.join(rel, d) not in skipped
                             and d != "__pycache__" and d != "node_modules")
            for name in sorted(files):
                path = os.path.join(rel, name)
                if name.endswith(EXTENSIONS) and not is_test(path) and path != SELF:
                    yield path


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", default=os.path.dirname(os.path.dirname(
        os.path.abspath(__file__))))
    args = parser.parse_args()
    skipped = {os.path.join("mock", f) for f in families(args.root)}
    found = []
    for path in sources(args.root, skipped):
        with open(os.path.join(args.root, path), encoding="utf-8") as f:
            text = f.read()
        for n, line in code_lines(path, text):
            if NAMES.search(line) and not REGISTRATION.match(line):
                found.append(f"{path}:{n}: {line.strip()}")
    for line in found:
        print(f"{line}\n  names a family outside its folder: read it from the family's manifest "
              "or interface (docs/architecture.md)")
    if found:
        return 1
    print("check_family_names: only the registration list names a family")
    return 0


if __name__ == "__main__":
    sys.exit(main())
