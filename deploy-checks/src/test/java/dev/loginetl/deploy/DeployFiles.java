package dev.loginetl.deploy;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the deployment kit and the test's own inputs are. */
final class DeployFiles {
  /** The repository's deploy/ folder: set by the module's pom, or found from the module's folder. */
  static final Path DEPLOY = Path.of(System.getProperty("loginetl.deploy.dir", "../deploy")).toAbsolutePath().normalize();
  static final Path CHART = DEPLOY.resolve("helm/loginetl");
  static final Path PROMETHEUS = DEPLOY.resolve("prometheus");
  static final Path ECS = DEPLOY.resolve("ecs");

  private DeployFiles() {}

  /** A file under src/test/resources, e.g. {@code values/every-option.yaml}. */
  static Path testResource(String name) {
    URL url = DeployFiles.class.getClassLoader().getResource(name);
    if (url == null) {
      throw new IllegalArgumentException("no test resource " + name);
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Fails early, with the path, when the kit is not where the pom says. */
  static Path existing(Path path) {
    if (!Files.exists(path)) {
      throw new IllegalStateException(path + " does not exist: run the tests from the deploy-checks module");
    }
    return path;
  }
}
