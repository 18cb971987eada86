package dev.loginetl.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * The chart under deploy/helm/loginetl driven through Helm itself (helm-java bundles Helm 3.16 as a
 * native library): lint, and template for release "prod" in namespace "etl".
 */
final class HelmChart {
  static final String RELEASE = "prod";
  static final String NAMESPACE = "etl";
  /** The name every object of release "prod" gets. */
  static final String FULLNAME = "prod-loginetl";

  private final Path chart;

  private HelmChart(Path chart) {
    this.chart = DeployFiles.existing(chart);
  }

  /** The chart as committed. */
  static HelmChart committed() {
    return new HelmChart(DeployFiles.CHART);
  }

  /**
   * A copy of the chart in {@code dir}, with {@code valuesFile} (when not null) as its values.yaml
   * and each of {@code extraTemplates} added under templates/.
   */
  static HelmChart copy(Path dir, Path valuesFile, Path... extraTemplates) {
    Path target = dir.resolve("loginetl");
    try (Stream<Path> files = Files.walk(DeployFiles.CHART)) {
      for (Path source : (Iterable<Path>) files::iterator) {
        Path destination = target.resolve(DeployFiles.CHART.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(destination);
        } else {
          Files.copy(source, destination, StandardCopyOption.REPLACE_EXISTING);
        }
      }
      if (valuesFile != null) {
        Files.copy(valuesFile, target.resolve("values.yaml"), StandardCopyOption.REPLACE_EXISTING);
      }
      for (Path template : extraTemplates) {
        Files.copy(template, target.resolve("templates").resolve(template.getFileName().toString()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new HelmChart(target);
  }

  /** {@code helm lint --strict}: warnings fail too. */
  LintResult lint() {
    return new Helm(chart).lint().strict().call();
  }

  /** {@code helm template}, parsed; Helm's error (schema, {@code fail}) is thrown as IllegalStateException. */
  Manifests render(Path... valuesFiles) {
    return Manifests.parse(template(valuesFiles));
  }

  /** {@code helm template} as Helm prints it (hooks left out: helm-java's template omits them). */
  String template(Path... valuesFiles) {
    // No .debug(): with it, helm-java 0.0.15 returns null instead of Helm's error.
    TemplateCommand command = new Helm(chart).template().withName(RELEASE).withNamespace(NAMESPACE);
    for (Path values : valuesFiles) {
      command = command.withValuesFile(values);
    }
    String out = command.call();
    if (out == null || out.isBlank()) {
      throw new AssertionError("helm template printed nothing and reported no error");
    }
    return out;
  }
}
