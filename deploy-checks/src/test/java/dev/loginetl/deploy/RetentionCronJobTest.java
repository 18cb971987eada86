package dev.loginetl.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The retention CronJob and the partition settings, as Helm renders them. */
class RetentionCronJobTest {
  @TempDir Path dir;

  @Test
  void isOffByDefault() {
    assertThat(HelmChart.committed().render().all(CronJob.class)).isEmpty();
  }

  @Test
  void runsRetentionOnItsScheduleOneAtATimeWithTheDatabaseSettings() {
    Manifests manifests = HelmChart.committed().render(DeployFiles.testResource("values/retention-on.yaml"));
    CronJob cron = manifests.only(CronJob.class);
    Container container = cron.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers().get(0);
    Map<String, EnvVar> env = Manifests.byName(container.getEnv());

    assertThat(cron.getSpec().getSchedule()).isEqualTo("5 2 * * *");
    assertThat(cron.getSpec().getConcurrencyPolicy()).isEqualTo("Forbid");
    assertThat(container.getArgs()).containsExactly("retention", "--keep-days", "90");
    assertThat(env).containsKeys("LOGINETL_JDBC_URL", "PGUSER", "LOGINETL_DB_PASSWORD_FILE")
        .doesNotContainKeys("LOGINETL_KEY_FILE", "LOGINETL_QUEUE_URL", "PGPASSWORD");
    // The password file it names is there: the Secret's volume, mounted as in the runner.
    assertThat(container.getVolumeMounts()).anySatisfy(mount -> {
      assertThat(mount.getName()).isEqualTo("database-password");
      assertThat(env.get("LOGINETL_DB_PASSWORD_FILE").getValue()).startsWith(mount.getMountPath() + "/");
    });
    assertThat(cron.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getVolumes())
        .anySatisfy(volume -> assertThat(volume.getName()).isEqualTo("database-password"));
    Container runner = manifests.only(Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(Manifests.byName(runner.getEnv()).get("LOGINETL_PARTITION_GRANULARITY").getValue()).isEqualTo("day");
    assertThat(Manifests.byName(runner.getEnv()).get("LOGINETL_PARTITIONS_AHEAD").getValue()).isEqualTo("7");
  }

  @Test
  void refusesToKeepBothDaysAndMonthsOrNothing() throws Exception {
    Path both = Files.writeString(dir.resolve("both.yaml"), "retention: {enabled: true, keepDays: 90, keepMonths: 3}\n");
    Path none = Files.writeString(dir.resolve("none.yaml"), "retention: {enabled: true}\n");
    Path months = Files.writeString(dir.resolve("months.yaml"), "retention: {enabled: true, keepMonths: 13, dryRun: true}\n");

    assertThatThrownBy(() -> HelmChart.committed().render(both)).hasMessageContaining("not both");
    assertThatThrownBy(() -> HelmChart.committed().render(none)).hasMessageContaining("keeps nothing");
    assertThat(HelmChart.committed().render(months).only(CronJob.class).getSpec().getJobTemplate().getSpec()
        .getTemplate().getSpec().getContainers().get(0).getArgs()).containsExactly("retention", "--keep", "13", "--dry-run");
  }
}
