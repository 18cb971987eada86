package dev.loginetl.app.base;

import picocli.CommandLine;

/** The runner's version, from the jar's manifest when there is one. */
public final class Version implements CommandLine.IVersionProvider {
  /** What a build without a manifest (a developer's classes directory) calls itself. */
  static final String DEVELOPMENT = "development";

  /**
   * The version alone, e.g. {@code 0.1.0}, or {@code development}: what a message forwarded to the
   * dead-letter queue carries in its {@code loginetl.version} attribute.
   */
  public static String current() {
    String version = Version.class.getPackage().getImplementationVersion();
    return version == null || version.isBlank() ? DEVELOPMENT : version;
  }

  @Override
  public String[] getVersion() {
    String version = current();
    return new String[] {"loginetl " + (DEVELOPMENT.equals(version) ? "(development build)" : version)};
  }
}
