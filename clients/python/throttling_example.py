"""An example client of the pytest helper against the shipped graph-throttling scenario
(docs/throttling.md): Graph's documented limits at a hundredth, so a few requests reach them.

The application's work is six Intune log collection requests and three Teams device reads. On
a 429 it waits what Retry-After says, through the sleep function it is given; the test gives it
the mock's virtual clock, so the waits cost no time. Run by the ctest clients_throttling_python
(it is not a test_*.py file: the helper's own suite leaves it alone).
"""
import json
import urllib.error
import urllib.request

import pytest



class App:
    """A Graph client as an application writes one: every call retried after Retry-After."""

    def __init__(self, graph_url, headers, sleep):
        self.graph_url, self.headers, self.sleep = graph_url, headers, sleep
        self.waits = []

    def call(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        headers = dict(self.headers, **({"Content-Type": "application/json"} if data else {}))
        for _ in range(5):
            req = urllib.request.Request(self.graph_url + path, data=data, method=method,
                                         headers=headers)
            try:
                with urllib.request.urlopen(req) as res:
                    return json.loads(res.read())
            except urllib.error.HTTPError as e:
                if e.code != 429:
                    raise
                wait = int(e.headers["Retry-After"])
                self.waits.append(wait)
                self.sleep(wait)
        raise AssertionError(f"{method} {path}: still throttled after 5 attempts")


@pytest.mark.graph_mock(scenario="graph-throttling")
def test_the_client_finishes_its_work_by_honouring_retry_after(graph_mock):
    devices = [d["id"] for d in graph_mock.state()["managedDevices"]][:2]
    app = App(graph_mock.graph_url, graph_mock.auth_header(), graph_mock.advance)
    created = [app.call("POST", f"/deviceManagement/managedDevices/{device}"
                                "/createDeviceLogCollectionRequest",
                        {"templateType": {"templateType": "predefined"}})
               for device in devices * 3]
    reads = [app.call("GET", "/teamwork/devices?$top=1") for _ in range(3)]

    assert [c["status"] for c in created] == ["pending"] * 6
    assert all(len(r["value"]) == 1 for r in reads)
    # 2 writes per 20 s per app and tenant, 1 Teams read per second: each refusal said exactly
    # how long, and one wait was always enough.
    assert app.waits == [20, 20, 1, 1]
    throttled = graph_mock.journal(status=429)
    assert [t["throttledBy"] for t in throttled] == [
        "intune-devices/appTenant/write", "intune-devices/appTenant/write",
        "teams-other/appTenant/read", "teams-other/appTenant/read"]
    assert all(t["response"]["headers"]["Retry-After"] for t in throttled)
