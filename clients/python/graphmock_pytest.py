"""graph-mock for pytest: start the mock, talk to its admin API, stop it.

Standard library only. Enable it with ``pytest_plugins = ["graphmock_pytest"]`` in the
conftest.py at your test root (this file on ``sys.path``), or ``pytest -p graphmock_pytest``.

Fixtures:
  graph_mock          a fresh mock per test; options from ``graph_mock_options`` and from
                      ``@pytest.mark.graph_mock(scenario=..., tls=True, ...)`` on the test
  graph_mock_session  one mock for the session (``graph_mock_options`` only); call
                      ``reset()`` where a test needs the scenario's start
  graph_mock_options  override it (session scope) to change the defaults of both

Outside pytest: ``with GraphMock.start(clock="virtual") as mock: ...``.
"""

from __future__ import annotations

import atexit
import base64
import json
import os
import selectors
import shutil
import signal
import ssl
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

try:
    import pytest
except ImportError:  # GraphMock works without pytest; only the fixtures need it
    pytest = None

# The repo's build folder, for a checkout where this file still sits in clients/python/.
REPO_BUILD_BINARY = Path(__file__).resolve().parents[2] / "build" / "mock" / "graph-mock"

# Every permission a Teams devices or log collection route names (docs/behaviour.md).
ALL_SCOPES = ("TeamworkDevice.ReadWrite.All DeviceManagementManagedDevices.ReadWrite.All "
              "DeviceManagementConfiguration.ReadWrite.All")


class GraphMockError(Exception):
    """graph-mock could not be found or started, or an admin call failed."""


def find_binary(binary=None, env=None, build_binary=REPO_BUILD_BINARY) -> str:
    """The graph-mock executable: ``binary``, else $GRAPH_MOCK_BIN, else PATH, else the
    repo's build/mock/graph-mock. A binary named explicitly must exist; nothing else is
    then tried."""
    env = os.environ if env is None else env
    for name, given in (("binary option", binary), ("GRAPH_MOCK_BIN", env.get("GRAPH_MOCK_BIN"))):
        if given:
            if os.path.isfile(given) and os.access(given, os.X_OK):
                return str(given)
            raise GraphMockError(f"graph-mock not found: {name} names {given}, "
                                 "which is not an executable file")
    on_path = shutil.which("graph-mock", path=env.get("PATH", ""))
    if on_path:
        return on_path
    if build_binary and os.access(build_binary, os.X_OK):
        return str(build_binary)
    raise GraphMockError(
        "graph-mock not found; tried: the binary option (not given), GRAPH_MOCK_BIN (not set), "
        f"PATH ({env.get('PATH', '')!r}), {build_binary}. Build it (scripts/run), install the "
        ".deb, or set GRAPH_MOCK_BIN to the executable.")


def make_token(scp=ALL_SCOPES, roles=None, **claims) -> str:
    """A JWT shaped like an Entra ID access token. ``--auth scopes`` decodes the payload
    (the signature is not checked) and wants the route's permission in ``scp`` or ``roles``."""
    def b64(obj):
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()
    now = int(time.time())
    payload = {"aud": "https://graph.microsoft.com", "iat": now, "nbf": now, "exp": now + 3600,
               "tid": "b5a1d7c3-2f4e-4c8a-9e61-3d5f7a9b1c20"}
    if scp:
        payload["scp"] = scp if isinstance(scp, str) else " ".join(scp)
    if roles:
        payload["roles"] = list(roles)
    payload.update(claims)
    return f"{b64({'typ': 'JWT', 'alg': 'RS256'})}.{b64(payload)}.c2lnbmF0dXJl"


def _flags(options: dict) -> list:
    """serve flags from keyword options: clock="virtual" -> --clock virtual, tls=True -> --tls,
    time_scale=60 -> --time-scale 60; ``args`` is a list passed as is."""
    flags = []
    for key, value in options.items():
        if key == "args" or value is None or value is False:
            continue
        flag = "--" + key.replace("_", "-")
        flags += [flag] if value is True else [flag, str(value)]
    return flags + [str(a) for a in options.get("args", ())]


class GraphMock:
    """A running ``graph-mock serve --port 0`` process and its admin API."""

    def __init__(self, proc, base_url, workdir, stderr_path, cert_file, admin_token):
        self.proc = proc
        self.base_url = base_url                # http(s)://127.0.0.1:PORT
        self.graph_url = base_url + "/beta"     # prefix of every Graph path (and of Location)
        self.cert_file = cert_file              # the certificate to trust, with tls=True
        self._workdir = workdir
        self._stderr_path = stderr_path
        self._admin_token = admin_token

    @classmethod
    def start(cls, binary=None, start_timeout=10.0, admin_token=None, **options):
        """Starts the mock with ``serve`` flags from ``options`` (clock, scenario, auth, seed,
        fixtures, tls, validate, ..., args=[...]) and waits until /_mock/health answers.
        Raises GraphMockError naming the cause, with the process's stderr, and leaves no
        process behind."""
        exe = find_binary(binary)
        options.setdefault("clock", "virtual")
        workdir = tempfile.mkdtemp(prefix="graph-mock-")
        cert_file = None
        if options.get("tls") and not options.get("cert"):
            cert_file = os.path.join(workdir, "cert.pem")
            options.setdefault("tls_cert_out", cert_file)
        elif options.get("tls"):
            cert_file = options["cert"]
        options["admin_token"] = admin_token
        cmd = [exe, "serve", "--port", "0", "--exit-with-stdin"] + _flags(options)
        stderr_path = os.path.join(workdir, "stderr.log")
        with open(stderr_path, "wb") as stderr:
            # Own session: stop() signals the whole group, so nothing it started outlives it.
            # Its stdin is a pipe from here that stays open, and ends when this process does.
            proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                    stderr=stderr, start_new_session=True)
        _track(proc)
        mock = None
        try:
            url = cls._read_url(proc, start_timeout, cmd)
            mock = cls(proc, url, workdir, stderr_path, cert_file, admin_token)
            mock._admin("GET", "/_mock/health")
            return mock
        except BaseException as e:
            stderr_text = _read_text(stderr_path)
            _stop_process(proc)
            shutil.rmtree(workdir, ignore_errors=True)
            if isinstance(e, GraphMockError):
                raise GraphMockError(f"{e}\n--- graph-mock stderr ---\n{stderr_text}") from None
            raise

    @staticmethod
    def _read_url(proc, timeout, cmd) -> str:
        # The first stdout line is "listening on http(s)://127.0.0.1:PORT" (command-line.md).
        deadline = time.monotonic() + timeout
        line = b""
        with selectors.DefaultSelector() as sel:
            sel.register(proc.stdout, selectors.EVENT_READ)
            while not line.endswith(b"\n"):
                left = deadline - time.monotonic()
                if left <= 0 or not sel.select(left):
                    raise GraphMockError(f"graph-mock did not print its URL within {timeout} s: "
                                         f"{' '.join(cmd)}")
                chunk = os.read(proc.stdout.fileno(), 4096)
                if not chunk:
                    status = proc.wait()
                    raise GraphMockError(f"graph-mock exited with status {status} before "
                                         f"listening: {' '.join(cmd)}")
                line += chunk
        first = line.decode().splitlines()[0]
        if not first.startswith("listening on "):
            raise GraphMockError(f"graph-mock printed {first!r}, not 'listening on URL'")
        return first[len("listening on "):].strip()

    # --- lifecycle ---------------------------------------------------------------------
    def stop(self) -> int:
        """Stops the process (SIGTERM, then SIGKILL after 5 s) and removes its temp files."""
        status = _stop_process(self.proc)
        shutil.rmtree(self._workdir, ignore_errors=True)
        return status

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()

    @property
    def stderr(self) -> str:
        """What the mock wrote to stderr so far (its request log with --log text)."""
        return _read_text(self._stderr_path)

    # --- clients' side -----------------------------------------------------------------
    def ssl_context(self):
        """An SSLContext trusting the mock's certificate (tls=True), else None."""
        return ssl.create_default_context(cafile=self.cert_file) if self.cert_file else None

    def token(self, scp=ALL_SCOPES, roles=None, **claims) -> str:
        return make_token(scp, roles, **claims)

    def auth_header(self, scp=ALL_SCOPES, roles=None) -> dict:
        return {"Authorization": "Bearer " + make_token(scp, roles)}

    # --- admin API (docs/admin-api.md) -------------------------------------------------
    def advance(self, seconds: float) -> dict:
        """Moves the virtual clock; returns the clock."""
        return self._admin("POST", "/_mock/clock/advance", {"seconds": seconds})

    def now(self) -> str:
        return self._admin("GET", "/_mock/clock")["now"]

    def add_fault(self, rule: dict) -> str:
        """Adds a fault rule (scenarios-and-faults.md); returns its id."""
        return self._admin("POST", "/_mock/faults", rule)["id"]

    def remove_fault(self, fault_id: str) -> None:
        self._admin("DELETE", "/_mock/faults/" + urllib.parse.quote(fault_id, safe=""))

    def clear_faults(self) -> None:
        self._admin("DELETE", "/_mock/faults")

    def load_scenario(self, name: str) -> None:
        self._admin("POST", "/_mock/scenarios/" + urllib.parse.quote(name, safe=""))

    def journal(self, **filters) -> list:
        """The exchanges, oldest first; filters: method, path (fault-rule pattern),
        status (429, "5xx"), fault (an id or "*"), limit."""
        query = urllib.parse.urlencode({k: v for k, v in filters.items() if v is not None})
        return self._admin("GET", "/_mock/requests" + ("?" + query if query else ""))["value"]

    def clear_journal(self) -> None:
        self._admin("DELETE", "/_mock/requests")

    def reset(self) -> None:
        """Fixtures, faults, journal and clock back to the scenario's start."""
        self._admin("POST", "/_mock/reset")

    def state(self) -> dict:
        return self._admin("GET", "/_mock/state")

    # --- client verdicts (docs/verdicts.md) --------------------------------------------
    @staticmethod
    def test_header(name: str) -> dict:
        """``{"X-GraphMock-Test": name}``: sent with a client's requests, it lets
        ``verdicts(test=name)`` and ``assert_client_behaved(test=name)`` judge that test alone
        (a mock shared by several tests)."""
        return {"X-GraphMock-Test": name}

    def verdicts(self, test=None, since=None, until=None, ignore=(), **settings) -> dict:
        """GET /_mock/verdicts: ``{"violations", "advice", "value": [verdicts], "rules"}``.
        ``since``/``until``: ISO 8601 times of the mock's clock (``now()``); ``ignore``: rule
        ids; settings as keywords, ``poll_interval_seconds=10`` or ``pollIntervalSeconds=10``."""
        params = [(k, v) for k, v in (("test", test), ("since", since), ("until", until))
                  if v is not None]
        params += [("ignore", rule) for rule in ([ignore] if isinstance(ignore, str) else ignore)]
        params += [(_camel(k), str(v)) for k, v in settings.items()]
        query = urllib.parse.urlencode(params)
        return self._admin("GET", "/_mock/verdicts" + ("?" + query if query else ""))

    def assert_client_behaved(self, test=None, since=None, until=None, ignore=(), **settings):
        """Fails (AssertionError) when the client broke a rule of Graph's guidance, with each
        violation, its explanation and the journal entries that show it. Advice never fails."""
        report = self.verdicts(test, since, until, ignore, **settings)
        violations = [v for v in report["value"] if v["severity"] == "violation"]
        if violations:
            raise AssertionError(f"the client broke {len(violations)} rule(s) of Microsoft "
                                 "Graph's guidance (docs/verdicts.md):\n"
                                 + "\n".join(_describe(v) for v in violations))

    def _admin(self, method, path, body=None):
        headers = {}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if self._admin_token:
            headers["Authorization"] = "Bearer " + self._admin_token
        req = urllib.request.Request(self.base_url + path, data=data, method=method,
                                     headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=30, context=self.ssl_context()) as res:
                text = res.read().decode()
        except urllib.error.HTTPError as e:
            raise GraphMockError(f"{method} {path}: {e.code} {e.read().decode()}") from None
        except urllib.error.URLError as e:
            raise GraphMockError(f"{method} {path}: {e.reason}") from None
        return json.loads(text) if text else None


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(word.capitalize() for word in rest)


def _describe(verdict: dict) -> str:
    lines = [f"{verdict['rule']}: {verdict['detail']}", f"  {verdict['explanation']}"]
    for e in verdict["entries"]:
        query = "?" + e["query"] if e["query"] else ""
        lines.append(f"  #{e['seq']} {e['time']} {e['method']} {e['path']}{query} -> {e['status']}")
    return "\n".join(lines)


def _read_text(path) -> str:
    try:
        return Path(path).read_text(errors="replace")
    except OSError:
        return ""


def _stop_process(proc) -> int:
    if proc.poll() is None:
        _signal_group(proc, signal.SIGTERM)
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            _signal_group(proc, signal.SIGKILL)
            proc.wait()
    _running.discard(proc)
    for pipe in (proc.stdin, proc.stdout):
        if pipe:
            pipe.close()
    return proc.returncode


# Mocks still running when the test process ends are stopped with it: at exit, and on SIGTERM
# (a CI timeout) while Python's default handler is in place, after which the signal ends the
# process as it would have. SIGINT raises KeyboardInterrupt, which pytest answers by tearing
# the fixtures down. Whatever else ends the process (SIGKILL, a crash) closes the pipe to the
# mock's stdin, and --exit-with-stdin stops it then.
_running = set()


def _stop_running(sig=signal.SIGKILL):
    for proc in list(_running):
        if proc.poll() is None:
            _signal_group(proc, sig)


def _on_sigterm(signum, frame):
    _stop_running(signal.SIGTERM)
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)


def _track(proc):
    _running.add(proc)
    if (threading.current_thread() is threading.main_thread()
            and signal.getsignal(signal.SIGTERM) == signal.SIG_DFL):
        signal.signal(signal.SIGTERM, _on_sigterm)


atexit.register(_stop_running)


def _signal_group(proc, sig):
    # Only while the leader is unreaped: its pid (= the group id) cannot be reused yet.
    try:
        os.killpg(proc.pid, sig)
    except (ProcessLookupError, PermissionError):
        pass


if pytest is not None:

    def pytest_configure(config):
        config.addinivalue_line(
            "markers", "graph_mock(**options): serve options of the graph_mock fixture")

    @pytest.fixture(scope="session")
    def graph_mock_options() -> dict:
        """Defaults of both fixtures (GraphMock.start keywords); override to change them."""
        return {"clock": "virtual"}

    @pytest.fixture
    def graph_mock(request, graph_mock_options):
        options = dict(graph_mock_options)
        for marker in reversed(list(request.node.iter_markers("graph_mock"))):
            options.update(marker.kwargs)
        mock = GraphMock.start(**options)
        yield mock
        mock.stop()

    @pytest.fixture(scope="session")
    def graph_mock_session(graph_mock_options):
        mock = GraphMock.start(**dict(graph_mock_options))
        yield mock
        mock.stop()
