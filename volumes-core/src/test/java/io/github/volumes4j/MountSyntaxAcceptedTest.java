package io.github.volumes4j;

import static io.github.volumes4j.MountDescriber.describe;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Specs Docker accepts: what each one means, and that every syntax that can express it writes it back. */
class MountSyntaxAcceptedTest {

  static final ParseOptions OPTIONS = ParseOptions.builder().baseDirectory("/home/ann/app").build();

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '\u0000', textBlock = """
      -v       | /data                                   | volume name=<anon> dst=/data
      -v       | /data/                                  | volume name=<anon> dst=/data/
      --volume | /var/lib/x                              | volume name=<anon> dst=/var/lib/x
      -v       | data                                    | volume name=<anon> dst=data
      -v       | ab                                      | volume name=<anon> dst=ab
      -v       | ./x                                     | volume name=<anon> dst=./x
      -v       | ~/x                                     | volume name=<anon> dst=~/x
      -v       | a:/x                                    | volume name=<anon> dst=a:/x
      -v       | Z:                                      | volume name=<anon> dst=Z:
      -v       | ::                                      | volume name=<anon> dst=::
      -v       | pgdata:/data                            | volume name=pgdata dst=/data
      -v       | pgdata:/data:ro                         | volume name=pgdata dst=/data ro
      -v       | pgdata:/data:rw                         | volume name=pgdata dst=/data
      -v       | pgdata:/data:nocopy                     | volume name=pgdata dst=/data nocopy
      -v       | pgdata:/data:ro,nocopy                  | volume name=pgdata dst=/data ro nocopy
      -v       | pgdata:/data:nocopy,ro                  | volume name=pgdata dst=/data ro nocopy
      -v       | pgdata:/data:z                          | volume name=pgdata dst=/data z
      -v       | pgdata:/data:Z                          | volume name=pgdata dst=/data Z
      -v       | pgdata:/data:Z,ro                       | volume name=pgdata dst=/data ro Z
      -v       | pgdata:/data:consistent                 | volume name=pgdata dst=/data cons=consistent
      -v       | pgdata:/data:cached                     | volume name=pgdata dst=/data cons=cached
      -v       | pgdata:/data:delegated                  | volume name=pgdata dst=/data cons=delegated
      -v       | pgdata:/data:ro,z,nocopy,cached         | volume name=pgdata dst=/data ro nocopy z cons=cached
      -v       | a1:/data                                | volume name=a1 dst=/data
      -v       | my_vol.1-x:/data                        | volume name=my_vol.1-x dst=/data
      -v       | 0vol:/data                              | volume name=0vol dst=/data
      -v       | pgdata:/data/./x/                       | volume name=pgdata dst=/data/./x/
      -v       | /srv/app:/app                           | bind src=/srv/app dst=/app create
      -v       | /srv/app:/app:ro                        | bind src=/srv/app dst=/app ro create
      -v       | /srv/app:/app:rw                        | bind src=/srv/app dst=/app create
      -v       | /srv/app:/app:z                         | bind src=/srv/app dst=/app z create
      -v       | /srv/app:/app:Z                         | bind src=/srv/app dst=/app Z create
      -v       | /srv/app:/app:private                   | bind src=/srv/app dst=/app prop=private create
      -v       | /srv/app:/app:rprivate                  | bind src=/srv/app dst=/app prop=rprivate create
      -v       | /srv/app:/app:shared                    | bind src=/srv/app dst=/app prop=shared create
      -v       | /srv/app:/app:rshared                   | bind src=/srv/app dst=/app prop=rshared create
      -v       | /srv/app:/app:slave                     | bind src=/srv/app dst=/app prop=slave create
      -v       | /srv/app:/app:rslave                    | bind src=/srv/app dst=/app prop=rslave create
      -v       | /srv/app:/app:ro,rshared                | bind src=/srv/app dst=/app ro prop=rshared create
      -v       | /srv/app:/app:rshared,ro,Z,delegated    | bind src=/srv/app dst=/app ro Z prop=rshared create cons=delegated
      -v       | /srv/app:/app:consistent                | bind src=/srv/app dst=/app create cons=consistent
      -v       | /srv/app:/app:cached                    | bind src=/srv/app dst=/app create cons=cached
      -v       | /:/host                                 | bind src=/ dst=/host create
      -v       | /srv//app/:/app                         | bind src=/srv//app/ dst=/app create
      -v       | ./src:/app/src                          | bind src=/home/ann/app/src dst=/app/src create
      -v       | ./src:/app/src:ro                       | bind src=/home/ann/app/src dst=/app/src ro create
      -v       | .:/app                                  | bind src=/home/ann/app dst=/app create
      -v       | ..:/app                                 | bind src=/home/ann dst=/app create
      -v       | ../lib:/lib2                            | bind src=/home/ann/lib dst=/lib2 create
      -v       | .cache:/cache                           | bind src=/home/ann/app/.cache dst=/cache create
      -v       | ./a/../b/:/b                            | bind src=/home/ann/app/b dst=/b create
      -v       | ../../../../x:/x                        | bind src=/x dst=/x create
      --volume | /etc/hosts:/etc/hosts:ro                | bind src=/etc/hosts dst=/etc/hosts ro create
      --mount  | type=volume,target=/data                | volume name=<anon> dst=/data
      --mount  | target=/data                            | volume name=<anon> dst=/data
      --mount  | type=volume,source=pgdata,target=/data  | volume name=pgdata dst=/data
      --mount  | type=volume,src=pgdata,dst=/data        | volume name=pgdata dst=/data
      --mount  | type=volume,src=pgdata,destination=/data | volume name=pgdata dst=/data
      --mount  | src=pgdata,target=/data,readonly        | volume name=pgdata dst=/data ro
      --mount  | src=pgdata,target=/data,ro              | volume name=pgdata dst=/data ro
      --mount  | src=pgdata,target=/data,readonly=true   | volume name=pgdata dst=/data ro
      --mount  | src=pgdata,target=/data,readonly=1      | volume name=pgdata dst=/data ro
      --mount  | src=pgdata,target=/data,readonly=t      | volume name=pgdata dst=/data ro
      --mount  | src=pgdata,target=/data,readonly=T      | volume name=pgdata dst=/data ro
      --mount  | src=pgdata,target=/data,readonly=TRUE   | volume name=pgdata dst=/data ro
      --mount  | src=pgdata,target=/data,readonly=True   | volume name=pgdata dst=/data ro
      --mount  | src=pgdata,target=/data,ro=true         | volume name=pgdata dst=/data ro
      --mount  | src=pgdata,target=/data,readonly=false  | volume name=pgdata dst=/data
      --mount  | src=pgdata,target=/data,readonly=0      | volume name=pgdata dst=/data
      --mount  | src=pgdata,target=/data,readonly=f      | volume name=pgdata dst=/data
      --mount  | src=pgdata,target=/data,readonly=F      | volume name=pgdata dst=/data
      --mount  | src=pgdata,target=/data,readonly=FALSE  | volume name=pgdata dst=/data
      --mount  | src=pgdata,target=/data,readonly=False  | volume name=pgdata dst=/data
      --mount  | src=pgdata,target=/data,ro,ro=false     | volume name=pgdata dst=/data
      --mount  | src=pgdata,target=/data,volume-nocopy   | volume name=pgdata dst=/data nocopy
      --mount  | src=pgdata,target=/data,volume-nocopy=true | volume name=pgdata dst=/data nocopy
      --mount  | src=pgdata,target=/data,volume-nocopy=false | volume name=pgdata dst=/data
      --mount  | target=/data,volume-nocopy             | volume name=<anon> dst=/data nocopy
      --mount  | src=pgdata,target=/data,volume-subpath=app/conf | volume name=pgdata dst=/data sub=app/conf
      --mount  | src=pgdata,target=/data,volume-subpath=a/../b | volume name=pgdata dst=/data sub=a/../b
      --mount  | src=pgdata,target=/data,volume-subpath= | volume name=pgdata dst=/data
      --mount  | src=pgdata,target=/data,volume-driver=local | volume name=pgdata dst=/data drv=local
      --mount  | src=p:g/data,target=/data,volume-driver=rexray | volume name=p:g/data dst=/data drv=rexray
      --mount  | src=pgdata,target=/data,volume-driver=  | volume name=pgdata dst=/data
      --mount  | src=pgdata,target=/data,volume-label=team=infra | volume name=pgdata dst=/data lbl={team=infra}
      --mount  | src=pgdata,target=/data,volume-label=team | volume name=pgdata dst=/data lbl={team=}
      --mount  | src=pgdata,target=/data,volume-label=a=b=c | volume name=pgdata dst=/data lbl={a=b=c}
      --mount  | src=pgdata,target=/data,volume-label=a=1,volume-label=a=2 | volume name=pgdata dst=/data lbl={a=2}
      --mount  | src=pgdata,target=/data,volume-label==x | volume name=pgdata dst=/data
      --mount  | src=pgdata,target=/data,volume-opt=type=tmpfs,volume-opt=device=tmpfs | volume name=pgdata dst=/data opt={type=tmpfs, device=tmpfs}
      --mount  | src=pgdata,target=/data,"volume-opt=o=addr=10.0.0.1,rw" | volume name=pgdata dst=/data opt={o=addr=10.0.0.1,rw}
      --mount  | src=pgdata,target=/data,"volume-opt=o=say ""hi""\" | volume name=pgdata dst=/data opt={o=say "hi"}
      --mount  | src=pgdata,target=/data,volume-opt==x   | volume name=pgdata dst=/data
      --mount  | src=pgdata,target=/data,volume-opt=flag | volume name=pgdata dst=/data opt={flag=}
      --mount  | "type=volume","src=pgdata","target=/data" | volume name=pgdata dst=/data
      --mount  | src=pgdata,target=/data,consistency=cached | volume name=pgdata dst=/data cons=cached
      --mount  | src=pgdata,target=/data,consistency=CACHED | volume name=pgdata dst=/data cons=cached
      --mount  | src=pgdata,target=/data,consistency=default | volume name=pgdata dst=/data cons=default
      --mount  | src=pgdata,target=/data,consistency=consistent | volume name=pgdata dst=/data cons=consistent
      --mount  | src=pgdata,target=/data,consistency=delegated | volume name=pgdata dst=/data cons=delegated
      --mount  | src=pgdata,target=/data,consistency=    | volume name=pgdata dst=/data
      --mount  | TYPE=volume,SRC=pgdata,Target=/data,READONLY | volume name=pgdata dst=/data ro
      --mount  | type=VOLUME,src=pgdata,target=/data     | volume name=pgdata dst=/data
      --mount  | type=volume,src=/srv,target=/data,type=bind | bind src=/srv dst=/data
      --mount  | type=volume,src=,target=/data           | volume name=<anon> dst=/data
      --mount  | type=bind,source=/srv/app,target=/app   | bind src=/srv/app dst=/app
      --mount  | type=bind,src=/srv/app,dst=/app,readonly | bind src=/srv/app dst=/app ro
      --mount  | type=bind,src=/srv/app,dst=/app,bind-propagation=private | bind src=/srv/app dst=/app prop=private
      --mount  | type=bind,src=/srv/app,dst=/app,bind-propagation=rprivate | bind src=/srv/app dst=/app prop=rprivate
      --mount  | type=bind,src=/srv/app,dst=/app,bind-propagation=shared | bind src=/srv/app dst=/app prop=shared
      --mount  | type=bind,src=/srv/app,dst=/app,bind-propagation=rshared | bind src=/srv/app dst=/app prop=rshared
      --mount  | type=bind,src=/srv/app,dst=/app,bind-propagation=slave | bind src=/srv/app dst=/app prop=slave
      --mount  | type=bind,src=/srv/app,dst=/app,bind-propagation=rslave | bind src=/srv/app dst=/app prop=rslave
      --mount  | type=bind,src=/srv/app,dst=/app,bind-propagation=RSLAVE | bind src=/srv/app dst=/app prop=rslave
      --mount  | type=bind,src=/srv/app,dst=/app,bind-propagation= | bind src=/srv/app dst=/app
      --mount  | type=bind,src=/srv/app,dst=/app,bind-recursive=enabled | bind src=/srv/app dst=/app
      --mount  | type=bind,src=/srv/app,dst=/app,bind-recursive=disabled | bind src=/srv/app dst=/app rec=disabled
      --mount  | type=bind,src=/srv/app,dst=/app,ro,bind-recursive=writable | bind src=/srv/app dst=/app ro rec=writable
      --mount  | type=bind,src=/srv/app,dst=/app,ro,bind-recursive=readonly,bind-propagation=rprivate | bind src=/srv/app dst=/app ro prop=rprivate rec=readonly
      --mount  | type=bind,src=/srv/app,dst=/app,bind-nonrecursive | bind src=/srv/app dst=/app rec=disabled
      --mount  | type=bind,src=/srv/app,dst=/app,bind-nonrecursive=true | bind src=/srv/app dst=/app rec=disabled
      --mount  | type=bind,src=/srv/app,dst=/app,bind-nonrecursive=false | bind src=/srv/app dst=/app
      --mount  | type=bind,src=/srv/app,dst=/app,bind-create-src=true | bind src=/srv/app dst=/app create
      --mount  | type=bind,src=/srv/app,dst=/app,bind-create-src=0 | bind src=/srv/app dst=/app
      --mount  | type=bind,src=/srv/app,dst=/app,consistency=delegated | bind src=/srv/app dst=/app cons=delegated
      --mount  | type=bind,src=./src,dst=/app             | bind src=/home/ann/app/src dst=/app
      --mount  | type=bind,src=.,dst=/app                 | bind src=/home/ann/app dst=/app
      --mount  | type=bind,src=../x,dst=/app              | bind src=/home/ann/x dst=/app
      --mount  | type=bind,src=/a b/c,dst=/my dir         | bind src=/a b/c dst=/my dir
      --mount  | type=bind,"src=/a,b",dst=/c              | bind src=/a,b dst=/c
      --mount  | type=bind,src=/a:b,dst=/c:d              | bind src=/a:b dst=/c:d
      --mount  | type=bind,src=/a=b,dst=/c                | bind src=/a=b dst=/c
      --mount  | type=tmpfs,target=/run                   | tmpfs dst=/run
      --mount  | type=tmpfs,dst=/run,readonly             | tmpfs dst=/run ro
      --mount  | type=tmpfs,dst=/run,tmpfs-size=67108864  | tmpfs dst=/run size=67108864
      --mount  | type=tmpfs,dst=/run,tmpfs-size=64m       | tmpfs dst=/run size=67108864
      --mount  | type=tmpfs,dst=/run,tmpfs-size=64M       | tmpfs dst=/run size=67108864
      --mount  | type=tmpfs,dst=/run,tmpfs-size=64MB      | tmpfs dst=/run size=67108864
      --mount  | type=tmpfs,dst=/run,tmpfs-size=64MiB     | tmpfs dst=/run size=67108864
      --mount  | type=tmpfs,dst=/run,tmpfs-size=64 MiB    | tmpfs dst=/run size=67108864
      --mount  | type=tmpfs,dst=/run,tmpfs-size=64k       | tmpfs dst=/run size=65536
      --mount  | type=tmpfs,dst=/run,tmpfs-size=64kb      | tmpfs dst=/run size=65536
      --mount  | type=tmpfs,dst=/run,tmpfs-size=1g        | tmpfs dst=/run size=1073741824
      --mount  | type=tmpfs,dst=/run,tmpfs-size=1.5m      | tmpfs dst=/run size=1572864
      --mount  | type=tmpfs,dst=/run,tmpfs-size=1t        | tmpfs dst=/run size=1099511627776
      --mount  | type=tmpfs,dst=/run,tmpfs-size=1p        | tmpfs dst=/run size=1125899906842624
      --mount  | type=tmpfs,dst=/run,tmpfs-size=100b      | tmpfs dst=/run size=100
      --mount  | type=tmpfs,dst=/run,tmpfs-size=1e3       | tmpfs dst=/run size=1000
      --mount  | type=tmpfs,dst=/run,tmpfs-size=0         | tmpfs dst=/run
      --mount  | type=tmpfs,dst=/run,tmpfs-mode=1777      | tmpfs dst=/run mode=1777
      --mount  | type=tmpfs,dst=/run,tmpfs-mode=01777     | tmpfs dst=/run mode=1777
      --mount  | type=tmpfs,dst=/run,tmpfs-mode=700       | tmpfs dst=/run mode=700
      --mount  | type=tmpfs,dst=/run,tmpfs-mode=0         | tmpfs dst=/run
      --mount  | type=tmpfs,dst=/run,readonly,tmpfs-size=1g,tmpfs-mode=700 | tmpfs dst=/run ro size=1073741824 mode=700
      --mount  | type=tmpfs,dst=/run,consistency=cached   | tmpfs dst=/run cons=cached
      --mount  | "type=tmpfs","dst=/run"                  | tmpfs dst=/run
      --mount  | type=tmpfs,dst=/run,src=                 | tmpfs dst=/run
      --tmpfs  | /run                                     | tmpfs dst=/run
      --tmpfs  | /run:                                    | tmpfs dst=/run
      --tmpfs  | /run:ro                                  | tmpfs dst=/run ro
      --tmpfs  | /run:rw                                  | tmpfs dst=/run
      --tmpfs  | /run:ro,rw                               | tmpfs dst=/run
      --tmpfs  | /run:rw,ro                               | tmpfs dst=/run ro
      --tmpfs  | /run:size=64m                            | tmpfs dst=/run size=67108864
      --tmpfs  | /run:size=64M                            | tmpfs dst=/run size=67108864
      --tmpfs  | /run:size=65536k                         | tmpfs dst=/run size=67108864
      --tmpfs  | /run:size=1g                             | tmpfs dst=/run size=1073741824
      --tmpfs  | /run:size=4096                           | tmpfs dst=/run size=4096
      --tmpfs  | /run:size=0x1000                         | tmpfs dst=/run size=4096
      --tmpfs  | /run:size=010                            | tmpfs dst=/run size=8
      --tmpfs  | /run:size=50%                            | tmpfs dst=/run opts=size=50%
      --tmpfs  | /run:size=0                              | tmpfs dst=/run opts=size=0
      --tmpfs  | /run:size=1m,size=2m                     | tmpfs dst=/run size=2097152
      --tmpfs  | /run:size=50%,size=2m                    | tmpfs dst=/run size=2097152
      --tmpfs  | /run:mode=1777                           | tmpfs dst=/run mode=1777
      --tmpfs  | /run:mode=0700                           | tmpfs dst=/run mode=700
      --tmpfs  | /run:mode=0                              | tmpfs dst=/run mode=0
      --tmpfs  | /run:noexec                              | tmpfs dst=/run opts=noexec
      --tmpfs  | /run:exec                                | tmpfs dst=/run opts=exec
      --tmpfs  | /run:nosuid,nodev                        | tmpfs dst=/run opts=nosuid;nodev
      --tmpfs  | /run:rw,noexec,nosuid,size=65536k,mode=1777 | tmpfs dst=/run size=67108864 mode=1777 opts=noexec;nosuid
      --tmpfs  | /run:uid=1000,gid=1000                   | tmpfs dst=/run opts=uid=1000;gid=1000
      --tmpfs  | /run:nr_inodes=1k                        | tmpfs dst=/run opts=nr_inodes=1k
      --tmpfs  | /run:nr_blocks=100                       | tmpfs dst=/run opts=nr_blocks=100
      --tmpfs  | /run:mpol=bind:0                         | tmpfs dst=/run opts=mpol=bind:0
      --tmpfs  | /run:sync,dirsync,noatime,nodiratime     | tmpfs dst=/run opts=sync;dirsync;noatime;nodiratime
      --tmpfs  | /run:suid,dev,async,atime,diratime       | tmpfs dst=/run opts=suid;dev;async;atime;diratime
      --tmpfs  | /run:relatime,norelatime,strictatime,nostrictatime | tmpfs dst=/run opts=relatime;norelatime;strictatime;nostrictatime
      --tmpfs  | /run:mand,nomand,defaults                | tmpfs dst=/run opts=mand;nomand;defaults
      --tmpfs  | /run:private,rprivate,shared,rshared,slave,rslave | tmpfs dst=/run opts=private;rprivate;shared;rshared;slave;rslave
      --tmpfs  | /run:unbindable,runbindable              | tmpfs dst=/run opts=unbindable;runbindable
      --tmpfs  | /run/x/:ro                               | tmpfs dst=/run/x/ ro
      """)
  void accepted(String flag, String input, String expected) {
    MountSpec m = MountSyntax.ofFlag(flag).parse(input, OPTIONS);
    assertThat(describe(m)).isEqualTo(expected);
    for (String f : new String[] {"-v", "--mount", "--tmpfs"}) {
      if (MountSyntax.ofFlag(f).canWrite(m)) {
        MountSpec back = MountSyntax.ofFlag(f).parse(MountSyntax.ofFlag(f).format(m), OPTIONS);
        MountSpec expectedBack = f.equals("-v") && m instanceof BindMount b ? b.withCreateMountpoint(true) : m;
        assertThat(back).as("%s %s written as %s", flag, input, MountSyntax.ofFlag(f).format(m)).isEqualTo(expectedBack);
      }
    }
  }
}
