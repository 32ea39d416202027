#!/usr/bin/env python3
"""page_walk.py PORT PATH: follows @odata.nextLink from PATH to the last page on
one keep-alive connection; prints {"pages","items","distinct","ms"} as JSON."""
import http.client
import json
import sys
import time
from urllib.parse import urlsplit

port, path = int(sys.argv[1]), sys.argv[2]
conn = http.client.HTTPConnection("127.0.0.1", port)
pages = items = 0
ids = set()
start = time.perf_counter()
while path:
    conn.request("GET", path, headers={"Authorization": "Bearer bench"})
    response = conn.getresponse()
    body = json.loads(response.read())
    if response.status != 200:
        sys.exit(f"page_walk: {path} -> {response.status}")
    pages += 1
    items += len(body["value"])
    ids.update(d["id"] for d in body["value"])
    link = body.get("@odata.nextLink")
    path = urlsplit(link)._replace(scheme="", netloc="").geturl() if link else None
ms = (time.perf_counter() - start) * 1000
print(json.dumps({"pages": pages, "items": items, "distinct": len(ids), "ms": round(ms, 1)},
                 separators=(",", ":")))
