"""The unittest recipe of docs/python.md (ctest clients_python_unittest): one mock for the
class, reset before each test, stopped by a class cleanup. Run it beside graphmock_pytest.py:

    GRAPH_MOCK_BIN=build/mock/graph-mock python3 -m unittest -v devices_unittest
"""

import json
import unittest
import urllib.error
import urllib.request

from graphmock_pytest import GraphMock

ROOM = "41142dae-02dd-459b-9365-63e26e8d2653"


class DevicesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.mock = GraphMock.start(clock="virtual", auth="scopes")
        cls.addClassCleanup(cls.mock.stop)

    def setUp(self):
        self.mock.reset()  # fixtures, faults, journal and clock back to the start

    def get(self, path, method="GET"):
        req = urllib.request.Request(self.mock.graph_url + path, method=method,
                                     headers=self.mock.auth_header(),
                                     data=b"" if method == "POST" else None)
        with urllib.request.urlopen(req) as res:
            body = res.read()
            return res.status, res.headers, json.loads(body) if body else None

    def test_diagnostics_finish(self):
        status, headers, _ = self.get(f"/teamwork/devices/{ROOM}/runDiagnostics", "POST")
        self.assertEqual(status, 202)
        for _ in range(10):
            _, _, op = self.get(headers["Location"])  # Location is relative to /beta
            if op["status"] in ("successful", "failed"):
                break
            self.mock.advance(10)  # virtual time: no sleeping
        self.assertEqual(op["status"], "successful")

    def test_throttling_is_seen(self):
        self.mock.add_fault({"match": {"path": "/beta/teamwork/devices"},
                             "respond": {"status": 429, "headers": {"Retry-After": "3"}},
                             "times": 1})
        with self.assertRaises(urllib.error.HTTPError) as e:
            self.get("/teamwork/devices")
        self.assertEqual((e.exception.code, e.exception.headers["Retry-After"]), (429, "3"))
        self.assertEqual(self.get("/teamwork/devices")[0], 200)
        self.assertEqual([x["status"] for x in self.mock.journal(path="/beta/teamwork/devices")],
                         [429, 200])


if __name__ == "__main__":
    unittest.main()
