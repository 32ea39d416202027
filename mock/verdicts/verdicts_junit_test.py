#!/usr/bin/env python3
"""ctest cli_verdicts_junit: `graph-mock verdicts --junit` read by a JUnit consumer.

A naive client (standard library urllib, no waiting) runs against `graph-mock serve
--journal-file`; the journal file is then judged offline and the JUnit XML parsed with
xml.etree: one test case per rule, the broken ones failing with their evidence, advice in
<system-out>, ignored rules skipped, and the exit status 1 / 0.

usage: verdicts_junit_test.py GRAPH_MOCK_BINARY
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET

ROOM = "41142dae-02dd-459b-9365-63e26e8d2653"
RULES = {"retry-before-retry-after", "retry-without-backoff", "poll-too-fast",
         "poll-after-terminal", "unknown-skiptoken", "first-page-again", "batch-over-limit",
         "batch-retry-outside-batch", "repeat-after-409", "no-client-request-id",
         "list-without-select-or-top", "auth-error-repeated"}
BROKEN = {"retry-before-retry-after", "poll-too-fast", "poll-after-terminal"}


def main(binary):
    work = tempfile.mkdtemp(prefix="verdicts-junit-")
    journal = os.path.join(work, "journal.jsonl")
    proc = subprocess.Popen([binary, "serve", "--port", "0", "--clock", "virtual", "--auth", "off",
                             "--log", "off", "--journal-file", journal], stdout=subprocess.PIPE)
    try:
        base = proc.stdout.readline().decode().split()[-1]

        def call(method, path, body=None):
            data = body if body is None or isinstance(body, bytes) else json.dumps(body).encode()
            req = urllib.request.Request(base + path, method=method, data=data,
                                         headers={"Content-Type": "application/json"})
            try:
                with urllib.request.urlopen(req, timeout=10) as res:
                    return res.status, res.headers, res.read()
            except urllib.error.HTTPError as e:
                return e.code, e.headers, e.read()

        call("POST", "/_mock/faults", {"match": {"path": "/beta/teamwork/devices"},
                                       "respond": {"status": 429, "headers": {"Retry-After": "5"}},
                                       "times": 1})
        assert call("GET", "/beta/teamwork/devices")[0] == 429
        assert call("GET", "/beta/teamwork/devices")[0] == 200  # at once
        status, headers, _ = call("POST", f"/beta/teamwork/devices/{ROOM}/runDiagnostics", b"")
        assert status == 202, status
        op = "/beta" + headers["Location"]
        call("GET", op)
        call("GET", op)  # at once
        call("POST", "/_mock/clock/advance", {"seconds": 120})
        assert json.loads(call("GET", op)[2])["status"] == "successful"
        call("GET", op)  # after the end
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        proc.stdout.close()

    out = os.path.join(work, "verdicts.xml")
    run = subprocess.run([binary, "verdicts", "--journal", journal, "--junit", out],
                         capture_output=True, text=True)
    assert run.returncode == 1, (run.returncode, run.stdout, run.stderr)
    assert "3 violation(s), 1 advice over 7 exchange(s)" in run.stdout, run.stdout
    suite = ET.parse(out).getroot()
    cases = {c.get("name"): c for c in suite.iter("testcase")}
    assert set(cases) == RULES, sorted(cases)
    assert (suite.get("tests"), suite.get("failures"), suite.get("skipped")) == ("12", "3", "0")
    failed = {name for name, c in cases.items() if c.find("failure") is not None}
    assert failed == BROKEN, failed
    retry = cases["retry-before-retry-after"].find("failure")
    assert "GET /beta/teamwork/devices retried 0 s after a 429 with Retry-After 5 s" in retry.text
    assert "GET /beta/teamwork/devices -> 429" in retry.text, retry.text
    assert "Retry-After" in retry.get("message")
    advice = cases["no-client-request-id"]
    assert advice.find("failure") is None and "without a client-request-id" in advice.find("system-out").text

    ignore = "ignore=" + ",".join(sorted(BROKEN))
    run = subprocess.run([binary, "verdicts", "--journal", journal, "--junit", out, "--set", ignore],
                         capture_output=True, text=True)
    assert run.returncode == 0, (run.returncode, run.stdout, run.stderr)
    suite = ET.parse(out).getroot()
    assert (suite.get("failures"), suite.get("skipped")) == ("0", "3")
    assert {c.get("name") for c in suite.iter("testcase") if c.find("skipped") is not None} == BROKEN

    run = subprocess.run([binary, "verdicts", "--journal", journal, "--set", "pollSeconds=1"],
                         capture_output=True, text=True)
    assert run.returncode == 2 and "Unknown verdict setting 'pollSeconds'" in run.stderr, run.stderr
    shutil.rmtree(work)
    print("cli_verdicts_junit: ok")


if __name__ == "__main__":
    main(sys.argv[1])
