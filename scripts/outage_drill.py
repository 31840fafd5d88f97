#!/usr/bin/env python3
"""The vendor-outage drill (issue: riding out vendor outages).

A real scim-bridge serves mappings/platform-identity.yaml against its
simulator (vendor_sim), reached through a TCP relay that this script stops
to take the vendor away (every connection refused) and starts again to bring
it back. An Entra-shaped load (look-up then create, attribute PATCHes,
deactivations, group membership PATCHes, deletes) runs before and during the
outage. Then the vendor returns, the load stops, and the script measures how
long the bridge takes until the vendor holds exactly what the store holds,
comparing every mapped field of every user and every membership.

  python3 scripts/outage_drill.py --bridge BIN --vendor-sim BIN [--mode deferred|immediate]
                                  [--outage SECONDS] [--rate WRITES_PER_S] [--users N]

With --mode deferred every write must be acknowledged (2xx) throughout; with
--mode immediate every write during the outage must be refused with 503 and
the store must not change. Prints the numbers, exits 1 when a check fails.
"""

import argparse
import asyncio
import http.client
import json
import os
import random
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

GROUPS = [f"drill-group-{i}" for i in range(8)]
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"


def free_port():
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Relay:
    """A TCP relay 127.0.0.1:port -> the simulator, on its own thread.
    Stopped: the port refuses connections and open ones are cut."""

    def __init__(self, upstream_port):
        self.port = free_port()
        self.upstream = upstream_port
        self.loop = asyncio.new_event_loop()
        self.server = None
        self.conns = set()
        threading.Thread(target=self.loop.run_forever, daemon=True).start()

    async def _pipe(self, reader, writer):
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            writer.close()

    async def _client(self, reader, writer):
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.upstream)
        except OSError:
            writer.close()
            return
        pair = (writer, up_writer)
        self.conns.add(pair)
        await asyncio.gather(self._pipe(reader, up_writer), self._pipe(up_reader, writer))
        self.conns.discard(pair)

    async def _start(self):
        self.server = await asyncio.start_server(self._client, "127.0.0.1", self.port, reuse_address=True)

    async def _stop(self):
        self.server.close()
        await self.server.wait_closed()
        for pair in list(self.conns):
            for w in pair:
                w.transport.abort()
        self.conns.clear()

    def start(self):
        asyncio.run_coroutine_threadsafe(self._start(), self.loop).result()

    def stop(self):
        asyncio.run_coroutine_threadsafe(self._stop(), self.loop).result()


class Scim:
    def __init__(self, port, token, target):
        self.port, self.token, self.base = port, token, f"/scim/v2/{target}"
        self.local = threading.local()

    def call(self, method, path, body=None):
        headers = {"Authorization": "Bearer " + self.token, "Content-Type": "application/scim+json"}
        for _ in range(2):  # a kept-alive connection the bridge closed while idle: once more on a new one
            conn = getattr(self.local, "conn", None)
            if conn is None:
                conn = self.local.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
            try:
                conn.request(method, self.base + path, json.dumps(body) if body is not None else None, headers)
                r = conn.getresponse()
                data = r.read()
                break
            except (OSError, http.client.HTTPException):
                self.local.conn = None
        else:
            return 0, None
        try:
            return r.status, json.loads(data) if data else None
        except ValueError:
            return r.status, None

    def all(self, kind):
        out, start = [], 1
        while True:
            status, page = self.call("GET", f"/{kind}?startIndex={start}&count=500")
            if status != 200:
                raise RuntimeError(f"GET /{kind}: {status}")
            out += page["Resources"]
            start += len(page["Resources"])
            if not page["Resources"] or start > page["totalResults"]:
                return out


def user_body(name, given):
    return {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE],
            "userName": name, "externalId": "x-" + name, "active": True, "displayName": given + " Drill",
            "name": {"givenName": given, "familyName": "Drill"},
            "emails": [{"value": name, "type": "work", "primary": True}],
            ENTERPRISE: {"department": "Finance"}}


def patch(ops):
    return {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": ops}


class Load:
    """Entra-shaped writes at a steady rate from a few threads; every answer
    counted per phase."""

    def __init__(self, scim, users, groups, rate, threads=4):
        self.scim, self.users, self.groups, self.rate = scim, users, groups, rate
        self.lock = threading.Lock()
        self.phase = "before"
        self.answers = {}  # (phase, method, status) -> count
        self.stop = threading.Event()
        self.seq = 0
        self.deleted = set()  # users this load deleted: a later write of one is rightly 404
        self.threads = [threading.Thread(target=self.run, args=(i,), daemon=True) for i in range(threads)]

    def count(self, method, status):
        with self.lock:
            key = (self.phase, method, status)
            self.answers[key] = self.answers.get(key, 0) + 1

    def one(self, rng):
        with self.lock:
            self.seq += 1
            seq = self.seq
            users = list(self.users)
        kind = rng.random()
        if kind < 0.2 or not users:
            name = f"drill{seq}@drill.example"
            status, _ = self.scim.call("GET", "/Users?filter=" + urllib.parse.quote(f'userName eq "{name}"'))
            self.count("GET", status)
            status, body = self.scim.call("POST", "/Users", user_body(name, f"New{seq}"))
            self.count("POST", status)
            if status == 201:
                with self.lock:
                    self.users.append(body["id"])
            return
        uid = rng.choice(users)
        method = "PATCH"
        if kind < 0.5:
            status, _ = self.scim.call("PATCH", f"/Users/{uid}", patch([
                {"op": "Replace", "path": "displayName", "value": f"Renamed {seq}"},
                {"op": "Replace", "path": 'emails[type eq "work"].value', "value": f"mail{seq}@drill.example"}]))
        elif kind < 0.65:
            status, _ = self.scim.call("PATCH", f"/Users/{uid}",
                                       patch([{"op": "Replace", "path": "active", "value": rng.random() < 0.5}]))
        elif kind < 0.95:
            gid = rng.choice(self.groups)
            if rng.random() < 0.7:
                op = {"op": "Add", "path": "members", "value": [{"value": uid}]}
            else:
                op = {"op": "Remove", "path": "members", "value": [{"value": uid}]}
            status, _ = self.scim.call("PATCH", f"/Groups/{gid}", patch([op]))
        else:
            method = "DELETE"
            with self.lock:  # no thread picks it any more; one already on it may still write it
                if uid in self.users:
                    self.users.remove(uid)
                self.deleted.add(uid)
            status, _ = self.scim.call("DELETE", f"/Users/{uid}")
        with self.lock:
            if status == 404 and uid in self.deleted:
                status = "404, deleted by this load"
        self.count(method, status)

    def run(self, index):
        rng = random.Random(index)
        interval = len(self.threads) / self.rate
        next_at = time.monotonic()
        while not self.stop.is_set():
            self.one(rng)
            next_at += interval
            time.sleep(max(0, next_at - time.monotonic()))

    def start(self):
        for t in self.threads:
            t.start()

    def finish(self):
        self.stop.set()
        for t in self.threads:
            t.join()


def compare(scim, sim_port):
    """Field by field: every stored user against the vendor's record, and
    every membership. Returns (fields compared, differences, notes)."""
    users = scim.all("Users")
    groups = scim.all("Groups")
    conn = http.client.HTTPConnection("127.0.0.1", sim_port, timeout=60)
    conn.request("GET", "/_sim/state")
    state = json.loads(conn.getresponse().read())["state"]
    vendor = {u["userKey"].lower(): u for u in state["users"]}
    member_of = {}
    for g in groups:
        for m in g.get("members", []):
            member_of.setdefault(m["value"], set()).add(g["displayName"])
    compared, differences = 0, []
    for u in users:
        record = vendor.pop(u["userName"].lower(), None)
        if record is None:
            differences.append(f"{u['userName']}: missing at the vendor")
            continue
        work = next((e["value"] for e in u.get("emails", []) if e.get("type") == "work"), None)
        wanted = {"name": u.get("displayName"), "email": work, "isActive": u.get("active", True),
                  "status": "Active" if u.get("active", True) else "Inactive",
                  "groups": sorted(member_of.get(u["id"], set()))}
        held = dict(record, groups=sorted(g["key"] for g in record.get("groups", [])))
        for field, value in wanted.items():
            compared += 1
            if held.get(field) != value:
                differences.append(f"{u['userName']}: {field}: store {value!r}, vendor {held.get(field)!r}")
    for key in vendor:
        differences.append(f"{key}: at the vendor, not in the store")
    return compared, differences, len(users)


def metric(admin_port, name):
    conn = http.client.HTTPConnection("127.0.0.1", admin_port, timeout=10)
    conn.request("GET", "/metrics")
    total = 0.0
    for line in conn.getresponse().read().decode().splitlines():
        if line.startswith(name + "{") or line.startswith(name + " "):
            total += float(line.rsplit(" ", 1)[1])
    return total


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bridge", required=True)
    ap.add_argument("--vendor-sim", required=True)
    ap.add_argument("--mode", choices=["deferred", "immediate"], default="deferred")
    ap.add_argument("--outage", type=float, default=600)
    ap.add_argument("--before", type=float, default=15)
    ap.add_argument("--rate", type=float, default=20, help="SCIM writes per second")
    ap.add_argument("--users", type=int, default=200)
    ap.add_argument("--converge-limit", type=float, default=120)
    args = ap.parse_args()

    work = tempfile.mkdtemp(prefix="outage-drill-")
    procs = []

    def stop_all(*_):
        for p in procs:
            p.terminate()
    signal.signal(signal.SIGTERM, lambda *_: (stop_all(), sys.exit(1)))

    try:
        sim = subprocess.Popen([args.vendor_sim, "--vendor", "platform-identity", "--port", "0", "--threads", "2"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        procs.append(sim)
        sim_port = int(sim.stdout.readline().strip().rsplit(":", 1)[1])
        seed = http.client.HTTPConnection("127.0.0.1", sim_port, timeout=30)
        seed.request("POST", "/_sim/seed", json.dumps({"groups": [{"key": g} for g in GROUPS]}),
                     {"Content-Type": "application/json"})
        assert seed.getresponse().status == 200
        relay = Relay(sim_port)
        relay.start()

        repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        mapping_text = open(os.path.join(repo, "mappings", "platform-identity.yaml")).read()
        # The vendor's own rate limit lifted: the drill measures the bridge.
        mapping_text = "\n".join(
            "  rate_limit: {max_concurrent: 8, per_second: 0}" if line.startswith("  rate_limit:") else line
            for line in mapping_text.splitlines())
        mapping = os.path.join(work, "platform-identity.yaml")
        open(mapping, "w").write(mapping_text)
        token = secrets.token_hex(32)
        token_hash = subprocess.run([args.bridge, "hash-token", token], capture_output=True, text=True,
                                    check=True).stdout.strip()
        port, admin_port = free_port(), free_port()
        config = os.path.join(work, "config.yaml")
        open(config, "w").write(
            f"listen: {{address: 127.0.0.1, port: {port}}}\n"
            f"admin: {{address: 127.0.0.1, port: {admin_port}}}\n"
            f"store: {{path: {work}/bridge.db}}\n"
            "threads: 2\n"
            "log: {level: warn}\n"
            "limits: {request_timeout_ms: 20000}\n"
            "targets:\n"
            "  - name: drill\n"
            f"    mapping: {mapping}\n"
            f"    tokens: [\"{token_hash}\"]\n"
            f"    delivery: {args.mode}\n"
            "    parameters: {baseUrl: \"http://127.0.0.1:%d\", tenantKey: tenant, orgKey: org}\n" % relay.port)
        os.chmod(config, 0o600)
        env = dict(os.environ, PLATFORM_IDENTITY_TOKEN="platform-identity-token")
        bridge = subprocess.Popen([args.bridge, "serve", "--config", config], env=env,
                                  stdout=open(os.path.join(work, "bridge.log"), "w"), stderr=subprocess.STDOUT)
        procs.append(bridge)
        scim = Scim(port, token, "drill")
        for _ in range(100):
            if scim.call("GET", "/ServiceProviderConfig")[0] == 200:
                break
            time.sleep(0.1)

        group_ids = []
        for g in GROUPS:
            status, body = scim.call("POST", "/Groups", {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
                                                        "displayName": g})
            assert status == 201, (status, body)
            group_ids.append(body["id"])
        users = []
        for i in range(args.users):
            status, body = scim.call("POST", "/Users", user_body(f"seed{i}@drill.example", f"Seed{i}"))
            assert status == 201, (status, body)
            users.append(body["id"])

        load = Load(scim, users, group_ids, args.rate)
        load.start()
        time.sleep(args.before)
        with load.lock:
            load.phase = "outage"
        relay.stop()
        outage_started = time.monotonic()
        print(f"vendor down at +{args.before:.0f} s for {args.outage:.0f} s "
              f"({args.mode}, {args.rate:.0f} writes/s)", flush=True)
        if args.mode == "immediate":
            time.sleep(1)
            before_dump = json.dumps([scim.all("Users"), scim.all("Groups")], sort_keys=True)
        while time.monotonic() - outage_started < args.outage:
            time.sleep(min(10, args.outage - (time.monotonic() - outage_started)))
            if args.outage >= 60:
                print(f"  +{time.monotonic() - outage_started:.0f} s of outage: answers so far "
                      f"{sorted((((m, s), n) for (p, m, s), n in load.answers.items() if p == 'outage'), key=str)}", flush=True)
        load.finish()
        if args.mode == "immediate":
            after_dump = json.dumps([scim.all("Users"), scim.all("Groups")], sort_keys=True)
        pending_at_return = metric(admin_port, "scim_bridge_outbox_pending")
        relay.start()
        returned = time.monotonic()

        converged_after = None
        compared, differences, stored = 0, ["not compared"], 0
        while time.monotonic() - returned < args.converge_limit:
            if metric(admin_port, "scim_bridge_outbox_pending") == 0:
                compared, differences, stored = compare(scim, sim_port)
                if not differences:
                    converged_after = time.monotonic() - returned
                    break
            time.sleep(0.5)

        ok = True

        def answers(phase):
            return {(m, s): n for (p, m, s), n in sorted(load.answers.items(), key=str) if p == phase}
        print(f"answers before the outage (method, status): {answers('before')}")
        print(f"answers during the outage (method, status): {answers('outage')}")
        writes = {(m, s): n for (m, s), n in answers("outage").items() if m != "GET" and isinstance(s, int)}
        total = sum(writes.values())
        if args.mode == "deferred":
            acknowledged = sum(n for (m, s), n in writes.items() if 200 <= s < 300)
            print(f"writes during the outage acknowledged: {acknowledged} of {total}")
            ok &= acknowledged == total and total > 0
            print(f"outbox entries when the vendor returned: {pending_at_return:.0f}")
        else:
            refused = sum(n for (m, s), n in writes.items() if s == 503)
            # A PATCH that changes nothing (a member removed who was not in
            # the group) is answered 200 without a vendor call, as always.
            print(f"writes during the outage refused with 503: {refused} of {total}; the others changed nothing")
            unchanged = before_dump == after_dump
            print(f"store unchanged during the outage: {unchanged}")
            ok &= unchanged and refused > 0
        print(f"deliveries: {metric(admin_port, 'scim_bridge_outbox_events_total'):.0f} outbox events")
        if converged_after is None:
            print(f"NOT converged within {args.converge_limit:.0f} s of the vendor's return; "
                  f"{len(differences)} difference(s), e.g. {differences[:5]}")
            ok = False
        else:
            print(f"vendor == store {converged_after:.1f} s after the vendor returned: {stored} users, "
                  f"{compared} fields compared, 0 differences")
        print("PASS" if ok else "FAIL")
        return 0 if ok else 1
    finally:
        stop_all()
        for p in procs:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
        if os.environ.get("KEEP_DRILL_DIR"):
            print("work directory kept:", work)
        else:
            subprocess.run(["rm", "-rf", work])


if __name__ == "__main__":
    sys.exit(main())
