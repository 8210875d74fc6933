package io.github.volumes4j.bench;

import java.util.List;

/** A mixed corpus of mount specs as they appear in compose files, CI configs and docker run lines. */
final class MountCorpus {

  private MountCorpus() {}

  /** flag, value pairs. */
  static final List<String[]> SPECS = List.of(
      new String[] {"-v", "pgdata:/var/lib/postgresql/data"},
      new String[] {"-v", "/srv/app/src:/app/src:ro"},
      new String[] {"-v", "/var/run/docker.sock:/var/run/docker.sock"},
      new String[] {"-v", "/cache"},
      new String[] {"-v", "node_modules:/app/node_modules:nocopy"},
      new String[] {"-v", "/etc/localtime:/etc/localtime:ro,rslave,z"},
      new String[] {"-v", "./config:/etc/app:ro"},
      new String[] {"--volume", "logs:/var/log/app:rw,delegated"},
      new String[] {"--mount", "type=volume,source=pgdata,target=/var/lib/postgresql/data"},
      new String[] {"--mount", "type=bind,src=/srv/app,dst=/app,readonly,bind-propagation=rshared"},
      new String[] {"--mount", "type=tmpfs,target=/run,tmpfs-size=64m,tmpfs-mode=1777"},
      new String[] {"--mount", "type=volume,src=nfsdata,dst=/data,volume-driver=local,volume-opt=type=nfs,\"volume-opt=o=addr=10.0.0.1,rw\",volume-opt=device=:/export"},
      new String[] {"--mount", "type=volume,src=cfg,dst=/etc/cfg,volume-subpath=app1,ro,volume-label=team=infra"},
      new String[] {"--mount", "type=bind,source=/mnt,target=/mnt,bind-recursive=disabled"},
      new String[] {"--tmpfs", "/run:rw,noexec,nosuid,size=65536k,mode=1777"},
      new String[] {"--tmpfs", "/tmp"},
      // a share of invalid specs, as real configuration has
      new String[] {"-v", "/foo:ro"},
      new String[] {"-v", "data:/data:rw,ro"},
      new String[] {"--mount", "type=volume,target=/x,bogus=1"},
      new String[] {"--tmpfs", "/x:foo=1"});
}
