#!/usr/bin/env python3
"""Server CPU per request for the costliest PATCH, PUT and POST shapes
(issue 13: the costliest request accepted must stay under 50 ms of CPU).

usage: patch_cpu.py BINARY [CASE N [GROUP_SIZE]]...
  python3 tests/bench/patch_cpu.py build/scim-bridge
  python3 tests/bench/patch_cpu.py build/scim-bridge member_ops 1000 one_member_huge_group 50000
  GROUP_PATCH_STATUS=204 python3 tests/bench/patch_cpu.py build/scim-bridge one_member_huge_group 200000
GROUP_PATCH_STATUS=204 answers group PATCHes 204 (`patch_status: {Group: 204}`,
as Entra ID's test suite wants): a PATCH naming members one by one then
touches only those members' rows.
Starts BINARY on a fresh store in a temporary directory (`threads: 2`),
seeds USERS users (10,000) with tests/bench/seed_users.py, then sends each
case RUNS times (5) on a group made for the run and prints the server's CPU
for the request: the on-CPU time of all its threads from
/proc/PID/task/*/schedstat, before and after, in ms, and the median. Without
cases, the list below. Nothing is asserted: these are measurements.
"""
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group"
DEFAULT_CASES = [
    ("member_ops", 10000, None), ("member_values", 10000, None), ("member_values", 20000, None),
    ("member_ops", 1000, None), ("member_values", 1000, None), ("member_remove_ops", 1000, 10000),
    ("member_clear", 10000, None), ("emails_ops", 9500, None), ("emails_values", 20000, None),
    ("member_scan", 5, 10000), ("member_filter_terms", 1000, 10000), ("member_filter_terms", 10, 10000),
    ("put_group", 1000, None), ("put_group", 10000, None),
    ("post_group", 1000, None), ("post_group", 10000, None), ("one_member_huge_group", 50000, None),
]

binary = sys.argv[1]
cases = DEFAULT_CASES
if len(sys.argv) > 2:
    cases, args = [], sys.argv[2:]
    while args:
        name, n = args[0], int(args[1])
        size = int(args[2]) if len(args) > 2 and args[2].isdigit() else None
        cases.append((name, n, size))
        args = args[3:] if size is not None else args[2:]
users = int(os.environ.get("USERS", "10000"))
group_patch_status = os.environ.get("GROUP_PATCH_STATUS", "200")
runs = int(os.environ.get("RUNS", "5"))

work = tempfile.mkdtemp(prefix="patch_cpu.")
with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
token = os.urandom(32).hex()
token_hash = subprocess.run([binary, "hash-token", token], capture_output=True, text=True, check=True).stdout.strip()
with open(f"{work}/config.yaml", "w") as f:
    f.write(f"listen: {{address: 127.0.0.1, port: {port}}}\nstore: {{path: {work}/bench.db}}\nthreads: 2\n"
            f"log: {{access_log: false}}\ntargets:\n  - name: bench\n    tokens: [\"{token_hash}\"]\n"
            f"    patch_status: {{Group: {group_patch_status}}}\n")
server = subprocess.Popen([binary, "serve", "--config", f"{work}/config.yaml"], stdout=subprocess.DEVNULL,
                          stderr=open(f"{work}/server.log", "w"))
pid = server.pid
H = {"Authorization": "Bearer " + token, "Content-Type": "application/scim+json"}


def cpu():
    total = 0
    for t in os.listdir(f"/proc/{pid}/task"):
        try:
            total += int(open(f"/proc/{pid}/task/{t}/schedstat").read().split()[0])
        except OSError:
            pass
    return total / 1e9


try:
    for _ in range(100):
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            c.request("GET", "/healthz")
            if c.getresponse().status == 200:
                break
        except OSError:
            time.sleep(0.1)
    subprocess.run([sys.executable, f"{HERE}/seed_users.py", str(port), token, "bench", "0", str(users),
                    f"{work}/ids.txt"], check=True)
    ids = [line.strip() for line in open(f"{work}/ids.txt")]
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=300)

    def req(method, path, body):
        c.request(method, path, json.dumps(body) if body is not None else None, H)
        r = c.getresponse()
        return r.status, r.read()

    def new_group():
        s, d = req("POST", "/scim/v2/bench/Groups", {"schemas": [GROUP], "displayName": f"g{time.time()}"})
        assert s == 201, (s, d[:300])
        return json.loads(d)["id"]

    def grow(gid, total, synthetic=False):
        # 500 members a PATCH, not measured
        for a in range(0, total, 500):
            batch = ([f"synthetic-{i:08d}" for i in range(a, min(a + 500, total))] if synthetic
                     else ids[a:min(a + 500, total)])
            s, d = req("PATCH", f"/scim/v2/bench/Groups/{gid}?excludedAttributes=members", {"schemas": [PATCH],
                       "Operations": [{"op": "add", "path": "members", "value": [{"value": m} for m in batch]}]})
            assert s in (200, 204), (s, d[:300])

    def body_for(case, n, gid):
        if case == 'member_ops':          # n ops, one member each (Entra's shape, repeated)
            return 'PATCH', f'/scim/v2/bench/Groups/{gid}', {"schemas": [PATCH], "Operations": [
                {"op": "add", "path": "members", "value": [{"value": ids[i]}]} for i in range(n)]}
        if case == 'member_values':       # one op, n values
            return 'PATCH', f'/scim/v2/bench/Groups/{gid}', {"schemas": [PATCH], "Operations": [
                {"op": "add", "path": "members", "value": [{"value": ids[i]} for i in range(n)]}]}
        if case == 'member_remove_ops':   # n Okta-style removes by filter on a group of n members
            return 'PATCH', f'/scim/v2/bench/Groups/{gid}', {"schemas": [PATCH], "Operations": [
                {"op": "remove", "path": f'members[value eq "{ids[i]}"]'} for i in range(n)]}
        if case == 'member_clear':        # remove every member of a group of n members
            return 'PATCH', f'/scim/v2/bench/Groups/{gid}', {"schemas": [PATCH], "Operations": [
                {"op": "remove", "path": "members"}]}
        if case == 'member_display':      # n ops each scanning the whole membership by a non-id filter
            return 'PATCH', f'/scim/v2/bench/Groups/{gid}', {"schemas": [PATCH], "Operations": [
                {"op": "replace", "path": f'members[display eq "x{i}"].display', "value": "y"} for i in range(n)]}
        if case == 'one_member_big_group':  # one add on a group of n members
            return 'PATCH', f'/scim/v2/bench/Groups/{gid}', {"schemas": [PATCH], "Operations": [
                {"op": "add", "path": "members", "value": [{"value": ids[n + 1]}]}]}
        if case == 'one_member_huge_group':  # one add on a group of n synthetic members
            return 'PATCH', f'/scim/v2/bench/Groups/{gid}', {"schemas": [PATCH], "Operations": [
                {"op": "add", "path": "members", "value": [{"value": ids[0]}]}]}
        if case == 'put_group':           # PUT a group with n members (was empty)
            return 'PUT', f'/scim/v2/bench/Groups/{gid}', {"schemas": [GROUP], "displayName": f"p{time.time()}",
                                                           "members": [{"value": ids[i]} for i in range(n)]}
        if case == 'post_group':          # POST a group with n members
            return 'POST', '/scim/v2/bench/Groups', {"schemas": [GROUP], "displayName": f"p{time.time()}",
                                                     "members": [{"value": ids[i]} for i in range(n)]}
        if case == 'emails_values':       # one add to a user's emails with n values cycling 99 addresses
            return 'PATCH', f'/scim/v2/bench/Users/{ids[0]}', {"schemas": [PATCH], "Operations": [
                {"op": "add", "path": "emails", "value": [{"value": f"a{i % 99}@x.example", "type": "work"} for i in range(n)]}]}
        if case == 'member_scan':         # n ops each walking the whole group (G members), matching one
            return 'PATCH', f'/scim/v2/bench/Groups/{gid}', {"schemas": [PATCH], "Operations": [
                {"op": "replace", "path": f'members[value eq "{ids[i % G]}" or display eq "zz"].display', "value": "d"}
                for i in range(n)]}
        if case == 'member_filter_terms':  # one op whose filter has n terms, on a group of G
            terms = ' or '.join(f'value eq "zz{i}"' for i in range(n - 1))
            return 'PATCH', f'/scim/v2/bench/Groups/{gid}', {"schemas": [PATCH], "Operations": [
                {"op": "replace", "path": f'members[{terms} or value eq "{ids[0]}"].display', "value": "d"}]}
        if case == 'member_alternating':  # n ops alternating an indexed add and a scanning filter
            return 'PATCH', f'/scim/v2/bench/Groups/{gid}', {"schemas": [PATCH], "Operations": [
                ({"op": "add", "path": "members", "value": [{"value": f"alt-{i}"}]} if i % 2 == 0 else
                 {"op": "replace", "path": 'members[display eq "nobody"].type', "value": "User"}) for i in range(n)]}
        if case == 'emails_ops':          # n adds to one user's emails cycling 99 addresses
            return 'PATCH', f'/scim/v2/bench/Users/{ids[0]}', {"schemas": [PATCH], "Operations": [
                {"op": "add", "path": "emails", "value": [{"value": f"a{i % 99}@x.example", "type": "work"}]}
                for i in range(n)]}
        if case == 'emails_filter_ops':   # n filtered replaces on a user with 99 emails
            return 'PATCH', f'/scim/v2/bench/Users/{ids[0]}', {"schemas": [PATCH], "Operations": [
                {"op": "replace", "path": f'emails[value eq "a{i % 99}@x.example"].type', "value": f"t{i}"}
                for i in range(n)]}
        if case == 'title_ops':           # n replaces of one attribute
            return 'PATCH', f'/scim/v2/bench/Users/{ids[0]}', {"schemas": [PATCH], "Operations": [
                {"op": "replace", "path": "title", "value": f"t{i}"} for i in range(n)]}
        raise SystemExit('unknown case ' + case)

    for case, n, size in cases:
        G = size if size is not None else n
        if n + 2 > len(ids):
            ids += [f"synthetic-v-{i:08d}" for i in range(len(ids), n + 2)]
        results, last = [], ""
        for _ in range(runs):
            gid = None
            if case.startswith("member") or case in ("one_member_big_group", "one_member_huge_group", "put_group"):
                gid = new_group()
                if case in ("member_remove_ops", "member_clear", "member_display", "one_member_big_group",
                            "member_alternating", "member_scan", "member_filter_terms"):
                    grow(gid, G)
                if case == "one_member_huge_group":
                    grow(gid, n, synthetic=True)
            if case == "emails_filter_ops":
                s, d = req("PATCH", f"/scim/v2/bench/Users/{ids[0]}", {"schemas": [PATCH], "Operations": [
                    {"op": "replace", "path": "emails", "value": [{"value": f"a{i}@x.example"} for i in range(99)]}]})
                assert s == 200, (s, d[:300])
            method, path, body = body_for(case, n, gid)
            text = json.dumps(body)
            c0 = cpu()
            c.request(method, path, text, H)
            r = c.getresponse()
            data = r.read()
            results.append((cpu() - c0) * 1000)
            last = f"status {r.status}" + (" " + json.loads(data).get("scimType", "") if r.status >= 400 else "")
        label = f"{case} {n}" + (f" (group of {size})" if size is not None else "")
        print(f"{label:45} {last:24} cpu ms median {statistics.median(results):6.1f}  runs "
              + " ".join(f"{x:.1f}" for x in results), flush=True)
finally:
    server.terminate()
    server.wait()
