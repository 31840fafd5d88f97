#!/usr/bin/env python3
"""Checks deploy/kubernetes against what the bridge relies on.

Every kustomization under deploy/kubernetes (the base and each overlay) is
built the way `kubectl apply -k` would for the features the manifests use
(resources, configMapGenerator with create/replace/merge, JSON 6902 patches,
images), every document is loaded, and the result is checked:

- the Deployment runs one replica with the Recreate strategy (SQLite store);
- the configuration named by --config is mounted from the config ConfigMap,
  loads, and every token entry is a sha256 hash;
- the container port named "scim" is the port the bridge listens on
  (environment over configuration), on all addresses;
- liveness probes GET /healthz and readiness GET /readyz on that port, with
  HTTPS exactly when the configuration has a tls section;
- the Service targets that port and selects the pod's labels;
- the store path lies on a writable mount backed by the PersistentVolumeClaim;
- every target's mapping file, TLS file and file secret is a key of a
  mounted ConfigMap or Secret, and every env secret (the configuration's or
  the mapping file's) is set in the container's environment;
- the pod runs as the image's user (deploy/container/Containerfile USER),
  non-root, read-only root filesystem with a writable /tmp;
- a mapping file copied into an overlay is identical to mappings/NAME.
Exit 0 when all hold; otherwise one line per problem and exit 1.
Needs python3-yaml (Debian package).
"""

import copy
import os
import re
import sys

import yaml

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
KUBE = os.path.join(REPO, "deploy", "kubernetes")
problems = []


def problem(where, text):
    problems.append(f"{where}: {text}")


def load_all(path):
    with open(path, encoding="utf-8") as f:
        return [d for d in yaml.safe_load_all(f) if d is not None]


# ---- a minimal kustomize -------------------------------------------------


def json_pointer_apply(doc, op):
    parts = [p.replace("~1", "/").replace("~0", "~") for p in op["path"].lstrip("/").split("/")]
    parent = doc
    for p in parts[:-1]:
        parent = parent[int(p)] if isinstance(parent, list) else parent[p]
    last = parts[-1]
    kind = op["op"]
    if kind not in ("add", "replace", "remove"):
        raise ValueError(f"patch op {kind} is not supported by this check")
    if isinstance(parent, list):
        if last == "-":
            parent.append(copy.deepcopy(op["value"]))
        elif kind == "add":
            parent.insert(int(last), copy.deepcopy(op["value"]))
        elif kind == "replace":
            parent[int(last)] = copy.deepcopy(op["value"])
        else:
            del parent[int(last)]
    else:
        if kind == "remove":
            del parent[last]
        else:
            parent[last] = copy.deepcopy(op["value"])


def build(directory):
    where = os.path.relpath(os.path.join(directory, "kustomization.yaml"), REPO)
    kustomization = load_all(os.path.join(directory, "kustomization.yaml"))[0]
    docs = []
    for resource in kustomization.get("resources", []):
        path = os.path.join(directory, resource)
        docs += build(path) if os.path.isdir(path) else load_all(path)
    for generator in kustomization.get("configMapGenerator", []):
        data = {}
        for entry in generator.get("files", []):
            key, _, file = entry.partition("=") if "=" in entry else (os.path.basename(entry), "", entry)
            with open(os.path.join(directory, file), encoding="utf-8") as f:
                data[key] = f.read()
        for literal in generator.get("literals", []):
            key, _, value = literal.partition("=")
            data[key] = value
        behavior = generator.get("behavior", "create")
        existing = [d for d in docs if d.get("kind") == "ConfigMap" and d["metadata"]["name"] == generator["name"]]
        if behavior == "create":
            if existing:
                problem(where, f"ConfigMap {generator['name']} generated twice (behavior: create)")
            docs.append({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": generator["name"]}, "data": data,
                         "_files": {k: os.path.join(directory, f.partition("=")[2] or f)
                                    for k, f in zip(data, generator.get("files", []))}})
        elif not existing:
            problem(where, f"ConfigMap {generator['name']}: behavior {behavior} but no such ConfigMap in the resources")
        elif behavior == "replace":
            existing[0]["data"] = data
        else:
            existing[0]["data"].update(data)
    for patch in kustomization.get("patches", []):
        target = patch.get("target", {})
        ops = yaml.safe_load(patch["patch"]) if "patch" in patch else load_all(os.path.join(directory, patch["path"]))[0]
        if not isinstance(ops, list):
            problem(where, "only JSON 6902 patches (a list of operations) are understood by this check")
            continue
        matched = [d for d in docs if d.get("kind") == target.get("kind") and d["metadata"]["name"] == target.get("name")]
        if not matched:
            problem(where, f"patch target {target} matches no resource")
        for d in matched:
            for op in ops:
                try:
                    json_pointer_apply(d, op)
                except (KeyError, IndexError, ValueError) as error:
                    problem(where, f"patch {op.get('op')} {op.get('path')}: {error}")
    for image in kustomization.get("images", []):
        for d in docs:
            for c in d.get("spec", {}).get("template", {}).get("spec", {}).get("containers", []):
                if c.get("image", "").split(":")[0] == image["name"]:
                    c["image"] = image.get("newName", image["name"]) + ":" + str(image.get("newTag", "latest"))
    return docs


# ---- what the bridge relies on -------------------------------------------


def containerfile_facts():
    facts = {"user": None, "expose": set(), "volumes": []}
    with open(os.path.join(REPO, "deploy", "container", "Containerfile"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("USER "):
                facts["user"] = line.split()[1]
            elif line.startswith("EXPOSE "):
                facts["expose"] |= set(line.split()[1:])
            elif line.startswith("VOLUME "):
                facts["volumes"] = yaml.safe_load(line[len("VOLUME "):])
    return facts


def find_one(docs, kind, where):
    found = [d for d in docs if d.get("kind") == kind]
    if len(found) != 1:
        problem(where, f"expected exactly one {kind}, found {len(found)}")
        return None
    return found[0]


def mount_for(path, mounts):
    """The volumeMount whose mountPath holds path (deepest first), and the path inside it."""
    best = None
    for m in mounts:
        root = m["mountPath"].rstrip("/") + "/"
        if path.startswith(root) and (best is None or len(root) > len(best[0])):
            best = (root, m)
    if best is None:
        return None, None
    return best[1], path[len(best[0]):]


def file_in_volume(volume, inner, docs):
    """The (kind, object, key) that provides file `inner` of a volume, or None."""
    sources = []
    if "configMap" in volume:
        sources.append(("ConfigMap", volume["configMap"]))
    if "secret" in volume:
        sources.append(("Secret", {"name": volume["secret"]["secretName"], "items": volume["secret"].get("items")}))
    for s in volume.get("projected", {}).get("sources", []):
        if "configMap" in s:
            sources.append(("ConfigMap", s["configMap"]))
        if "secret" in s:
            sources.append(("Secret", s["secret"]))
    for kind, src in sources:
        items = src.get("items")
        key = None
        if items:
            key = next((i["key"] for i in items if i["path"] == inner), None)
        elif "/" not in inner:
            key = inner
        if key is None:
            continue
        obj = next((d for d in docs if d.get("kind") == kind and d["metadata"]["name"] == src["name"]), None)
        return kind, src["name"], obj, key
    return None


def env_value(container, name):
    for e in container.get("env", []):
        if e["name"] == name:
            return e
    return None


def check_variant(directory, facts):
    where = os.path.relpath(directory, REPO)
    try:
        docs = build(directory)
    except (OSError, yaml.YAMLError, KeyError) as error:
        problem(where, f"cannot build: {error}")
        return
    for d in docs:
        for key in ("apiVersion", "kind"):
            if key not in d:
                problem(where, f"a document without {key}")
        if not d.get("metadata", {}).get("name"):
            problem(where, f"a {d.get('kind')} without metadata.name")

    deployment = find_one(docs, "Deployment", where)
    service = find_one(docs, "Service", where)
    if deployment is None:
        return
    spec = deployment["spec"]
    if spec.get("replicas") != 1:
        problem(where, f"Deployment replicas is {spec.get('replicas')}, expected 1 (one SQLite writer)")
    if spec.get("strategy", {}).get("type") != "Recreate":
        problem(where, "Deployment strategy must be Recreate: two pods must never share the SQLite store")
    pod = spec["template"]["spec"]
    labels = spec["template"]["metadata"].get("labels", {})
    if any(labels.get(k) != v for k, v in spec["selector"]["matchLabels"].items()):
        problem(where, "the Deployment's selector does not match its pod labels")
    containers = [c for c in pod["containers"] if c["name"] == "scim-bridge"]
    if len(containers) != 1:
        problem(where, "expected one container named scim-bridge")
        return
    c = containers[0]
    if "scim-bridge" not in c.get("image", ""):
        problem(where, f"container image {c.get('image')} is not a scim-bridge image")
    mounts = c.get("volumeMounts", [])
    volumes = {v["name"]: v for v in pod.get("volumes", [])}

    # The configuration file.
    args = c.get("args", [])
    if args[:1] != ["serve"] or "--config" not in args:
        problem(where, f"container args {args}: expected serve --config FILE")
        return
    config_path = args[args.index("--config") + 1]
    mount, inner = mount_for(config_path, mounts)
    if mount is None:
        problem(where, f"--config {config_path} is on no volumeMount")
        return
    provided = file_in_volume(volumes[mount["name"]], inner, docs)
    if provided is None or provided[2] is None or provided[3] not in provided[2].get("data", {}):
        problem(where, f"--config {config_path}: no ConfigMap key provides {inner}")
        return
    try:
        config = yaml.safe_load(provided[2]["data"][provided[3]])
    except yaml.YAMLError as error:
        problem(where, f"config.yaml does not load: {error}")
        return
    config_dir = os.path.dirname(config_path)

    def resolve(p):
        return os.path.normpath(p if p.startswith("/") else os.path.join(config_dir, p))

    # Listen address and port: the environment overrides the file.
    listen = config.get("listen", {}) or {}
    port_env = env_value(c, "SCIM_BRIDGE_LISTEN_PORT")
    address_env = env_value(c, "SCIM_BRIDGE_LISTEN_ADDRESS")
    port = int(port_env["value"]) if port_env else int(listen.get("port", 8080))
    address = address_env["value"] if address_env else listen.get("address", "127.0.0.1")
    if address not in ("0.0.0.0", "::"):
        problem(where, f"the bridge listens on {address}: unreachable from the kubelet and the Service")
    ports = {p.get("name"): p for p in c.get("ports", [])}
    if "scim" not in ports:
        problem(where, "no container port named scim")
    elif ports["scim"]["containerPort"] != port:
        problem(where, f"container port scim is {ports['scim']['containerPort']}, the bridge listens on {port}")
    if f"{port}" not in {e.split('/')[0] for e in facts["expose"]}:
        problem(where, f"the image EXPOSEs {sorted(facts['expose'])}, not {port}")

    scheme = "HTTPS" if config.get("tls") else "HTTP"
    for probe, path in (("livenessProbe", "/healthz"), ("readinessProbe", "/readyz"), ("startupProbe", "/healthz")):
        p = c.get(probe)
        if p is None:
            if probe != "startupProbe":
                problem(where, f"no {probe}")
            continue
        get = p.get("httpGet", {})
        if get.get("path") != path:
            problem(where, f"{probe} path {get.get('path')}, expected {path}")
        if get.get("port") not in ("scim", port):
            problem(where, f"{probe} port {get.get('port')}, expected scim ({port})")
        if get.get("scheme", "HTTP") != scheme:
            problem(where, f"{probe} scheme {get.get('scheme', 'HTTP')}, the bridge speaks {scheme}")

    if service is not None:
        selector = service["spec"].get("selector", {})
        if not selector or any(labels.get(k) != v for k, v in selector.items()):
            problem(where, "the Service's selector does not select the pod")
        if not any(p.get("targetPort") in ("scim", port) for p in service["spec"].get("ports", [])):
            problem(where, f"no Service port targets scim ({port})")

    # The store: on the claim, writable.
    store_env = env_value(c, "SCIM_BRIDGE_STORE_PATH")
    store = store_env["value"] if store_env else resolve((config.get("store") or {}).get("path", "scim-bridge.db"))
    mount, _ = mount_for(store, mounts)
    if mount is None:
        problem(where, f"store {store} is on no volumeMount (it would live in the container's layer)")
    else:
        claim = volumes[mount["name"]].get("persistentVolumeClaim")
        if claim is None:
            problem(where, f"store {store} is on volume {mount['name']}, not a PersistentVolumeClaim")
        elif not any(d.get("kind") == "PersistentVolumeClaim" and d["metadata"]["name"] == claim["claimName"]
                     for d in docs):
            problem(where, f"PersistentVolumeClaim {claim['claimName']} is not among the manifests")
        if mount.get("readOnly"):
            problem(where, f"store mount {mount['mountPath']} is read-only")
        if mount["mountPath"] not in facts["volumes"]:
            problem(where, f"store mount {mount['mountPath']} is not a VOLUME of the image {facts['volumes']}")

    def provided_file(path, what):
        m, inside = mount_for(path, mounts)
        if m is None:
            problem(where, f"{what} {path} is on no volumeMount")
            return None
        found = file_in_volume(volumes[m["name"]], inside, docs)
        if found is None:
            problem(where, f"{what} {path}: volume {m['name']} provides no {inside}")
            return None
        kind, name, obj, key = found
        if kind == "ConfigMap" and (obj is None or key not in obj.get("data", {})):
            problem(where, f"{what} {path}: ConfigMap {name} has no key {key}")
            return None
        return obj, key

    def env_secret(variable, what):
        e = env_value(c, variable)
        if e is None:
            problem(where, f"{what}: environment variable {variable} is not set in the container")
        elif "valueFrom" not in e:
            problem(where, f"{what}: {variable} is written into the manifest, expected a secretKeyRef")

    if config.get("tls"):
        for key in ("certificate_file", "private_key_file"):
            provided_file(resolve(config["tls"][key]), f"tls.{key}")

    hash_re = re.compile(r"^sha256:[0-9a-f]{64}$")
    for target in config.get("targets", []):
        name = target.get("name")
        for token in target.get("tokens", []):
            if not hash_re.match(str(token)):
                problem(where, f"target {name}: a token entry that is not a sha256 hash")
        declared = {}
        if target.get("mapping"):
            mapping_path = resolve(target["mapping"])
            found = provided_file(mapping_path, f"target {name}: mapping")
            if found is not None:
                obj, key = found
                mapping = yaml.safe_load(obj["data"][key])
                declared = mapping.get("secrets", {}) or {}
                source = obj.get("_files", {}).get(key)
                original = os.path.join(REPO, "mappings", key)
                if source and os.path.exists(original):
                    with open(source, encoding="utf-8") as a, open(original, encoding="utf-8") as b:
                        if a.read() != b.read():
                            problem(where, f"{os.path.relpath(source, REPO)} differs from mappings/{key}: "
                                           f"cp mappings/{key} {os.path.relpath(source, REPO)}")
        secrets = dict(declared)
        secrets.update(target.get("secrets", {}) or {})
        for secret, ref in secrets.items():
            if "env" in ref:
                env_secret(ref["env"], f"target {name}: secret {secret}")
            elif "file" in ref:
                provided_file(resolve(ref["file"]), f"target {name}: secret {secret}")

    # Identity and filesystem.
    security = pod.get("securityContext", {})
    if not security.get("runAsNonRoot"):
        problem(where, "pod securityContext.runAsNonRoot is not true")
    user = facts["user"].split(":")[0] if facts["user"] else None
    if str(security.get("runAsUser")) != user:
        problem(where, f"runAsUser {security.get('runAsUser')}, the image's user is {user}")
    if str(security.get("fsGroup")) != (facts["user"] or ":").split(":")[1]:
        problem(where, f"fsGroup {security.get('fsGroup')}, the image's group is {facts['user']}")
    csc = c.get("securityContext", {})
    if csc.get("allowPrivilegeEscalation") is not False:
        problem(where, "allowPrivilegeEscalation is not false")
    if csc.get("readOnlyRootFilesystem") and mount_for("/tmp/x", mounts)[0] is None:
        problem(where, "a read-only root filesystem without a /tmp mount (SQLite's temporary files)")
    for volume in facts["volumes"]:
        m, inside = mount_for(volume + "/", mounts)
        if m is not None and inside and m.get("readOnly"):
            problem(where, f"the image's VOLUME {volume} lies inside the read-only mount {m['mountPath']}: "
                           "the runtime could not create it")
    grace = pod.get("terminationGracePeriodSeconds", 30) * 1000
    if grace <= int(config.get("shutdown_grace_ms", 10000)):
        problem(where, f"terminationGracePeriodSeconds ({grace} ms) is not above shutdown_grace_ms")
    print(f"{where}: {len(docs)} documents; port {port}, probes /healthz /readyz, "
          f"{len(config.get('targets', []))} target(s), store {store}")


def main():
    facts = containerfile_facts()
    variants = []
    for root, _, files in os.walk(KUBE):
        if "kustomization.yaml" in files:
            variants.append(root)
    if not variants:
        problem(KUBE, "no kustomization.yaml")
    for directory in sorted(variants):
        check_variant(directory, facts)
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s)", file=sys.stderr)
        return 1
    print("kubernetes manifests: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
