"""Volume and container steps for record.py steps: scenarios of docker CLI commands, each run in its own sandbox.

A step is an argument list after `docker`. Placeholders: @VOL@ the scenario's 12-character name prefix,
@CTR@ a container name prefix. record.py adds --label volumes4j.recording=<prefix> to every `volume create`
and `create`, --pull never to every `create`, and that label filter to every `volume prune` and `volume ls`
(so a step never sees or touches anything else on the daemon); the replayer does the same.
"""

IMAGE = "volumes4j/busybox:test"


def names():
    out = []
    suffixes = ["", "x", "-", ".", "_", "x.y", "x-y", "x_y", "-x", ".x", "_x", "X", "0", "..", "--", "__",
                "/x", ":x", " x", "x ", "é", "$x", "*", "x\\y", "@x", "+x", "x=y", "x,y", "\tx", "#x",
                "x" * 52, "x" * 243, "x" * 244, "x" * 300]
    for i, s in enumerate(suffixes):
        n = "@VOL@" + s
        out.append(("name %02d" % i, [["volume", "create", n], ["volume", "inspect", n], ["volume", "rm", n],
                                      ["volume", "inspect", n]]))
    for i, n in enumerate(["", "a", "-ab", ".ab", "_ab", "a/b", "é"]):
        out.append(("bare name %02d" % i, [["volume", "create", n]]))
    return out


def recreate():
    v = "@VOL@r"
    return [
        ("recreate same", [["volume", "create", v], ["volume", "create", v], ["volume", "ls", "-q"]]),
        ("recreate labels", [["volume", "create", "--label", "a=1", v], ["volume", "create", "--label", "a=2", v],
                             ["volume", "inspect", v], ["volume", "create", v], ["volume", "inspect", v]]),
        ("recreate opts", [["volume", "create", "--opt", "type=tmpfs", "--opt", "device=tmpfs", v],
                           ["volume", "create", v], ["volume", "create", "--opt", "type=tmpfs", "--opt", "device=tmpfs", v],
                           ["volume", "create", "--opt", "type=tmpfs", "--opt", "device=tmpfs", "--opt", "o=size=1m", v],
                           ["volume", "inspect", v]]),
        ("recreate driver", [["volume", "create", v], ["volume", "create", "--driver", "local", v],
                             ["volume", "create", "--driver", "nope", v], ["volume", "inspect", v]]),
        ("rm twice", [["volume", "create", v], ["volume", "rm", v], ["volume", "rm", v], ["volume", "rm", "-f", v]]),
        ("rm missing", [["volume", "rm", "@VOL@missing"], ["volume", "rm", "-f", "@VOL@missing"],
                        ["volume", "inspect", "@VOL@missing"]]),
    ]


def filters():
    setup = [["volume", "create", "--label", "a=1", "@VOL@a1"], ["volume", "create", "--label", "a=2", "@VOL@a2"],
             ["volume", "create", "--label", "b", "@VOL@b"], ["volume", "create", "--label", "a=1", "--label", "b=x", "@VOL@ab"],
             ["volume", "create", "@VOL@none"], ["volume", "create", "--opt", "type=tmpfs", "--opt", "device=tmpfs", "@VOL@tmp"],
             ["create", "--name", "@CTR@u", "-v", "@VOL@a2:/x", IMAGE, "true"]]
    ls = []
    for f in ["name=@VOL@a", "name=^@VOL@a", "name=a$", "name=@VOL@.*1$", "name=[", "name=", "name=@VOL@A",
              "label=a", "label=a=1", "label=a=3", "label=b", "label=b=", "label=c", "label=a=1=2", "label==1",
              "dangling=true", "dangling=false", "dangling=1", "dangling=0", "dangling=yes", "dangling=",
              "driver=local", "driver=nope", "driver=", "foo=bar", "name"]:
        ls.append(["volume", "ls", "-q", "--filter", f])
    for a, b in [("label=a", "label=b"), ("label=a=1", "label=b"), ("name=@VOL@a1", "name=@VOL@a2"), ("dangling=true", "label=a"),
                 ("dangling=true", "dangling=false"), ("driver=local", "name=@VOL@b"), ("label=a=1", "label=a=2")]:
        ls.append(["volume", "ls", "-q", "--filter", a, "--filter", b])
    return [("list filters", setup + ls)]


def prunes():
    setup = [["volume", "create", "--label", "keep", "@VOL@k"], ["volume", "create", "--label", "keep=no", "@VOL@kn"],
             ["volume", "create", "--label", "tmp=1", "@VOL@t1"], ["volume", "create", "--label", "tmp=2", "@VOL@t2"],
             ["volume", "create", "--label", "keep", "--label", "tmp=1", "@VOL@kt"], ["volume", "create", "@VOL@plain"],
             ["volume", "create", "@VOL@used"], ["create", "--name", "@CTR@u", "-v", "@VOL@used:/x", IMAGE, "true"],
             ["create", "--name", "@CTR@anon", "-v", "/anon", IMAGE, "true"], ["rm", "@CTR@anon"]]
    out = []
    for i, fs in enumerate([[], ["label=keep"], ["label=keep=no"], ["label!=keep"], ["label!=keep=no"],
                            ["label=tmp=1"], ["label!=tmp"], ["label!=tmp=1"], ["label!=keep", "label!=tmp"],
                            ["label=tmp", "label!=keep"], ["label=keep", "label=tmp=1"], ["until=1h"], ["all=true"],
                            ["label=nope"], ["foo=bar"], ["label!="]]):
        cmd = ["volume", "prune", "-f"]
        for f in fs:
            cmd += ["--filter", f]
        out.append(("prune %02d %s" % (i, " ".join(fs) or "none"), setup + [cmd, ["volume", "ls", "-q"]]))
    out.append(("prune all flag", setup + [["volume", "prune", "-f", "-a"], ["volume", "ls", "-q"]]))
    return out


def in_use():
    v = "@VOL@v"
    c = "@CTR@"
    return [
        ("in use by created", [["volume", "create", v], ["create", "--name", c + "1", "-v", v + ":/x", IMAGE, "true"],
                               ["volume", "rm", v], ["volume", "rm", "-f", v], ["volume", "prune", "-f"], ["volume", "ls", "-q"],
                               ["rm", c + "1"], ["volume", "rm", v], ["volume", "ls", "-q"]]),
        ("in use by exited", [["volume", "create", v], ["create", "--name", c + "1", "--mount", "type=volume,src=" + v + ",dst=/x",
                                                          IMAGE, "true"], ["start", "-a", c + "1"], ["volume", "rm", v],
                              ["rm", "-v", c + "1"], ["volume", "ls", "-q"]]),
        ("rm -v keeps named", [["create", "--name", c + "1", "-v", v + ":/x", IMAGE, "true"], ["volume", "ls", "-q"],
                               ["rm", "-v", c + "1"], ["volume", "ls", "-q"]]),
        ("rm without -v keeps anonymous", [["create", "--name", c + "1", "-v", "/x", IMAGE, "true"], ["rm", c + "1"],
                                           ["volume", "prune", "-f"]]),
        ("rm -v removes anonymous", [["create", "--name", c + "1", "-v", "/x", "--mount", "type=volume,dst=/y", IMAGE, "true"],
                                     ["rm", "-v", c + "1"], ["volume", "prune", "-f"]]),
        ("rm missing container", [["rm", c + "nope"], ["rm", "-f", c + "nope"], ["rm", "-v", c + "nope"]]),
    ]


def chains():
    c = "@CTR@"
    out = []
    for kind, spec in [("-v", ["-v", "/x"]), ("--mount", ["--mount", "type=volume,dst=/x"]),
                       ("named", ["-v", "@VOL@n:/x"]), ("tmpfs", ["--tmpfs", "/x"]),
                       ("mount tmpfs", ["--mount", "type=tmpfs,dst=/x"])]:
        base = [["create", "--name", c + "a"] + spec + [IMAGE, "true"],
                ["create", "--name", c + "b", "--volumes-from", c + "a", IMAGE, "true"],
                ["create", "--name", c + "c", "--volumes-from", c + "b", IMAGE, "true"],
                ["create", "--name", c + "d", "--volumes-from", c + "a:ro", "--volumes-from", c + "c", IMAGE, "true"]]
        out.append(("chain %s rm a first" % kind, base + [
            ["volume", "prune", "-f", "--filter", "label=none"], ["rm", "-v", c + "a"], ["volume", "ls", "-q"],
            ["rm", "-v", c + "b"], ["volume", "ls", "-q"], ["rm", "-v", c + "c"], ["volume", "ls", "-q"],
            ["rm", "-v", c + "d"], ["volume", "ls", "-q"]]))
        out.append(("chain %s rm d first" % kind, base + [
            ["rm", "-v", c + "d"], ["volume", "ls", "-q"], ["rm", "-v", c + "c"], ["volume", "ls", "-q"],
            ["rm", "-v", c + "b"], ["volume", "ls", "-q"], ["rm", "-v", c + "a"], ["volume", "ls", "-q"]]))
        out.append(("chain %s started" % kind, base[:2] + [
            ["start", "-a", c + "b"], ["rm", "-v", c + "a"], ["volume", "ls", "-q"], ["rm", "-v", c + "b"],
            ["volume", "ls", "-q"]]))
    return out


def local_driver():
    v = "@VOL@l"
    out = []
    for i, opts in enumerate([["type=tmpfs", "device=tmpfs"], ["type=tmpfs", "device=tmpfs", "o=size=1m,uid=1000"],
                              ["type=tmpfs", "device=tmpfs", "o=bogus"], ["type=tmpfs"], ["device=tmpfs"], ["o=size=1m"],
                              ["foo=bar"], ["type=none", "device=/nonexistent-v4jrec", "o=bind"], ["size=1m"],
                              ["type=tmpfs", "device=tmpfs", "o="], ["type=", "device=tmpfs"]]):
        cmd = ["volume", "create"]
        for o in opts:
            cmd += ["--opt", o]
        out.append(("local %02d %s" % (i, " ".join(opts)), [
            cmd + [v], ["volume", "inspect", v], ["create", "--name", "@CTR@1", "-v", v + ":/x", IMAGE, "true"],
            ["start", "-a", "@CTR@1"], ["rm", "-v", "@CTR@1"], ["volume", "rm", v]]))
    return out


def get(ctr, path):
    return ["api", "GET", "@CTR@" + ctr, "path=" + path]


def copy_up():
    """Copy-up into every kind of volume, read back through the archive endpoint of a created container."""
    v = "@VOL@u"
    c = "@CTR@"
    tmpfs = ["volume", "create", "--opt", "type=tmpfs", "--opt", "device=tmpfs"]
    return [
        ("copy-up named", [["create", "--name", c + "1", "-v", v + ":/etc", IMAGE, "true"], get("1", "/etc/."),
                           ["create", "--name", c + "2", "-v", v + ":/tmp", IMAGE, "true"], get("2", "/tmp/.")]),
        ("copy-up anonymous", [["create", "--name", c + "1", "-v", "/etc", IMAGE, "true"], get("1", "/etc/.")]),
        ("copy-up mount anonymous", [["create", "--name", c + "1", "--mount", "type=volume,dst=/tmp", IMAGE, "true"],
                                     get("1", "/tmp/.")]),
        ("copy-up mount nocopy", [["create", "--name", c + "1", "--mount", "type=volume,src=" + v + ",dst=/etc,volume-nocopy",
                                   IMAGE, "true"], get("1", "/etc/.")]),
        ("copy-up -v nocopy", [["create", "--name", c + "1", "-v", v + ":/etc:nocopy", IMAGE, "true"], get("1", "/etc/.")]),
        ("copy-up read-only", [["create", "--name", c + "1", "-v", v + ":/etc:ro", IMAGE, "true"], get("1", "/etc/.")]),
        ("copy-up missing target", [["create", "--name", c + "1", "-v", v + ":/nowhere", IMAGE, "true"],
                                    get("1", "/nowhere/.")]),
        ("copy-up tmpfs volume", [tmpfs + [v], ["create", "--name", c + "1", "-v", v + ":/etc", IMAGE, "true"],
                                  get("1", "/etc/."), ["api", "PUT", c + "1", "path=/etc", "tar f.txt=x"], get("1", "/etc/.")]),
        ("copy-up tmpfs volume mode", [tmpfs + ["--opt", "o=mode=0750", v],
                                       ["create", "--name", c + "1", "-v", v + ":/etc", IMAGE, "true"], get("1", "/etc/.")]),
    ]


def archive():
    """The archive endpoints (GET, HEAD, PUT) on a created container's volume, with odd paths and bodies."""
    c = "@CTR@1"
    setup = [["create", "--name", c, "-v", "@VOL@a:/x", IMAGE, "true"],
             ["api", "PUT", c, "path=/x", "tar f.txt=hello sub/ sub/g.txt=deep l->f.txt"]]
    paths = ["/x", "/x/", "/x/.", "x", "/x/f.txt", "/x/l", "/x/sub/..", "/x/f.txt/", "", "/nope", "/x/sub/../f.txt",
             "/etc", "/dev"]
    # (not GET /: it lists the image's busybox applets, which differ between busybox builds)
    reads = [["api", "GET", c, "path=" + p] for p in paths] + [["api", "GET", c, ""]]
    heads = [["api", "HEAD", c, "path=" + p] for p in paths + ["/", "/.dockerenv", "/etc/mtab"]] + [["api", "HEAD", c, ""]]
    puts = [["api", "PUT", c, "path=/x", "gz z.txt=gz"], ["api", "PUT", c, "path=/x", "bz2 b.txt=bz"],
            ["api", "PUT", c, "path=/x", "junk"], ["api", "PUT", c, "path=/x", "cut-gz c.txt=cut"],
            ["api", "PUT", c, "path=/x", "empty"], ["api", "PUT", c, "path=/x/nope", "tar n.txt=n"],
            ["api", "PUT", c, "path=/x/f.txt", "tar n.txt=n"], ["api", "PUT", c, "path=", "tar e.txt=e"],
            ["api", "PUT", c, "", "tar e.txt=e"], ["api", "PUT", c, "path=x", "tar r.txt=r"],
            ["api", "PUT", c, "path=/x/l", "tar k.txt=k"], ["api", "GET", c, "path=/x"]]
    return [
        ("archive reads", setup + reads),
        ("archive heads", setup + heads),
        ("archive puts", setup + puts),
        ("archive overwrite", setup + [["api", "PUT", c, "path=/x&noOverwriteDirNonDir=true", "tar sub=file"],
                                       ["api", "PUT", c, "path=/x&noOverwriteDirNonDir=true", "tar f.txt/ f.txt/in=1"],
                                       ["api", "GET", c, "path=/x"], ["api", "PUT", c, "path=/x", "tar sub=file"],
                                       ["api", "GET", c, "path=/x"]]),
        ("archive missing container", [["api", "GET", c, "path=/x"], ["api", "HEAD", c, "path=/x"],
                                       ["api", "PUT", c, "path=/x", "tar f=1"]]),
    ]


def usage():
    """GET /system/df (docker system df -v): sizes and reference counts of the scenario's volumes."""
    v = "@VOL@s"
    c = "@CTR@"
    df = ["system", "df"]
    return [
        ("usage", [["volume", "create", v], df,
                   ["create", "--name", c + "1", "-v", v + ":/x", IMAGE, "true"], df,
                   ["api", "PUT", c + "1", "path=/x", "tar f.txt=hello sub/ sub/g.txt=deep l->f.txt"], df,
                   ["create", "--name", c + "2", "-v", v + ":/y", "-v", "/anon", IMAGE, "true"], df,
                   ["rm", c + "1"], df, ["rm", "-v", c + "2"], df]),
        ("usage with options", [["volume", "create", "--opt", "type=tmpfs", "--opt", "device=tmpfs", v], df,
                                ["create", "--name", c + "1", "-v", v + ":/x", IMAGE, "true"], df]),
        ("usage copy-up", [["create", "--name", c + "1", "-v", v + ":/etc", IMAGE, "true"], df]),
    ]


def all_scenarios():
    return (names() + recreate() + filters() + prunes() + in_use() + chains() + local_driver() + copy_up()
            + archive() + usage())
