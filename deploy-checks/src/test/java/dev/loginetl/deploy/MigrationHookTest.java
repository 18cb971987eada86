package dev.loginetl.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The `loginetl migrate` Job. helm-java's template leaves hooks out of what it prints, so the Job
 * is rendered a second time by a test harness template (test resources, harness/) added to a copy
 * of the chart: the same named template, through the same Helm, as the text of a ConfigMap.
 */
class MigrationHookTest {
  @TempDir static Path dir;
  private static Manifests withHarness;
  private static Manifests withHarnessEveryOption;

  @BeforeAll
  static void render() {
    HelmChart chart = HelmChart.copy(dir, null, DeployFiles.testResource("harness/migration-job-as-configmap.yaml"));
    withHarness = chart.render();
    withHarnessEveryOption = chart.render(DeployFiles.testResource("values/every-option.yaml"));
  }

  @Test
  void isAHookThatHelmKeepsOutOfTheReleasesObjects() {
    // Helm sorts an object out of the manifest only when it carries helm.sh/hook.
    assertThat(HelmChart.committed().render().all(Job.class)).isEmpty();
    assertThat(withHarness.all(Job.class)).isEmpty();
    assertThat(harness(withHarness).getData()).containsEntry("migration-enabled", "true");

    Map<String, String> annotations = migrationJob(withHarness).getMetadata().getAnnotations();
    assertThat(annotations).containsEntry("helm.sh/hook", "pre-install,pre-upgrade")
        .containsEntry("helm.sh/hook-delete-policy", "before-hook-creation,hook-succeeded");
  }

  @Test
  void runsMigrateWithTheDatabaseSettingsAndNothingElse() {
    Container migrate = onlyContainer(migrationJob(withHarnessEveryOption));
    Map<String, EnvVar> env = Manifests.byName(migrate.getEnv());

    assertThat(migrate.getArgs()).containsExactly("migrate");
    assertThat(migrate.getImage()).isEqualTo("registry.example.com/loginetl:0.2.0");
    assertThat(env.get("LOGINETL_JDBC_URL").getValue()).isEqualTo("jdbc:postgresql://db.etl.svc:5432/logins?sslmode=require");
    assertThat(env.get("PGUSER").getValue()).isEqualTo("etl_writer");
    assertThat(env.get("PGPASSWORD").getValueFrom().getSecretKeyRef().getName()).isEqualTo("etl-db-credentials");
    assertThat(env.get("PGPASSWORD").getValueFrom().getSecretKeyRef().getKey()).isEqualTo("writer-password");
    // No key, no queue: migrating needs neither.
    assertThat(env).doesNotContainKeys("LOGINETL_KEY_FILE", "LOGINETL_KEY", "LOGINETL_QUEUE_URL");
    assertThat(migrate.getResources().getLimits().get("memory").toString()).isEqualTo("300Mi");
  }

  @Test
  void readsTheDatabasePasswordFromTheSecretMountedAsAFileByDefault() {
    Job job = migrationJob(withHarness);
    Container migrate = onlyContainer(job);
    Map<String, EnvVar> env = Manifests.byName(migrate.getEnv());

    assertThat(env).doesNotContainKey("PGPASSWORD");
    assertThat(env.get("LOGINETL_DB_PASSWORD_FILE").getValue()).isEqualTo("/var/run/secrets/loginetl/database/password");
    assertThat(migrate.getVolumeMounts()).anySatisfy(mount -> {
      assertThat(mount.getName()).isEqualTo("database-password");
      assertThat(mount.getMountPath()).isEqualTo("/var/run/secrets/loginetl/database");
      assertThat(mount.getReadOnly()).isTrue();
    });
    assertThat(job.getSpec().getTemplate().getSpec().getVolumes())
        .filteredOn(volume -> volume.getSecret() != null)
        .extracting(volume -> volume.getSecret().getSecretName())
        .contains("loginetl-database");
  }

  @Test
  void runsAsTheSameNonRootUserWithAReadOnlyRoot() {
    Job job = migrationJob(withHarness);
    PodSpec pod = job.getSpec().getTemplate().getSpec();
    Container migrate = onlyContainer(job);

    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
    assertThat(migrate.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(migrate.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(migrate.getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
    assertThat(pod.getRestartPolicy()).isEqualTo("Never");
    // It runs before the chart's ServiceAccount exists on a first install.
    assertThat(pod.getServiceAccountName()).isNull();
    assertThat(job.getSpec().getBackoffLimit()).isEqualTo(2);
    assertThat(migrationJob(withHarnessEveryOption).getSpec().getActiveDeadlineSeconds()).isEqualTo(300L);
  }

  @Test
  void leavesOnlyKnownFieldsInTheJob() {
    assertThat(Manifests.of(migrationJob(withHarnessEveryOption)).unknownFields()).isEmpty();
  }

  private static ConfigMap harness(Manifests manifests) {
    return manifests.only(ConfigMap.class);
  }

  private static Job migrationJob(Manifests manifests) {
    String yaml = harness(manifests).getData().get("migration-job.yaml");
    Job job = Manifests.parseOne(yaml, Job.class);
    assertThat(job.getMetadata().getName()).isEqualTo(HelmChart.FULLNAME + "-migrate");
    return job;
  }

  private static Container onlyContainer(Job job) {
    List<Container> containers = job.getSpec().getTemplate().getSpec().getContainers();
    assertThat(containers).hasSize(1);
    return containers.get(0);
  }
}
