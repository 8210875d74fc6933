package io.github.volumes4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Specs Docker refuses (or this model cannot hold): Docker's words, the offending token and its position. */
class MountSyntaxRejectedTest {

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '\u0000', nullValues = "<none>", textBlock = """
      -v      | <empty>                        | invalid empty volume spec                           | <empty>     | 0
      -v      | /foo:ro                        | invalid volume specification: '/foo:ro'             | ro          | 5
      -v      | /foo:rw                        | invalid volume specification: '/foo:rw'             | rw          | 5
      -v      | /foo:z                         | invalid volume specification: '/foo:z'              | z           | 5
      -v      | /foo:nocopy                    | invalid volume specification: '/foo:nocopy'         | nocopy      | 5
      -v      | /foo:rshared                   | invalid volume specification: '/foo:rshared'        | rshared     | 5
      -v      | /foo:ro,z                      | invalid volume specification: '/foo:ro,z'           | ro,z        | 5
      -v      | :/x                            | empty section between colons                        | :           | 0
      -v      | /a:                            | empty section between colons                        | :           | 2
      -v      | /a::ro                         | empty section between colons                        | :           | 3
      -v      | /a:/b:                         | empty section between colons                        | :           | 5
      -v      | /a:/b:c:d                      | invalid volume specification: '/a:/b:c:d'           | d           | 7
      -v      | vol:/b:ro:extra                | invalid volume specification: 'vol:/b:ro:extra'     | extra       | 9
      -v      | .                              | over the container's root '/'                      | .           | 0
      -v      | ./                             | over the container's root '/'                      | ./          | 0
      -v      | /a:/x:rw,ro                    | invalid mode: rw,ro                                 | rw,ro       | 6
      -v      | /a:/x:ro,ro                    | invalid mode: ro,ro                                 | ro,ro       | 6
      -v      | /a:/x:z,Z                      | invalid mode: z,Z                                   | z,Z         | 6
      -v      | /a:/x:shared,slave             | invalid mode: shared,slave                          | shared,slave | 6
      -v      | vol:/x:nocopy,nocopy           | invalid mode: nocopy,nocopy                         | nocopy,nocopy | 7
      -v      | vol:/x:cached,delegated        | invalid mode: cached,delegated                      | cached,delegated | 7
      -v      | /a:/x:default                  | invalid mode: default                               | default     | 6
      -v      | /a:/x:RO                       | invalid mode: RO                                    | RO          | 6
      -v      | /a:/x:ro,                      | invalid mode: ro,                                   | ro,         | 6
      -v      | /a:/x:,ro                      | invalid mode: ,ro                                   | ,ro         | 6
      -v      | /a:/x:bogus                    | invalid mode: bogus                                 | bogus       | 6
      -v      | /a:/x:copy                     | invalid mode: copy                                  | copy        | 6
      -v      | /a:/x: ro                      | invalid mode:  ro                                   | ' ro'       | 6
      -v      | /a:/x:nocopy                   | field VolumeOptions must not be specified           | nocopy      | 6
      -v      | /a:/x:ro,nocopy                | field VolumeOptions must not be specified           | nocopy      | 9
      -v      | vol:/x:rshared                 | field BindOptions must not be specified             | rshared     | 7
      -v      | vol:/x:ro,private              | field BindOptions must not be specified             | private     | 10
      -v      | vol:/x:rslave                  | field BindOptions must not be specified             | rslave      | 7
      -v      | vol:/                          | destination can't be '/'                            | /           | 4
      -v      | /a:/                           | destination can't be '/'                            | /           | 3
      -v      | /a://                          | destination can't be '/'                            | //          | 3
      -v      | /a:/x/..                       | destination can't be '/'                            | /x/..       | 3
      -v      | /a:/x/../..                    | destination can't be '/'                            | /x/../..    | 3
      -v      | /                              | destination can't be '/'                            | /           | 0
      -v      | /a:x                           | invalid mount path: 'x' mount path must be absolute | x           | 3
      -v      | vol:data                       | invalid mount path: 'data' mount path must be absolute | data     | 4
      -v      | vol:./x                        | invalid mount path: './x' mount path must be absolute | ./x       | 4
      -v      | C:\\data:/data                 | starts with a drive letter                          | C:\\data    | 0
      -v      | c:/data:/data                  | starts with a drive letter                          | c:/data     | 0
      -v      | ~/x:/y                         | "~/x" includes invalid characters for a local volume name | ~/x   | 0
      -v      | my vol:/y                      | includes invalid characters for a local volume name | my vol      | 0
      -v      | _vol:/y                        | includes invalid characters for a local volume name | _vol        | 0
      -v      | -vol:/y                        | includes invalid characters for a local volume name | -vol        | 0
      -v      | vol$:/y                        | includes invalid characters for a local volume name | vol$        | 0
      -v      | vol/sub:/y                     | includes invalid characters for a local volume name | vol/sub     | 0
      -v      | ümlaut:/y                      | includes invalid characters for a local volume name | ümlaut      | 0
      -v      | x:y:z                          | starts with a drive letter                          | x:y         | 0
      --mount | <empty>                        | EOF                                                 | <empty>     | 0
      --mount | type=volume                    | target is required                                  | <empty>     | 11
      --mount | type=volume,src=vol            | target is required                                  | <empty>     | 19
      --mount | type=volume,target=            | target is required                                  | <empty>     | 19
      --mount | type=,target=/x                | type is required                                    | type=       | 0
      --mount | type=volume,target=/x, readonly | invalid field ' readonly' must be a key=value pair | ' readonly' | 22
      --mount | type=volume,target=/x,         | invalid field '' must be a key=value pair           | <empty>     | 22
      --mount | ,type=volume,target=/x         | invalid field '' must be a key=value pair           | <empty>     | 0
      --mount | type=volume,target=/x,foo      | invalid field 'foo' must be a key=value pair        | foo         | 22
      --mount | type=volume,target=/x,type     | invalid field 'type' must be a key=value pair       | type        | 22
      --mount | type=volume,target=/x,source   | invalid field 'source' must be a key=value pair     | source      | 22
      --mount | type=volume,target=/x,volume-subpath | invalid field 'volume-subpath' must be a key=value pair | volume-subpath | 22
      --mount | type=volume,target=/x,foo=bar  | unexpected key 'foo' in 'foo=bar'                   | foo=bar     | 22
      --mount | type=volume,target=/x,tmpfs-options=noexec | unexpected key 'tmpfs-options'          | tmpfs-options=noexec | 22
      --mount | type=volume,target=/x,bind=x   | unexpected key 'bind'                               | bind=x      | 22
      --mount | type=volume,target=/x,Foo=bar  | unexpected key 'foo' in 'Foo=bar'                   | Foo=bar     | 22
      --mount | type=volume,target=/x,readonly=yes | invalid value for readonly: yes                 | readonly=yes | 22
      --mount | type=volume,target=/x,ro=on    | invalid value for ro: on                            | ro=on       | 22
      --mount | type=volume,target=/x,readonly= | invalid value for readonly:                        | readonly=   | 22
      --mount | type=volume,target=/x,readonly= true | invalid value for readonly:  true              | 'readonly= true' | 22
      --mount | src=v1,target=/x,volume-nocopy=2 | invalid value for volume-nocopy: 2                | volume-nocopy=2 | 17
      --mount | type=bind,src=/a,target=/x,bind-nonrecursive=maybe | invalid value for bind-nonrecursive: maybe | bind-nonrecursive=maybe | 27
      --mount | type=bind,src=/a,target=/x,bind-create-src=yes | invalid value for bind-create-src: yes | bind-create-src=yes | 27
      --mount | type=bind,src=/a,target=/x,bind-recursive=true | invalid value for bind-recursive: true (must be "enabled", "disabled", "writable", or "readonly") | bind-recursive=true | 27
      --mount | type=bind,src=/a,target=/x,bind-recursive=Enabled | invalid value for bind-recursive: Enabled | bind-recursive=Enabled | 27
      --mount | type=bind,src=/a,target=/x,bind-recursive= | invalid value for bind-recursive:      | bind-recursive= | 27
      --mount | type=bind,src=/a,target=/x,bind-recursive=writable | option 'bind-recursive=writable' requires 'readonly' to be specified in conjunction | bind-recursive | 27
      --mount | type=bind,src=/a,target=/x,bind-recursive=readonly | option 'bind-recursive=readonly' requires 'readonly' to be specified in conjunction | bind-recursive | 27
      --mount | type=bind,src=/a,target=/x,ro,bind-recursive=readonly | option 'bind-recursive=readonly' requires 'bind-propagation=rprivate' to be specified in conjunction | bind-recursive | 30
      --mount | type=bind,src=/a,target=/x,ro,bind-recursive=readonly,bind-propagation=rshared | requires 'bind-propagation=rprivate' | bind-recursive | 30
      --mount | type=bind,src=/a,target=/x,ro,bind-recursive=writable,bind-nonrecursive | contradict each other | bind-nonrecursive | 54
      --mount | type=tmpfs,target=/x,tmpfs-size=abc | invalid value for tmpfs-size: abc               | tmpfs-size=abc | 21
      --mount | type=tmpfs,target=/x,tmpfs-size=1.2.3 | invalid value for tmpfs-size: 1.2.3           | tmpfs-size=1.2.3 | 21
      --mount | type=tmpfs,target=/x,tmpfs-size=-1 | invalid value for tmpfs-size: -1                | tmpfs-size=-1 | 21
      --mount | type=tmpfs,target=/x,tmpfs-size=64q | invalid value for tmpfs-size: 64q               | tmpfs-size=64q | 21
      --mount | type=tmpfs,target=/x,tmpfs-size=64mbb | invalid value for tmpfs-size: 64mbb           | tmpfs-size=64mbb | 21
      --mount | type=tmpfs,target=/x,tmpfs-size=64kib2 | invalid value for tmpfs-size: 64kib2         | tmpfs-size=64kib2 | 21
      --mount | type=tmpfs,target=/x,tmpfs-size=m | invalid value for tmpfs-size: m                   | tmpfs-size=m | 21
      --mount | type=tmpfs,target=/x,tmpfs-size=1e30 | invalid value for tmpfs-size: 1e30             | tmpfs-size=1e30 | 21
      --mount | type=tmpfs,target=/x,tmpfs-size= | invalid value for tmpfs-size:                     | tmpfs-size= | 21
      --mount | type=tmpfs,target=/x,tmpfs-mode=8 | invalid value for tmpfs-mode: 8                  | tmpfs-mode=8 | 21
      --mount | type=tmpfs,target=/x,tmpfs-mode=0o755 | invalid value for tmpfs-mode: 0o755          | tmpfs-mode=0o755 | 21
      --mount | type=tmpfs,target=/x,tmpfs-mode=-1 | invalid value for tmpfs-mode: -1                | tmpfs-mode=-1 | 21
      --mount | type=tmpfs,target=/x,tmpfs-mode=rwx | invalid value for tmpfs-mode: rwx              | tmpfs-mode=rwx | 21
      --mount | type=tmpfs,target=/x,tmpfs-mode= | invalid value for tmpfs-mode:                     | tmpfs-mode= | 21
      --mount | type=tmpfs,target=/x,tmpfs-mode=77777777777 | invalid value for tmpfs-mode: 77777777777 | tmpfs-mode=77777777777 | 21
      --mount | type=bind,src=/a,target=/x,volume-nocopy | cannot mix 'volume-*' options with mount type 'bind' | volume-nocopy | 27
      --mount | type=tmpfs,target=/x,volume-label=a=b | cannot mix 'volume-*' options with mount type 'tmpfs' | volume-label | 21
      --mount | type=bind,src=/a,target=/x,volume-driver=local | cannot mix 'volume-*' options with mount type 'bind' | volume-driver | 27
      --mount | type=bind,src=/a,target=/x,volume-opt=a=b | cannot mix 'volume-*' options with mount type 'bind' | volume-opt | 27
      --mount | type=bind,src=/a,target=/x,volume-subpath=a | cannot mix 'volume-*' options with mount type 'bind' | volume-subpath | 27
      --mount | type=volume,target=/x,bind-propagation=shared | cannot mix 'bind-*' options with mount type 'volume' | bind-propagation | 22
      --mount | type=tmpfs,target=/x,bind-recursive=disabled | cannot mix 'bind-*' options with mount type 'tmpfs' | bind-recursive | 21
      --mount | type=volume,target=/x,bind-nonrecursive | cannot mix 'bind-*' options with mount type 'volume' | bind-nonrecursive | 22
      --mount | type=volume,target=/x,bind-create-src=true | cannot mix 'bind-*' options with mount type 'volume' | bind-create-src | 22
      --mount | type=volume,target=/x,tmpfs-size=1 | cannot mix 'tmpfs-*' options with mount type 'volume' | tmpfs-size | 22
      --mount | type=bind,src=/a,target=/x,tmpfs-mode=700 | cannot mix 'tmpfs-*' options with mount type 'bind' | tmpfs-mode | 27
      --mount | type=volume,target=/x,image-subpath=a | cannot mix 'image-*' options with mount type 'volume' | image-subpath | 22
      --mount | type=image,src=busybox,target=/x | image mounts (Engine API 1.48) are not modelled     | type=image  | 0
      --mount | type=npipe,src=\\\\.\\pipe\\x,target=/x | named pipes exist only on Windows            | type=npipe  | 0
      --mount | type=cluster,src=v,target=/x   | cluster volumes (Swarm CSI) are not modelled        | type=cluster | 0
      --mount | type=foo,target=/x             | invalid mount config for type "foo": mount type unknown | type=foo | 0
      --mount | type=,target=/x,type=nfs       | invalid mount config for type "nfs": mount type unknown | type=nfs | 16
      --mount | type=bind,src=/a,target=/x,bind-propagation=foo | invalid propagation mode: foo        | bind-propagation=foo | 27
      --mount | type=bind,src=/a,target=/x,bind-propagation=rprivate2 | invalid propagation mode: rprivate2 | bind-propagation=rprivate2 | 27
      --mount | type=bind,target=/x            | invalid mount config for type "bind": field Source must not be empty | <empty> | 0
      --mount | type=bind,src=,target=/x       | invalid mount config for type "bind": field Source must not be empty | <empty> | 14
      --mount | type=bind,src=relative,target=/x | invalid mount config for type "bind": invalid mount path: 'relative' mount path must be absolute | relative | 14
      --mount | type=bind,src=~/x,target=/x    | invalid mount path: '~/x' mount path must be absolute | ~/x       | 14
      --mount | type=tmpfs,src=a,target=/x     | invalid mount config for type "tmpfs": field Source must not be specified | a | 15
      --mount | type=tmpfs,src=/tmp,target=/x  | field Source must not be specified                  | /tmp        | 15
      --mount | type=volume,target=/x,ro       | must not set ReadOnly mode when using anonymous volumes | /x | 19
      --mount | type=volume,target=/x,readonly=TRUE | must not set ReadOnly mode when using anonymous volumes | /x | 19
      --mount | type=volume,target=/x,volume-subpath=a | must not set Subpath when using anonymous volumes | /x | 19
      --mount | type=volume,src=v1,target=/x,volume-subpath=/abs | subpath must be a relative path within the volume | /abs | 44
      --mount | type=volume,src=v1,target=/x,volume-subpath=../up | subpath must be a relative path within the volume | ../up | 44
      --mount | type=volume,src=v1,target=/x,volume-subpath=a/../../b | subpath must be a relative path within the volume | a/../../b | 44
      --mount | type=volume,src=a,target=/x    | create a: volume name is too short, names should be at least two alphanumeric characters | a | 16
      --mount | type=volume,src=.vv,target=/x  | "/home/ann/app/.vv" includes invalid characters for a local volume name | .vv | 16
      --mount | type=volume,src=my vol,target=/x | includes invalid characters for a local volume name | my vol    | 16
      --mount | type=volume,src=v1,target=/x,volume-driver=local,src=b | volume name is too short          | b           | 53
      --mount | type=volume,target=x           | invalid mount path: 'x' mount path must be absolute | x           | 19
      --mount | type=volume,target=/           | destination can't be '/'                            | /           | 19
      --mount | type=tmpfs,target=/x/../       | destination can't be '/'                            | /x/../      | 18
      --mount | type=volume,target="/x"        | parse error on line 1, column 20: bare " in non-quoted-field | '"' | 19
      --mount | type=volume,"target=/x"x       | parse error on line 1, column 24: extraneous or missing " in quoted-field | x | 23
      --mount | type=volume,"target=/x         | extraneous or missing " in quoted-field             | <empty>     | 22
      --mount | a"b                            | bare " in non-quoted-field                          | '"'         | 1
      --tmpfs | <empty>                        | field Target must not be empty                      | <empty>     | 0
      --tmpfs | :size=1m                       | field Target must not be empty                      | <empty>     | 0
      --tmpfs | x                              | invalid mount path: 'x' mount path must be absolute | x           | 0
      --tmpfs | run:size=1m                    | invalid mount path: 'run' mount path must be absolute | run       | 0
      --tmpfs | /                              | destination can't be '/'                            | /           | 0
      --tmpfs | /:size=1                       | destination can't be '/'                            | /           | 0
      --tmpfs | /x/..:ro                       | destination can't be '/'                            | /x/..       | 0
      --tmpfs | /x:foo=1                       | invalid tmpfs option ["foo" "1"]                    | foo=1       | 3
      --tmpfs | /x:bogus                       | invalid tmpfs option ["bogus"]                      | bogus       | 3
      --tmpfs | /x:noexec,bogus                | invalid tmpfs option ["bogus"]                      | bogus       | 10
      --tmpfs | /x:NOEXEC                      | invalid tmpfs option ["NOEXEC"]                     | NOEXEC      | 3
      --tmpfs | /x:ro=1                        | invalid tmpfs option ["ro" "1"]                     | ro=1        | 3
      --tmpfs | /x:exec=yes                    | invalid tmpfs option ["exec" "yes"]                 | exec=yes    | 3
      --tmpfs | /x:uid                         | invalid tmpfs option ["uid"]                        | uid         | 3
      --tmpfs | /x:size                        | invalid tmpfs option ["size"]                       | size        | 3
      --tmpfs | /x:size=                       | invalid tmpfs size ''                               | size=       | 3
      --tmpfs | /x:size=1.5m                   | invalid tmpfs size '1.5m'                           | size=1.5m   | 3
      --tmpfs | /x:size=64mb                   | invalid tmpfs size '64mb'                           | size=64mb   | 3
      --tmpfs | /x:size=abc                    | invalid tmpfs size 'abc'                            | size=abc    | 3
      --tmpfs | /x:size=-1                     | invalid tmpfs size '-1'                             | size=-1     | 3
      --tmpfs | /x:size=99999999999999999999   | invalid tmpfs size '99999999999999999999'           | size=99999999999999999999 | 3
      --tmpfs | /x:size=%                      | invalid tmpfs size '%'                              | size=%      | 3
      --tmpfs | /x:mode=abc                    | invalid tmpfs mode 'abc'                            | mode=abc    | 3
      --tmpfs | /x:mode=                       | invalid tmpfs mode ''                               | mode=       | 3
      --tmpfs | /x:mode=9                      | invalid tmpfs mode '9'                              | mode=9      | 3
      --tmpfs | /x:uid=                        | has an empty value                                  | uid=        | 3
      --tmpfs | /x:bind                        | no container starts with it                         | bind        | 3
      --tmpfs | /x:noexec,rbind                | no container starts with it                         | rbind       | 10
      --tmpfs | /x:remount                     | no container starts with it                         | remount     | 3
      --tmpfs | /x:uid=1 000                   | contains ' '                                        | uid=1 000   | 3
      """)
  void rejected(String flag, String input, String message, String token, int position) {
    String in = input == null ? "" : input.equals("<empty>") ? "" : input;
    String tok = token == null || token.equals("<empty>") ? "" : token;
    if (tok.length() >= 2 && tok.startsWith("'") && tok.endsWith("'")) {
      tok = tok.substring(1, tok.length() - 1);
    }
    InvalidMountSpecException e = catchThrowableOfType(() -> MountSyntax.ofFlag(flag).parse(in, MountSyntaxAcceptedTest.OPTIONS),
        InvalidMountSpecException.class);
    assertThat(e).as("%s %s must be rejected", flag, in).isNotNull();
    String seen = e.getMessage() + " | token=" + e.token() + " | position=" + e.position();
    assertThat(e.getMessage()).as(seen).contains(message);
    assertThat(e.input()).as(seen).isEqualTo(in);
    assertThat(e.token()).as(seen).isEqualTo(tok);
    assertThat(e.position()).as(seen).hasValue(position);
  }

  @ParameterizedTest(name = "--volumes-from {0}")
  @CsvSource(delimiter = '|', quoteCharacter = '\u0000', textBlock = """
      <empty>       | volumes-from specification cannot be an empty string
      :ro           | has no container
      c1:rshared    | invalid mode: rshared
      c1:ro,private | invalid mode: ro,private
      c1:nocopy     | invalid mode: nocopy
      c1:ro,rw      | invalid mode: ro,rw
      c1:foo        | invalid mode: foo
      """)
  void volumesFromRejected(String input, String message) {
    String in = input.equals("<empty>") ? "" : input;
    InvalidMountSpecException e = catchThrowableOfType(() -> VolumesFrom.parse(in), InvalidMountSpecException.class);
    assertThat(e).as("--volumes-from %s must be rejected", in).isNotNull();
    assertThat(e.getMessage()).contains(message);
    assertThat(e.input()).isEqualTo(in);
  }
}
