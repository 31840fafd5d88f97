#!/usr/bin/env python3
"""Seeds users into a running scim-bridge over HTTP (keep-alive, several
processes), writing the created SCIM ids to a file for the benchmarks.

usage: seed_users.py PORT TOKEN TARGET FROM TO IDS_FILE
Creates users user{FROM}..user{TO-1}@bench.example; appends ids to IDS_FILE.
"""
import http.client
import json
import multiprocessing
import sys


def seed_range(args):
    port, token, target, first, last = args
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Authorization": "Bearer " + token, "Content-Type": "application/scim+json"}
    ids = []
    for i in range(first, last):
        body = {
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
            "userName": f"user{i}@bench.example",
            "externalId": f"ext-{i}",
            "displayName": f"Bench User {i}",
            "name": {"givenName": "Bench", "familyName": f"User{i}"},
            "emails": [{"value": f"user{i}@bench.example", "type": "work", "primary": True}],
            "active": True,
        }
        conn.request("POST", f"/scim/v2/{target}/Users", json.dumps(body), headers)
        response = conn.getresponse()
        data = response.read()
        if response.status != 201:
            raise SystemExit(f"seeding user {i} failed: {response.status} {data[:200]!r}")
        ids.append(json.loads(data)["id"])
    return ids


def main():
    port, token, target = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    first, last, ids_file = int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
    workers = 4
    step = max(1, (last - first + workers - 1) // workers)
    ranges = [(port, token, target, lo, min(lo + step, last)) for lo in range(first, last, step)]
    with multiprocessing.Pool(len(ranges)) as pool:
        results = pool.map(seed_range, ranges)
    with open(ids_file, "a") as out:
        for ids in results:
            for i in ids:
                out.write(i + "\n")


if __name__ == "__main__":
    main()
