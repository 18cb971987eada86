package dev.loginetl.app;

import picocli.CommandLine;

/** The runner's version, from the jar's manifest when there is one. */
final class Version implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = LoginEtl.class.getPackage().getImplementationVersion();
    return new String[] {"loginetl " + (version == null ? "(development build)" : version)};
  }
}
