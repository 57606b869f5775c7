"""The libvirt-python baseline for `npm run bench`: the same calls as bench/c/calls.c, timed the same way.
usage: python3 python_calls.py <uri> <domain-name> <iterations>  -> one JSON line of medians (ns)."""
import json
import statistics
import sys
import time

import libvirt

uri, name, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
libvirt.registerErrorHandler(lambda *_: None, None)
conn = libvirt.open(uri)

samples = []
for _ in range(max(n // 16, 1)):
    t0 = time.perf_counter_ns()
    for _ in range(16):
        conn.isAlive()
    samples.append((time.perf_counter_ns() - t0) / 16)
alive = statistics.median(samples)

samples = []
for _ in range(n):
    t0 = time.perf_counter_ns()
    d = conn.lookupByName(name)
    d.info()
    del d  # the wrapper's __del__ calls virDomainFree
    samples.append(time.perf_counter_ns() - t0)
print(json.dumps({"isAliveNs": alive, "lookupInfoFreeNs": statistics.median(samples)}))
conn.close()
