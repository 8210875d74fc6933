#!/usr/bin/env python3
"""Records what the real Docker daemon does, through the docker CLI and its raw API, as test data.

  record.py specs [--out FILE | --check FILE] [--jobs N]   single-flag mount specs (mountspecs.py)
  record.py steps [--out FILE | --check FILE] [--jobs N]   volume and container scenarios (steps.py)

--out writes the recording; --check records again and compares it with FILE, printing every step whose
answer changed and exiting 1 if any did (CI runs this: a daemon that answers differently from the
recording fails the build). Every name the script creates starts with a prefix unique to the run and
carries the label volumes4j.recording=<prefix>; everything is removed at the end, also on failure.
Only the standard library is used.
"""
import argparse
import base64
import bz2
import concurrent.futures
import gzip
import http.client
import io
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tarfile
import threading
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

IMAGE = "volumes4j/busybox:test"
HEX64 = re.compile(r"\b[0-9a-f]{64}\b")
TIME = re.compile(r'time="[^"]*" ')  # the CLI's log lines carry the time
PROC_SYS = re.compile(r"/proc/sys/[a-z0-9_/]+")  # runc sets sysctls in a random order


def escape(text):
    out = []
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ord(ch) < 0x20 or 0x7f <= ord(ch) < 0xa0:
            out.append("\\u%04x" % ord(ch))
        else:
            out.append(ch)
    return "".join(out)


def unescape(text):
    out = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            if nxt == "u":
                out.append(chr(int(text[i + 2:i + 6], 16)))
                i += 6
                continue
            out.append({"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}[nxt])
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)


class Sandbox:
    """One run's names and host paths; every placeholder of the data files maps to one of them."""

    def __init__(self):
        tag = secrets.token_hex(3)
        self.prefix = "v4jrec" + tag  # 12 characters, as the data files assume
        self.root = "/tmp/v4jrec-" + tag
        os.makedirs(self.root + "/dir/sub")
        with open(self.root + "/dir/hello.txt", "w") as f:
            f.write("hello\n")
        with open(self.root + "/file", "w") as f:
            f.write("file\n")
        os.makedirs(self.root + "/rel")
        os.makedirs(self.root + "/cwd/rel")  # the CLI's working directory: ./x and ../x stay inside the sandbox
        self.initial = self.tree()
        self.places = [
            ("@DIR@", self.root + "/dir"), ("@FILE@", self.root + "/file"), ("@NEW@", self.root + "/new"),
            ("@CTR@", self.prefix + "ctr"), ("@VOL@", self.prefix), ("@ROOT@", self.root),
        ]

    def tree(self):
        paths = set()
        for base, dirs, files in os.walk(self.root):
            for n in dirs + files:
                paths.add(os.path.join(base, n))
        return paths

    def reset(self):
        """Removes what a spec made on the host (the daemon creates missing -v sources)."""
        for p in sorted(self.tree() - self.initial, key=len, reverse=True):
            if os.path.isdir(p) and not os.path.islink(p):
                shutil.rmtree(p, ignore_errors=True)
            elif os.path.lexists(p):
                os.remove(p)

    def fill(self, text):
        for key, value in self.places:
            text = text.replace(key, value)
        return text

    def normalize(self, text):
        for key, value in sorted(self.places, key=lambda kv: -len(kv[1])):
            text = text.replace(value, key)
        text = HEX64.sub("<id>", text)
        text = TIME.sub("", text)
        text = PROC_SYS.sub("/proc/sys/<...>", text)
        return text

    def docker(self, *args, timeout=60):
        cwd = self.root + "/cwd" if os.path.isdir(self.root + "/cwd") else None  # (gone after close)
        p = subprocess.run(["docker", *args], cwd=cwd, capture_output=True, timeout=timeout,
                           env=dict(os.environ, LANG="C", LC_ALL="C"))
        return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")

    def outcome(self, rc, err):
        if rc == 0:
            return "ok"
        lines = [l.strip() for l in err.strip().splitlines() if l.strip()]
        return "error: " + self.normalize(" | ".join(lines))

    def cleanup_volumes(self, keep=()):
        rc, out, _ = self.docker("volume", "ls", "-q", "--filter", "name=" + self.prefix)
        names = [n for n in out.split() if self.prefix in n and n not in keep]
        # (volume create "" makes a volume with a generated name: found by the run's label)
        rc, out, _ = self.docker("volume", "ls", "-q", "--filter", "label=volumes4j.recording=" + self.prefix)
        names += [n for n in out.split() if n not in names and n not in keep]
        if names:
            self.docker("volume", "rm", "-f", *names)

    def close(self):
        rc, out, _ = self.docker("ps", "-aq", "--filter", "label=volumes4j.recording=" + self.prefix)
        if out.split():
            self.docker("rm", "-f", "-v", *out.split())
        self.cleanup_volumes()
        shutil.rmtree(self.root, ignore_errors=True)


def mount_summary(box, mounts):
    rows = []
    for m in sorted(mounts or [], key=lambda m: m.get("Destination", "")):
        name = m.get("Name", "")
        if HEX64.fullmatch(name or ""):
            name = "<anon>"
        source = m.get("Source", "") if m.get("Type") == "bind" else ""
        rows.append("type=%s name=%s src=%s dst=%s driver=%s mode=%s rw=%s prop=%s" % (
            m.get("Type", ""), box.normalize(name), box.normalize(source), box.normalize(m.get("Destination", "")),
            m.get("Driver", ""), m.get("Mode", ""), str(m.get("RW", "")).lower(), m.get("Propagation", "")))
    return "; ".join(rows)


def routing(box, inspected):
    hc = inspected.get("HostConfig", {})
    parts = []
    if hc.get("Binds"):
        parts.append("Binds=" + json.dumps(hc["Binds"], ensure_ascii=False))
    if inspected.get("Config", {}).get("Volumes"):
        parts.append("Volumes=" + json.dumps(sorted(inspected["Config"]["Volumes"]), ensure_ascii=False))
    if hc.get("Tmpfs"):
        parts.append("Tmpfs=" + json.dumps(hc["Tmpfs"], ensure_ascii=False, sort_keys=True))
    if hc.get("Mounts"):
        parts.append("Mounts=" + json.dumps([m.get("Type") for m in hc["Mounts"]]))
    if hc.get("VolumesFrom"):
        parts.append("VolumesFrom=" + json.dumps(hc["VolumesFrom"], ensure_ascii=False))
    return box.normalize(" ".join(parts))


LONG = {"-v": "--volume", "--mount": "--mount", "--tmpfs": "--tmpfs", "--volumes-from": "--volumes-from"}


def record_spec(box, index, flag, value):
    name = box.prefix + "c" + str(index)
    # --pull never: the CLI reads any 404 of a create as a missing image and would try a registry (a
    # missing volume plugin answers 404 too); no traffic leaves the machine, and the daemon's words are kept
    rc, out, err = box.docker("create", "--pull", "never", "--name", name, "--label", "volumes4j.recording=" + box.prefix,
                              LONG[flag] + "=" + box.fill(value), IMAGE, "true")
    create = box.outcome(rc, err)
    start, mounts, route = "-", "", ""
    if rc == 0:
        _, js, _ = box.docker("inspect", name)
        route = routing(box, json.loads(js)[0])
        rc2, _, err2 = box.docker("start", "-a", name)
        start = box.outcome(rc2, err2)
        _, js, _ = box.docker("inspect", name)
        mounts = mount_summary(box, json.loads(js)[0].get("Mounts"))
        box.docker("rm", "-f", "-v", name)
    box.cleanup_volumes(keep=(box.prefix + "src",))
    box.reset()
    return [flag, value, create, start, mounts, route]


def specs_recording(jobs):
    import mountspecs
    specs = mountspecs.all_specs()
    boxes = []
    lock = threading.Lock()
    local = threading.local()

    def box():
        if not hasattr(local, "box"):
            b = Sandbox()
            with lock:
                boxes.append(b)
            rc, _, err = b.docker("create", "--pull", "never", "--name", b.prefix + "ctr", "--label", "volumes4j.recording=" + b.prefix,
                                  "-v", "/anon", "-v", b.prefix + "src:/named", "-v", b.root + "/dir:/bound",
                                  "--tmpfs", "/scratch", IMAGE, "true")
            if rc != 0:
                raise RuntimeError("cannot create the volumes-from source container: " + err.strip()
                                   + "; is the daemon healthy? (scripts/docker-engine.sh start)")
            local.box = b
        return local.box

    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
            rows = list(pool.map(lambda iv: record_spec(box(), iv[0], *iv[1]), enumerate(specs)))
    finally:
        for b in boxes:
            b.close()
    return rows


INSPECT_FORMAT = "{{.Name}} driver={{.Driver}} labels={{json .Labels}} options={{json .Options}} scope={{.Scope}}"
ANON_PLACE = "@ANON%d@"
PRUNE_LOCK = threading.Lock()


def step_command(box, argv):
    """The step as run: the sandbox's label on what it creates and on what it lists or prunes."""
    label = "volumes4j.recording=" + box.prefix
    a = [box.fill(x) for x in argv]
    if a[:2] == ["volume", "create"]:
        return a[:2] + ["--label", label] + a[2:]
    if a[:1] == ["create"]:
        return ["create", "--pull", "never", "--label", label] + a[1:]
    if a[:2] in (["volume", "prune"], ["volume", "ls"]):
        return a[:2] + ["--filter", "label=" + label] + a[2:]
    if a[:2] == ["volume", "inspect"]:
        return a[:2] + ["--format", INSPECT_FORMAT] + a[2:]
    return a


def step_output(box, argv, out, anon):
    """What a step printed, in the recording's words: names sorted and normalized, ids and sizes left out."""
    if argv[:2] == ["volume", "inspect"]:
        return box.normalize(out.strip())
    if argv[:2] == ["volume", "ls"]:
        names = [n for n in out.split() if box.prefix in n]
        rc, all_out, _ = box.docker("volume", "ls", "-q")
        names += [anon[n] for n in all_out.split() if n in anon]
        return ",".join(sorted(box.normalize(n) for n in names))
    if argv[:2] == ["volume", "prune"]:
        names = [l.strip() for l in out.splitlines() if box.prefix in l]
        return ",".join(sorted(box.normalize(n) for n in names))
    if argv[:2] in (["volume", "create"], ["volume", "rm"]):
        return box.normalize(out.strip())
    return ""


API = {"version": "1.41"}  # set by main() to the daemon's


class UnixConnection(http.client.HTTPConnection):
    """HTTP on the daemon's unix socket (DOCKER_HOST=unix://..., or /var/run/docker.sock)."""

    def __init__(self):
        super().__init__("localhost", timeout=60)
        host = os.environ.get("DOCKER_HOST", "unix:///var/run/docker.sock")
        self.path = host[len("unix://"):] if host.startswith("unix://") else "/var/run/docker.sock"

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(60)
        self.sock.connect(self.path)


def archive_body(spec):
    """A request body: '<kind> name=content ... dir/ link->target', kind tar, gz, bz2; or junk, empty, cut-gz."""
    kind, _, rest = spec.partition(" ")
    if kind == "junk":
        return b"garbage-not-a-tar"
    if kind == "empty":
        return b""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as t:
        for item in rest.split():
            if "->" in item:
                name, target = item.split("->", 1)
                info = tarfile.TarInfo(name)
                info.type, info.linkname, info.mode = tarfile.SYMTYPE, target, 0o777
                t.addfile(info)
            elif item.endswith("/"):
                info = tarfile.TarInfo(item)
                info.type, info.mode = tarfile.DIRTYPE, 0o755
                t.addfile(info)
            else:
                name, _, content = item.partition("=")
                data = content.encode()
                info = tarfile.TarInfo(name)
                info.size, info.mode = len(data), 0o644
                t.addfile(info, io.BytesIO(data))
    raw = buf.getvalue()
    if kind == "gz":
        return gzip.compress(raw, mtime=0)
    if kind == "bz2":
        return bz2.compress(raw)
    if kind == "cut-gz":
        return gzip.compress(raw, mtime=0)[:20]
    return raw


def tar_listing(data):
    """A tar's entries as the recording writes them: type, name (no trailing /), mode, owner, size; sorted."""
    rows = []
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:") as t:
        for m in t.getmembers():
            kind = "d" if m.isdir() else "l" if m.issym() else "h" if m.islnk() else "f"
            extra = "->" + m.linkname if m.issym() or m.islnk() else " %d" % m.size if kind == "f" else ""
            rows.append("%s %s %o %d:%d%s" % (kind, m.name.rstrip("/"), m.mode & 0o7777, m.uid, m.gid, extra))
    return ";".join(sorted(rows))


def stat_text(header):
    """The X-Docker-Container-Path-Stat header as the recording writes it (a directory's size is the host's)."""
    st = json.loads(base64.b64decode(header))
    mode = st.get("mode", 0)
    size = "dir" if mode & (1 << 31) else "size=%d" % st.get("size", 0)
    return "name=%s %s mode=%o link=%s" % (st.get("name", ""), size, mode, st.get("linkTarget", ""))


def df_step(box, anon):
    """GET /system/df: the scenario's volumes as 'name links size', sorted (20.10 leaves out volumes with options)."""
    conn = UnixConnection()
    try:
        conn.request("GET", "/v%s/system/df" % API["version"])
        r = conn.getresponse()
        data = r.read()
        if r.status != 200:
            try:
                message = json.loads(data).get("message", "")
            except ValueError:
                message = data.decode("utf-8", "replace")
            return 1, "", "HTTP %d %s" % (r.status, message)
        rows = []
        for v in json.loads(data).get("Volumes") or []:
            name = v.get("Name", "")
            if box.prefix in name or name in anon:
                u = v.get("UsageData") or {}
                rows.append("%s %d %d" % (anon.get(name, box.normalize(name)), u.get("RefCount", -1), u.get("Size", -1)))
        return 0, ",".join(sorted(rows)), ""
    finally:
        conn.close()


def api_step(box, argv):
    """["api", METHOD, CONTAINER, QUERY(, BODY)] on /containers/<c>/archive: (rc, output, error)."""
    method, ctr, query = argv[1], box.fill(argv[2]), box.fill(argv[3])
    body = archive_body(argv[4]) if len(argv) > 4 else None
    url = "/v%s/containers/%s/archive%s" % (API["version"], urllib.parse.quote(ctr, safe=""),
                                            "?" + query if query else "")
    conn = UnixConnection()
    try:
        headers = {"Content-Type": "application/x-tar"} if body is not None else {}
        conn.request(method, url, body=body, headers=headers)
        r = conn.getresponse()
        data = r.read()
        if r.status != 200:
            try:
                message = json.loads(data).get("message", "") if data else ""
            except ValueError:
                message = data.decode("utf-8", "replace")
            return 1, "", "HTTP %d %s" % (r.status, message)
        if method == "GET":
            return 0, tar_listing(data), ""
        if method == "HEAD":
            return 0, stat_text(r.getheader("X-Docker-Container-Path-Stat", "")), ""
        return 0, "", ""
    finally:
        conn.close()


def record_scenario(title, argvs):
    box = Sandbox()
    anon = {}  # anonymous volume name -> placeholder, in the order the scenario's containers made them
    rows = []
    try:
        for i, argv in enumerate(argvs):
            if argv[:1] == ["api"]:
                rc, out, err = api_step(box, argv)
            elif argv == ["system", "df"]:
                rc, out, err = df_step(box, anon)
            elif argv[:2] == ["volume", "prune"]:
                with PRUNE_LOCK:  # the daemon refuses a prune while another runs ("already running")
                    rc, out, err = box.docker(*step_command(box, argv))
            else:
                rc, out, err = box.docker(*step_command(box, argv))
            if rc == 0 and argv[:1] == ["create"]:
                _, js, _ = box.docker("inspect", out.strip())
                for m in sorted(json.loads(js)[0].get("Mounts") or [], key=lambda m: m.get("Destination", "")):
                    if m.get("Type") == "volume" and HEX64.fullmatch(m.get("Name") or "") and m["Name"] not in anon:
                        anon[m["Name"]] = ANON_PLACE % (len(anon) + 1)
            outcome = box.outcome(rc, err)
            for name, place in anon.items():
                outcome = outcome.replace(name, place)
            raw_output = argv[:1] == ["api"] or argv == ["system", "df"]
            output = (box.normalize(out) if raw_output else step_output(box, argv, out, anon)) if rc == 0 else ""
            rows.append([title, "%02d" % i, json.dumps(argv, ensure_ascii=False), outcome, output])
    finally:
        box.close()
        if anon:
            box.docker("volume", "rm", "-f", *anon.keys())
    return rows


def steps_recording(jobs):
    import steps
    scenarios = steps.all_scenarios()
    # GET /system/df walks every volume of the daemon: a scenario removing one meanwhile makes it fail (500),
    # so the usage scenarios run alone, after the others
    alone = [s for s in scenarios if s[0].startswith("usage")]
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        parts = list(pool.map(lambda s: record_scenario(*s), [s for s in scenarios if s not in alone]))
    parts += [record_scenario(*s) for s in alone]
    by_title = {part[0][0]: part for part in parts if part}
    return [row for s in scenarios if s[0] in by_title for row in by_title[s[0]]]


STEPS_HEADER = ("# scenario\tstep\tcommand\toutcome\toutput -- recorded by scripts/recordings/record.py steps"
                " from Docker %s (API %s); escapes: \\\\ \\t \\n \\r \\uXXXX")


HEADER = ("# flag\tvalue\tcreate\tstart\tmounts\trouting -- recorded by scripts/recordings/record.py specs"
          " from Docker %s (API %s); escapes: \\\\ \\t \\n \\r \\uXXXX")
KEY = 2  # a row's key: flag and value


def daemon_version():
    p = subprocess.run(["docker", "version", "--format", "{{.Server.Version}} {{.Server.APIVersion}}"],
                       capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit("record.py: no Docker daemon answers (start one with scripts/docker-engine.sh start): " + p.stderr)
    # without the image every create fails the same way, and the recording would hold nothing but that
    i = subprocess.run(["docker", "image", "inspect", IMAGE], capture_output=True, text=True)
    if i.returncode != 0:
        sys.exit("record.py: the image %s is not on the daemon; scripts/docker-engine.sh start makes it" % IMAGE)
    return p.stdout.split()


def write(path, header, rows):
    """Writes next to the file, then renames: an interrupted run leaves the old recording whole."""
    text = header + "\n" + "".join("\t".join(escape(c) for c in row) + "\n" for row in rows)
    if path == "-":
        sys.stdout.write(text)
        return
    tmp = path + ".tmp"
    try:
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def read(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip("\n"):
                continue
            rows.append([unescape(c) for c in line.rstrip("\n").split("\t")])
    return rows


def compare(path, rows):
    old = {tuple(r[:KEY]): r for r in read(path)}
    new = {tuple(r[:KEY]): r for r in rows}
    changed = 0
    for key in old.keys() | new.keys():
        a, b = old.get(key), new.get(key)
        if a != b:
            changed += 1
            print("changed: %s\n  recorded: %s\n  now:      %s" % (
                " ".join(escape(k) for k in key), a and "\t".join(escape(c) for c in a[KEY:]),
                b and "\t".join(escape(c) for c in b[KEY:])))
    print("%d of %d recorded steps answer as recorded" % (len(old) - changed, len(old)))
    return changed


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("what", choices=["specs", "steps"])
    ap.add_argument("--out")
    ap.add_argument("--check")
    ap.add_argument("--jobs", type=int, default=3)
    a = ap.parse_args()
    # a run stopped with SIGTERM still removes what it made (the finally blocks run on SystemExit)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    version, api = daemon_version()
    API["version"] = api
    rows = specs_recording(a.jobs) if a.what == "specs" else steps_recording(a.jobs)
    if a.check:
        sys.exit(1 if compare(a.check, rows) else 0)
    write(a.out or "-", (HEADER if a.what == "specs" else STEPS_HEADER) % (version, api), rows)


if __name__ == "__main__":
    main()
