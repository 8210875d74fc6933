"""The mount specs recorded against the real daemon: single-flag values of -v, --mount, --tmpfs and
--volumes-from, valid, invalid, odd and hostile. Deterministic: the same list on every run, so a
re-recording can be compared with the committed one line by line.

Placeholders, replaced by the recorder and by the replayer with values of their own sandbox:
  @VOL@   a volume-name prefix unique to the run (the volume is created by the spec, then removed)
  @DIR@   an existing host directory        @FILE@  an existing host file
  @NEW@   a host path that does not exist   @CTR@   a container with -v /anon, -v @VOL@src:/named,
                                                    -v @DIR@:/bound and --tmpfs /scratch
"""


def _dedupe(specs):
    seen = set()
    out = []
    for s in specs:
        if s not in seen:
            seen.add(s)
            out.append(s)
    return out


def volume_flag():
    v = []
    modes = ["", "ro", "rw", "z", "Z", "nocopy", "ro,z", "rw,Z", "ro,nocopy", "z,nocopy", "rw,ro", "ro,ro",
             "z,Z", "nocopy,nocopy", "shared", "rshared", "private", "rprivate", "slave", "rslave", "ro,rshared",
             "consistent", "cached", "delegated", "ro,cached", "cached,delegated", "RO", "r", "ro,", ",ro", "ro,,z",
             "ro z", "default", "bind", "rbind", "noexec", "ro,shared,z", "rw,nocopy,Z"]
    sources = ["@VOL@m", "@DIR@", "@NEW@/m", "@FILE@"]
    for src in sources:
        for mode in modes:
            v.append(f"{src}:/x" + (f":{mode}" if mode else ""))
    # anonymous volumes: colon-less values, and a mode after a lone target
    for t in ["/x", "/x/", "/x/../y", "//x", "/x y", "/a,b", "/x:ro", "/x:rw", "/x:z", "/x:nocopy", "/x:shared",
              "/x:bogus", "x", "x/y", ".", "./x", "~", "~/x", "/", "//", "/.", "/..", "/x/..", "", " ", "/bin",
              "/bin/sh", "/etc/hostname", "/proc", "/proc/x", "/sys", "/dev", "/dev/shm", "/tmp", "/" + "d" * 300,
              "/\\x", "/x\\y", "/é", "/x\ty", "/$HOME", "/x*", "/-x"]:
        v.append(t)
    # targets of a named volume and of a bind
    for src in ["@VOL@t", "@DIR@"]:
        for t in ["/x/", "//x", "/x/./y", "/x/../y", "x", "./x", "/", "/.", "/..", "/x:y", "", "/bin/sh", "/bin",
                  "/etc/hostname", "/etc/resolv.conf", "/proc/x", "/sys/x", "/dev/null", "/" + "d" * 300, "/x y", "/é"]:
            v.append(f"{src}:{t}")
    # volume names: every character class (the run's prefix after the class-defining start), every length
    # (the 12-character prefix counted in: "@VOL@" + 51 x is 63 characters once replaced)
    for name in ["a", "0", "ab@VOL@", "a.b@VOL@", "a_b@VOL@", "a-b@VOL@", "-a@VOL@", "_a@VOL@", ".a@VOL@",
                 "a b@VOL@", "A@VOL@", "é@VOL@", "a@b@VOL@", "a+b@VOL@", "a=b@VOL@", "a,b@VOL@", "a;b@VOL@",
                 "a$b@VOL@", "a'b@VOL@", "a\"b@VOL@", "a\\b@VOL@", "a/b@VOL@", "a%20b@VOL@", "0@VOL@", "@VOL@.",
                 "@VOL@-", "@VOL@_", "@VOL@" + "x" * 51, "@VOL@" + "x" * 52, "@VOL@" + "x" * 116,
                 "@VOL@" + "x" * 243, "@VOL@" + "x" * 244, "@VOL@*", "@VOL@?", "@VOL@[b]", "..@VOL@", "..",
                 "@VOL@\x01", "@VOL@\u0085"]:
        v.append(f"{name}:/x")
        v.append(f"{name}:/y:ro")
    # sources that look like something else
    for src in ["c:", "c:/x", "C:\\x", "c:\\", "\\\\host\\share", "//host/share", "\\x", "./rel", "./nope", "../rel", "rel/x",
                "rel@VOL@", "~", "~/x", ".", "..", "@DIR@/", "@DIR@/.", "@DIR@/../", "@DIR@//sub", "/", "//",
                "@DIR@ x", "@DIR@,x", "@DIR@=x", "npipe:", "\\\\.\\pipe\\docker_engine", "@DIR@/@", "/proc",
                "/proc/self", "/sys", "/dev", "/dev/null", "/var/run/docker.sock", "@NEW@/a b", "@NEW@/é"]:
        v.append(f"{src}:/x")
    # structure: colons, emptiness
    for s in [":", "::", ":::", "::::", ":/x", "/x:", "@VOL@s:/x:", ":/x:ro", "@VOL@s::ro", "@VOL@s:/x:ro:z",
              "@VOL@s:/x:ro:", "@DIR@:/x:ro:rw", "a:b:c:d:e", "@VOL@s:/x::", "@DIR@:/x:/y", "@DIR@:/x:/y:ro",
              "c:/x:/y", "c:/x:/y:ro", "@VOL@s:x:ro", "@VOL@s:/x:ro,", "@VOL@s : /x"]:
        v.append(s)
    return [("-v", s) for s in _dedupe(v)]


def mount_flag():
    m = []
    # types and the keys they allow
    for t in ["volume", "bind", "tmpfs", "npipe", "cluster", "image", "Volume", "BIND", "", "unknown"]:
        m.append(f"type={t},dst=/x")
    for base in ["type=volume,src=@VOL@m,dst=/x", "type=volume,dst=/x", "type=bind,src=@DIR@,dst=/x",
                 "type=tmpfs,dst=/x"]:
        for extra in ["", "readonly", "readonly=true", "readonly=false", "readonly=1", "readonly=0", "readonly=yes",
                      "readonly=", "ro", "ro=true", "ro=0", "rw", "readonly=TRUE", "readonly=tRUE",
                      "consistency=consistent", "consistency=cached", "consistency=delegated",
                      "consistency=default", "consistency=bogus",
                      "volume-nocopy", "volume-nocopy=false", "volume-nocopy=true", "volume-nocopy=maybe",
                      "volume-driver=local", "volume-driver=nosuchdriver", "volume-label=a=b", "volume-label=a",
                      "volume-opt=type=tmpfs", "volume-opt=o=size=1m", "volume-opt=device=tmpfs",
                      "volume-subpath=sub",
                      "bind-propagation=rprivate", "bind-propagation=shared", "bind-propagation=rshared",
                      "bind-propagation=slave", "bind-propagation=bogus", "bind-propagation=",
                      "bind-nonrecursive", "bind-nonrecursive=false", "bind-recursive=disabled",
                      "bind-create-src", "tmpfs-size=1m", "tmpfs-size=1048576", "tmpfs-size=0", "tmpfs-size=-1",
                      "tmpfs-size=1x", "tmpfs-size=1.5m", "tmpfs-mode=1777", "tmpfs-mode=0700", "tmpfs-mode=8",
                      "tmpfs-mode=77777", "tmpfs-mode=-1", "tmpfs-mode=", "unknown=1", "Readonly", "source=@DIR@"]:
            m.append(base + ("," + extra if extra else ""))
    # keys, spelling, csv quoting
    for s in ["type=volume,source=@VOL@k,target=/x", "type=volume,src=@VOL@k,destination=/x",
              "type=volume,src=@VOL@k,dst=/x,dst=/y", "type=volume,src=@VOL@k,src=@VOL@l,dst=/x",
              "type=volume,type=bind,src=@DIR@,dst=/x", "src=@VOL@k,dst=/x", "dst=/x", "type=volume",
              "type=volume,src=@VOL@k", "type=bind,dst=/x", "type=bind,src=@NEW@,dst=/x",
              "type=bind,src=@FILE@,dst=/x", "type=bind,src=@FILE@,dst=/f", "type=bind,src=rel,dst=/x",
              "type=bind,src=./rel,dst=/x", "type=bind,src=./nope,dst=/x", "type=bind,src=~,dst=/x", "type=tmpfs,src=@VOL@k,dst=/x",
              "type=volume,src=@DIR@,dst=/x", "type=volume,src=@VOL@a/b,dst=/x", "type=volume,src=@VOL@k,dst=x",
              "type=volume,src=@VOL@k,dst=/", "type=bind,src=@DIR@,dst=/", "type=tmpfs,dst=/",
              "type=volume,src=@VOL@k,dst=/x/../y", "type=volume,src=@VOL@k,dst=/x:y",
              "\"type=volume\",\"src=@VOL@k\",\"dst=/x\"", "type=volume,\"src=@VOL@k,x\",dst=/x",
              "type=bind,\"src=@DIR@\",dst=/x", "type=volume,src=@VOL@k,dst=\"/x,y\"",
              "type=volume,src=@VOL@k,dst=/x\"", "type=volume,src=\"@VOL@k,dst=/x",
              " type=volume,src=@VOL@k,dst=/x", "type =volume,src=@VOL@k,dst=/x", "type=volume ,src=@VOL@k,dst=/x",
              "type=volume,src=@VOL@k,dst=/x,", ",type=volume,src=@VOL@k,dst=/x", "type=volume,,src=@VOL@k,dst=/x",
              "type=volume,src=@VOL@k,dst=/x,readonly,readonly=false", "type=volume,src=,dst=/x",
              "type=volume,src=@VOL@k,dst=", "TYPE=volume,src=@VOL@k,dst=/x", "type=volume,SRC=@VOL@k,dst=/x",
              "type=volume,src=@VOL@k,dst=/x,volume-opt=type=none,volume-opt=o=bind,volume-opt=device=@DIR@",
              "type=volume,src=@VOL@k,dst=/x,volume-opt=type=none,volume-opt=o=bind,volume-opt=device=@NEW@",
              "type=volume,src=@VOL@k,dst=/x,volume-opt=type=tmpfs,volume-opt=device=tmpfs,volume-opt=o=size=1m",
              "type=volume,src=@VOL@k,dst=/x,volume-opt=type=tmpfs,volume-opt=device=tmpfs,volume-opt=o=bogus",
              "type=volume,src=@VOL@k,dst=/x,volume-opt=bogus=1", "type=volume,src=@VOL@k,dst=/x,volume-opt=",
              "type=volume,src=@VOL@k,dst=/x,volume-label=", "type=volume,src=@VOL@k,dst=/x,volume-label==b",
              "type=volume,src=@VOL@k,dst=/bin/sh", "type=volume,src=@VOL@k,dst=/bin",
              "type=bind,src=@DIR@,dst=/bin/sh", "type=bind,src=@FILE@,dst=/bin/sh",
              "type=tmpfs,dst=/bin/sh", "type=tmpfs,dst=/etc/hostname", "type=bind,src=@DIR@,dst=/proc/x",
              "type=volume,src=@VOL@" + "x" * 244 + ",dst=/x", "type=volume,src=@VOL@" + "x" * 243 + ",dst=/x", "type=volume,src=é@VOL@,dst=/x", "type=volume,src=-a@VOL@,dst=/x",
              "type=bind,src=@DIR@,dst=/x,bind-propagation=rshared,readonly", "type=tmpfs,dst=/x,tmpfs-size=1m,tmpfs-mode=700,readonly",
              "type=bind,src=@DIR@/,dst=/x", "type=bind,src=@DIR@/../,dst=/x", "type=bind,src=/,dst=/x",
              "type=bind,src=/var/run/docker.sock,dst=/var/run/docker.sock", "type=bind,src=c:/x,dst=/x",
              "type=volume,src=@VOL@k,dst=/x,bind-propagation=shared", "type=bind,src=@DIR@,dst=/x,volume-nocopy",
              "type=tmpfs,dst=/x,volume-nocopy", "type=bind,src=@DIR@,dst=/x,tmpfs-size=1m",
              "type=volume,src=@VOL@k,dst=/x,tmpfs-mode=700", "", ",", "=", "type", "type=", "dst",
              "src=@VOL@k,dst=/x,type=volume"]:
        m.append(s)
    return [("--mount", s) for s in _dedupe(m)]


def tmpfs_flag():
    t = []
    for opts in ["", "ro", "rw", "size=1m", "size=1048576", "size=1k", "size=1g", "size=0", "size=50%",
                 "size=101%", "size=0%", "size=abc", "size=-1", "size=1M", "size=1G", "size=1t", "size=1.5m",
                 "size=", "mode=1777", "mode=0700", "mode=700", "mode=8", "mode=17777", "mode=77777",
                 "mode=7777777", "mode=", "mode=-1", "uid=1000", "gid=1000", "uid=x", "uid=-1",
                 "nr_inodes=100", "nr_inodes=1k", "nr_blocks=10", "mpol=default", "mpol=bogus", "huge=never",
                 "huge=bogus", "noexec", "exec", "nosuid", "suid", "nodev", "dev", "sync", "async", "dirsync",
                 "noatime", "atime", "relatime", "strictatime", "nostrictatime", "diratime", "nodiratime",
                 "remount", "mand", "nomand", "bind", "rbind", "private", "shared", "rshared", "slave", "unbindable",
                 "bogus", "bogus=1", "size=1m,size=2m", "mode=700,mode=755", "ro,rw", "rw,ro", "noexec,exec",
                 "size=1m,mode=700,uid=1000,gid=1000,noexec,nosuid,nodev", ",", "ro,", ",ro", " ro", "ro ",
                 "size=1m,", "Size=1m", "NOEXEC", "context=system_u", "tmpfs", "defaults", "nouser", "user",
                 "size=1m:mode=700", "x:y"]:
        t.append("/t" + (":" + opts if opts else ""))
    for target in ["/", "//", "/.", "t", "./t", "", ":", ":size=1m", "/t:", "/t/", "/t/../u", "/bin", "/bin/sh",
                   "/etc/hostname", "/proc", "/dev", "/t y", "/é", "/t,u", "/dev/shm", "/tmp", "/" + "t" * 300]:
        t.append(target)
    return [("--tmpfs", s) for s in _dedupe(t)]


def volumes_from_flag():
    f = []
    for mode in ["", "ro", "rw", "z", "Z", "ro,z", "rw,Z", "nocopy", "shared", "rshared", "private", "rw,ro",
                 "ro,ro", "RO", "r", "bogus", "ro,", ",ro", "consistent", "cached", "delegated", "ro:rw", "ro,nocopy",
                 "z,Z"]:
        f.append("@CTR@" + (":" + mode if mode else ""))
    for s in ["@CTR@:", "", ":", ":ro", "@VOL@nosuchcontainer", "@VOL@nosuchcontainer:ro", "/@CTR@", "@CTR@ ",
              " @CTR@", "@CTR@/", "@CTR@:ro:rw", "-@CTR@", "@CTR@,@CTR@"]:
        f.append(s)
    return [("--volumes-from", s) for s in _dedupe(f)]


def all_specs():
    return volume_flag() + mount_flag() + tmpfs_flag() + volumes_from_flag()


if __name__ == "__main__":
    specs = all_specs()
    by = {}
    for flag, _ in specs:
        by[flag] = by.get(flag, 0) + 1
    print(len(specs), by)
