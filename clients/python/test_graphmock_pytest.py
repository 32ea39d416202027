"""The graph_mock fixtures used the way a client's test suite would: plain urllib against
the mock, the admin helpers to move time, arm faults and read the journal."""

import json
import os
import signal
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from graphmock_pytest import GraphMock, GraphMockError, find_binary

ROOM = "41142dae-02dd-459b-9365-63e26e8d2653"  # a Teams Room in the default fixtures


def call(mock, method, path, token=None):
    """(status, headers, JSON body) of a Graph call; HTTP errors are answers, not exceptions."""
    req = urllib.request.Request(mock.graph_url + path, method=method, data=b"" if method == "POST" else None,
                                 headers={"Authorization": "Bearer " + (token or mock.token())})
    try:
        with urllib.request.urlopen(req, timeout=10, context=mock.ssl_context()) as res:
            body = res.read()
            return res.status, res.headers, json.loads(body) if body else None
    except urllib.error.HTTPError as e:
        return e.code, e.headers, json.loads(e.read())


def children():
    """Processes whose parent is this one (zombies included: an unreaped child counts);
    the session mock, when started, is one."""
    pids = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    if int(f.read().rsplit(")", 1)[1].split()[1]) == os.getpid():
                        pids.add(int(entry))
            except (OSError, IndexError):
                pass
    return pids


@pytest.mark.graph_mock(auth="scopes")
def test_run_diagnostics_polls_to_a_terminal_state_under_the_virtual_clock(graph_mock):
    status, headers, _ = call(graph_mock, "POST", f"/teamwork/devices/{ROOM}/runDiagnostics")
    assert status == 202
    location = headers["Location"]  # relative to the version root
    assert location.startswith(f"/teamwork/devices/{ROOM}/operations/")

    phases = []
    for _ in range(20):
        status, _, op = call(graph_mock, "GET", location)
        assert status == 200
        phases.append(op["status"])
        if op["status"] in ("successful", "failed"):
            break
        graph_mock.advance(10)
    assert phases[0] == "queued" and phases[-1] == "successful"
    assert "inProgress" in phases


@pytest.mark.graph_mock(auth="scopes")
def test_a_token_without_the_permission_is_forbidden(graph_mock):
    status, _, body = call(graph_mock, "POST", f"/teamwork/devices/{ROOM}/restart",
                           token=graph_mock.token(scp="TeamworkDevice.Read.All"))
    assert status == 403, body
    status, _, _ = call(graph_mock, "POST", f"/teamwork/devices/{ROOM}/restart",
                        token=graph_mock.token(scp=None, roles=["TeamworkDevice.ReadWrite.All"]))
    assert status == 202


def test_an_armed_429_is_answered_once_and_journalled(graph_mock):
    fault = graph_mock.add_fault({"match": {"method": "GET", "path": "/beta/teamwork/devices"},
                                  "respond": {"status": 429, "headers": {"Retry-After": "7"}},
                                  "times": 1})
    status, headers, body = call(graph_mock, "GET", "/teamwork/devices")
    assert (status, headers["Retry-After"], body["error"]["code"]) == (429, "7", "TooManyRequests")
    status, _, body = call(graph_mock, "GET", "/teamwork/devices")
    assert status == 200 and body["value"]

    throttled = graph_mock.journal(status=429)
    assert len(throttled) == 1
    assert throttled[0]["path"] == "/beta/teamwork/devices"
    assert fault in json.dumps(throttled[0])
    assert len(graph_mock.journal(path="/beta/teamwork/devices")) == 2
    assert len(graph_mock.journal(limit=1)) == 1


def test_reset_and_scenarios(graph_mock):
    graph_mock.add_fault({"match": {"path": "/beta/**"}, "respond": {"status": 503}})
    start = graph_mock.now()
    graph_mock.advance(3600)
    assert graph_mock.now() != start
    graph_mock.reset()
    assert graph_mock.now() == start
    assert call(graph_mock, "GET", "/teamwork/devices")[0] == 200

    graph_mock.load_scenario("diagnostics-fail")
    _, headers, _ = call(graph_mock, "POST", f"/teamwork/devices/{ROOM}/runDiagnostics")
    graph_mock.advance(600)
    _, _, op = call(graph_mock, "GET", headers["Location"])
    assert op["status"] == "failed"
    with pytest.raises(GraphMockError, match="404"):
        graph_mock.load_scenario("no-such-scenario")


@pytest.mark.graph_mock(tls=True)
def test_over_https_with_the_certificate_handed_out(graph_mock):
    assert graph_mock.base_url.startswith("https://127.0.0.1:")
    assert open(graph_mock.cert_file).read().startswith("-----BEGIN CERTIFICATE-----")
    status, _, body = call(graph_mock, "GET", f"/teamwork/devices/{ROOM}")
    assert status == 200 and body["id"] == ROOM
    with pytest.raises(urllib.error.URLError, match="CERTIFICATE_VERIFY_FAILED"):
        urllib.request.urlopen(graph_mock.base_url + "/_mock/health", timeout=10)


def test_the_session_mock_is_shared(graph_mock_session):
    graph_mock_session.reset()
    assert call(graph_mock_session, "GET", "/teamwork/devices")[0] == 200
    assert graph_mock_session.journal()


def test_stop_leaves_no_process():
    before = children()
    mock = GraphMock.start()
    assert children() == before | {mock.proc.pid}
    assert mock.stop() == 0  # SIGTERM is a clean stop
    assert children() == before


def test_a_bad_flag_names_the_flag_and_leaves_no_process():
    before = children()
    with pytest.raises(GraphMockError) as e:
        GraphMock.start(args=["--no-such-flag"])
    assert "exited with status" in str(e.value)
    assert "--no-such-flag" in str(e.value).split("--- graph-mock stderr ---")[1]
    assert children() == before


def test_a_missing_binary_is_named(tmp_path):
    before = children()
    missing = tmp_path / "graph-mock"
    with pytest.raises(GraphMockError, match=f"binary option names {missing}, which is not an executable"):
        GraphMock.start(binary=str(missing))
    with pytest.raises(GraphMockError, match="GRAPH_MOCK_BIN names /nowhere/graph-mock"):
        find_binary(env={"GRAPH_MOCK_BIN": "/nowhere/graph-mock"})
    with pytest.raises(GraphMockError) as e:
        find_binary(env={"PATH": str(tmp_path)}, build_binary=missing)
    assert f"GRAPH_MOCK_BIN (not set), PATH ('{tmp_path}'), {missing}" in str(e.value)
    assert children() == before


def test_a_binary_that_never_listens_is_killed(tmp_path):
    before = children()
    silent = tmp_path / "graph-mock"
    # It also starts a process of its own: stopping must take that one down too.
    silent.write_text(f"#!/bin/sh\nsleep 60 & echo $! >{tmp_path}/grandchild\nexec sleep 60\n")
    silent.chmod(silent.stat().st_mode | stat.S_IEXEC)
    with pytest.raises(GraphMockError, match="did not print its URL within 1.0 s"):
        GraphMock.start(binary=str(silent), start_timeout=1.0)
    assert children() == before
    grandchild = (tmp_path / "grandchild").read_text().strip()
    # Signalled with its group; under load it may take a moment to be gone.
    assert gone(grandchild), "the mock's own child survived"


def gone(pid, timeout=10.0):
    """Whether a process is gone (or a zombie: it has ended) within the timeout."""
    deadline = time.monotonic() + timeout
    while process_state(pid) not in (None, "Z") and time.monotonic() < deadline:
        time.sleep(0.02)
    return process_state(pid) in (None, "Z")


HANGING_TEST = """
import os, signal

def test_hangs(graph_mock):
    with open(os.environ["MOCK_PID_FILE"] + ".tmp", "w") as f:
        f.write(str(graph_mock.proc.pid))
    os.rename(os.environ["MOCK_PID_FILE"] + ".tmp", os.environ["MOCK_PID_FILE"])
    signal.pause()  # a test that hangs until the runner is killed
"""


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT, signal.SIGKILL])
def test_a_runner_killed_leaves_no_mock_running(tmp_path, sig):
    (tmp_path / "test_hangs.py").write_text(HANGING_TEST)
    pid_file = tmp_path / "mock.pid"
    env = dict(os.environ, MOCK_PID_FILE=str(pid_file),
               PYTHONPATH=os.pathsep.join([os.path.dirname(__file__), os.environ.get("PYTHONPATH", "")]))
    runner = subprocess.Popen([sys.executable, "-m", "pytest", "-q", "-p", "graphmock_pytest",
                               "-p", "no:cacheprovider", str(tmp_path / "test_hangs.py")],
                              cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 20
        while not pid_file.exists() and runner.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert pid_file.exists(), runner.communicate(timeout=10)[0].decode() if runner.poll() is not None else "no mock in 20 s"
        mock_pid = pid_file.read_text()
        assert process_state(mock_pid) not in (None, "Z")
        runner.send_signal(sig)
        out = runner.communicate(timeout=30)[0].decode()
    finally:
        if runner.poll() is None:
            runner.kill()
            runner.wait()
    # SIGTERM and SIGKILL end the runner as before; SIGINT is pytest's "interrupted" (2).
    assert runner.returncode == (2 if sig == signal.SIGINT else -sig), out
    assert gone(mock_pid), f"the mock outlived its runner (state {process_state(mock_pid)})"


def process_state(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0]
    except OSError:
        return None


def test_assert_client_behaved_passes_a_client_that_waits_and_fails_one_that_does_not(graph_mock):
    graph_mock.add_fault({"match": {"path": "/beta/teamwork/devices"},
                          "respond": {"status": 429, "headers": {"Retry-After": "3"}}, "times": 1})
    assert call(graph_mock, "GET", "/teamwork/devices")[0] == 429
    graph_mock.advance(3)
    assert call(graph_mock, "GET", "/teamwork/devices")[0] == 200
    graph_mock.assert_client_behaved()

    since = graph_mock.now()
    graph_mock.add_fault({"match": {"path": "/beta/teamwork/devices"},
                          "respond": {"status": 429, "headers": {"Retry-After": "3"}}, "times": 1})
    assert call(graph_mock, "GET", "/teamwork/devices")[0] == 429
    assert call(graph_mock, "GET", "/teamwork/devices")[0] == 200  # at once
    with pytest.raises(AssertionError) as e:
        graph_mock.assert_client_behaved(since=since)
    message = str(e.value)
    assert "the client broke 1 rule(s)" in message
    assert "retry-before-retry-after: GET /beta/teamwork/devices retried 0 s after a 429" in message
    assert "GET /beta/teamwork/devices -> 429" in message and "-> 200" in message
    graph_mock.assert_client_behaved(since=since, ignore=["retry-before-retry-after"])


def test_verdicts_of_one_test_by_its_header(graph_mock):
    headers = {"Authorization": "Bearer x", **graph_mock.test_header("test-a")}
    req = urllib.request.Request(graph_mock.graph_url + f"/teamwork/devices/{ROOM}/runDiagnostics",
                                 method="POST", data=b"", headers=headers)
    with urllib.request.urlopen(req, timeout=10) as res:
        location = res.headers["Location"]
    for _ in range(2):  # two polls at once: too fast
        urllib.request.urlopen(urllib.request.Request(graph_mock.graph_url + location,
                                                      headers=headers), timeout=10).read()
    report = graph_mock.verdicts(test="test-a")
    assert [v["rule"] for v in report["value"] if v["severity"] == "violation"] == ["poll-too-fast"]
    assert report["exchanges"] == 3
    assert graph_mock.verdicts(test="test-b")["value"] == []
    assert graph_mock.verdicts(test="test-a", poll_interval_seconds=0)["violations"] == 0
    with pytest.raises(GraphMockError, match="Unknown verdict setting 'pollSeconds'"):
        graph_mock.verdicts(poll_seconds=1)
