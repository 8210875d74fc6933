package io.github.volumes4j.maven;

import java.io.File;
import java.util.List;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * What both goals read: the compose files, the configured mounts, the project name, and whether to skip.
 *
 * <pre>{@code
 * <configuration>
 *   <composeFiles><composeFile>deploy/compose.yaml</composeFile></composeFiles>
 *   <mounts><mount>-v data:/data</mount></mounts>
 * </configuration>
 * }</pre>
 */
public abstract class AbstractVolumesMojo extends AbstractMojo {

  /** The compose files, merged in order; empty means compose's default file names in the base directory. */
  @Parameter(property = "volumes4j.composeFiles")
  List<File> composeFiles;

  /** Mounts as docker CLI arguments: {@code -v SRC:DST}, {@code --mount ...}, {@code --tmpfs ...}. */
  @Parameter
  List<String> mounts;

  /** The compose project name, as {@code -p}. */
  @Parameter(property = "volumes4j.projectName")
  String projectName;

  /** Skips the goal. */
  @Parameter(property = "volumes4j.skip", defaultValue = "false")
  boolean skip;

  /** The project's directory, where compose's default files are looked for. */
  @Parameter(defaultValue = "${project.basedir}", readonly = true, required = true)
  File basedir;

  /** The project's pom, where configured mounts are located for the findings. */
  @Parameter(defaultValue = "${project.file}", readonly = true)
  File pomFile;

  /** For subclasses of this plugin only. */
  AbstractVolumesMojo() {}
}
