"""The libvirt-python peer of `npm run bench` (Debian's python3-libvirt, run by /usr/bin/python3).
Same line protocol and workloads as bench/c/peer.c: one command per stdin line, one JSON line back.
`par URI MS NAME THREADS` runs THREADS Python threads on one connection (libvirt-python releases the GIL
around every libvirt call, so their RPCs overlap)."""
import json
import resource
import sys
import threading
import time

import libvirt

PREFIX = "lvts-bench-"
libvirt.registerErrorHandler(lambda *_: None, None)
conns = {}


def connection(uri):
    if uri not in conns:
        conns[uri] = libvirt.open(uri)
    return conns[uri]


def define(conn, count):
    for i in range(count):
        conn.defineXML(
            f"<domain type='qemu'><name>{PREFIX}{i:02d}</name><memory unit='MiB'>64</memory>"
            "<os><type arch='x86_64'>hvm</type></os></domain>"
        )


def lookup_info(conn, name):
    d = conn.lookupByName(name)
    d.info()
    del d  # the wrapper's __del__ calls virDomainFree


def lookup_xml(conn, name):
    d = conn.lookupByName(name)
    d.XMLDesc(0)
    del d


last_count = 0


def list_states(conn, _name):
    global last_count
    doms = conn.listAllDomains(0)
    for d in doms:
        try:
            d.state()
        except libvirt.libvirtError as err:  # removed meanwhile by another program: skipped, as by every peer
            if err.get_error_code() != libvirt.VIR_ERR_NO_DOMAIN:
                raise
    last_count = len(doms)


def list_stats(conn, _name):
    global last_count
    last_count = len(conn.getAllDomainStats(libvirt.VIR_DOMAIN_STATS_STATE))


def timed(fn, conn, name, ms):
    start = time.perf_counter_ns()
    deadline = start + ms * 1e6
    cycles = 0
    while True:
        fn(conn, name)
        cycles += 1
        now = time.perf_counter_ns()
        if now >= deadline:
            return {"cycles": cycles, "ns": now - start}


def par(conn, name, ms, threads):
    start = time.perf_counter_ns()
    deadline = start + ms * 1e6
    counts = [0] * threads
    errors = []

    def lane(i):
        try:
            while True:
                lookup_info(conn, name)
                counts[i] += 1
                if time.perf_counter_ns() >= deadline:
                    return
        except libvirt.libvirtError as err:
            errors.append(str(err))

    workers = [threading.Thread(target=lane, args=(i,)) for i in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    if errors:
        raise RuntimeError(errors[0])
    return {"cycles": sum(counts), "ns": time.perf_counter_ns() - start}


def rss_kib():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


WORKLOADS = {"seq": lookup_info, "xml": lookup_xml, "list": list_states, "liststats": list_stats}


def handle(words):
    op = words[0]
    if op == "rss":
        return {"rssKiB": rss_kib()}
    conn = connection(words[1])
    if op in ("open", "define"):
        define(conn, int(words[2]) if len(words) > 2 else 0)
        return {"ok": True}
    if op == "cycles":
        for _ in range(int(words[2])):
            lookup_info(conn, words[3])
        return {"cycles": int(words[2])}
    if op == "par":
        return par(conn, words[3], float(words[2]), int(words[4]))
    if op in WORKLOADS:
        name = words[3] if len(words) > 3 else ""
        result = timed(WORKLOADS[op], conn, name, float(words[2]))
        if op in ("list", "liststats"):
            result["count"] = last_count
        return result
    return {"error": f"unknown command {op}"}


for line in sys.stdin:
    words = line.split()
    if not words:
        continue
    if words[0] == "quit":
        break
    try:
        reply = handle(words)
    except Exception as err:  # noqa: BLE001 - every failure goes back to the bench as data
        reply = {"error": f"{words[0]}: {err}"}
    print(json.dumps(reply), flush=True)
for c in conns.values():
    c.close()
