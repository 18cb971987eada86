package dev.loginetl.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.LintResult;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code helm lint --strict} on the chart: its structure, templates and values schema. */
class HelmChartLintTest {

  @Test
  void lintsWithoutWarningsOnItsDefaultValues() {
    LintResult result = HelmChart.committed().lint();

    assertThat(result.isFailed()).as("helm lint failed: %s", result.getMessages()).isFalse();
    assertThat(result.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
  }

  @Test
  void lintsWithoutWarningsWithEveryOptionOn(@TempDir Path dir) {
    // helm lint reads the chart's own values.yaml only: lint a copy whose values turn everything on.
    HelmChart chart = HelmChart.copy(dir, DeployFiles.testResource("values/every-option.yaml"));

    LintResult result = chart.lint();

    assertThat(result.isFailed()).as("helm lint failed: %s", result.getMessages()).isFalse();
    assertThat(result.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
  }
}
