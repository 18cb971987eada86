package dev.loginetl.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The runner's Deployment as Helm renders it, on the default values and with every option on. */
class RunnerDeploymentTest {
  private static Manifests defaults;
  private static Manifests everyOption;

  @BeforeAll
  static void render() {
    defaults = HelmChart.committed().render();
    everyOption = HelmChart.committed().render(DeployFiles.testResource("values/every-option.yaml"));
  }

  @Test
  void rendersOnlyObjectsTheKubernetesApiKnowsFieldForField() {
    assertThat(defaults.unknownFields()).isEmpty();
    assertThat(everyOption.unknownFields()).isEmpty();
  }

  @Test
  void rendersTheRunnerServiceAndDisruptionBudgetByDefault() {
    assertThat(defaults.kindsAndNames()).containsExactlyInAnyOrder(
        "Deployment/prod-loginetl", "Service/prod-loginetl", "ServiceAccount/prod-loginetl",
        "PodDisruptionBudget/prod-loginetl");
  }

  @Test
  void runsAsTheImagesNonRootUserWithAReadOnlyRootAndNoCapabilities() {
    for (Manifests manifests : new Manifests[] {defaults, everyOption}) {
      PodSpec pod = manifests.only(Deployment.class).getSpec().getTemplate().getSpec();
      PodSecurityContext podContext = pod.getSecurityContext();
      assertThat(podContext.getRunAsNonRoot()).isTrue();
      assertThat(podContext.getRunAsUser()).isEqualTo(10001L);
      assertThat(podContext.getRunAsGroup()).isEqualTo(10001L);
      assertThat(podContext.getFsGroup()).isEqualTo(10001L);
      assertThat(podContext.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
      assertThat(pod.getAutomountServiceAccountToken()).isFalse();

      SecurityContext container = manifests.runner().getSecurityContext();
      assertThat(container.getRunAsNonRoot()).isTrue();
      assertThat(container.getRunAsUser()).isEqualTo(10001L);
      assertThat(container.getReadOnlyRootFilesystem()).isTrue();
      assertThat(container.getAllowPrivilegeEscalation()).isFalse();
      assertThat(container.getCapabilities().getDrop()).containsExactly("ALL");
      assertThat(container.getCapabilities().getAdd()).isNullOrEmpty();
    }
  }

  @Test
  void givesTheJvmAWritableTmpOnAnEmptyDir() {
    Container runner = defaults.runner();
    VolumeMount tmp = runner.getVolumeMounts().stream().filter(m -> m.getMountPath().equals("/tmp")).findFirst().orElseThrow();
    Volume volume = volumes(defaults).get(tmp.getName());

    assertThat(volume.getEmptyDir()).isNotNull();
    assertThat(tmp.getReadOnly()).isNotEqualTo(Boolean.TRUE);
  }

  @Test
  void probesHealthOnTheMetricsPort() {
    for (Manifests manifests : new Manifests[] {defaults, everyOption}) {
      Container runner = manifests.runner();
      int metricsPort = Integer.parseInt(manifests.runnerEnv().get("LOGINETL_METRICS_PORT").getValue());
      assertThat(runner.getPorts()).singleElement().satisfies(port -> {
        assertThat(port.getName()).isEqualTo("metrics");
        assertThat(port.getContainerPort()).isEqualTo(metricsPort);
      });
      for (Probe probe : new Probe[] {runner.getReadinessProbe(), runner.getLivenessProbe()}) {
        assertThat(probe.getHttpGet().getPath()).isEqualTo("/health");
        assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("metrics");
      }
    }
    assertThat(everyOption.runner().getPorts().get(0).getContainerPort()).isEqualTo(9500);
  }

  @Test
  void restartsOnlyAfterFailingLongerThanTheOutageLimit() {
    // Default: outage limit 300 s, probes every 10 s. Every option: 120 s, every 15 s.
    assertThat(livenessGivesUpAfterSeconds(defaults)).isGreaterThan(300).isLessThanOrEqualTo(300 + 10);
    assertThat(livenessGivesUpAfterSeconds(everyOption)).isGreaterThan(120).isLessThanOrEqualTo(120 + 15);
    assertThat(defaults.runner().getReadinessProbe().getFailureThreshold()).isEqualTo(3);
    assertThat(everyOption.runner().getReadinessProbe().getFailureThreshold()).isEqualTo(2);
  }

  private static int livenessGivesUpAfterSeconds(Manifests manifests) {
    Probe liveness = manifests.runner().getLivenessProbe();
    return liveness.getFailureThreshold() * liveness.getPeriodSeconds();
  }

  @Test
  void gracePeriodCoversALongPollTheLastBatchsLingerAndItsCommit() {
    // 20 s long poll + 100 ms linger rounded up to 1 s + 15 s to write, commit and delete.
    assertThat(gracePeriod(defaults)).isEqualTo(20 + 1 + 15);
    // 10 s long poll + 2,500 ms linger rounded up to 3 s + 20 s.
    assertThat(gracePeriod(everyOption)).isEqualTo(10 + 3 + 20);
    // And the runner is told the same wait and linger the period was derived from.
    assertThat(defaults.runner().getArgs()).startsWith("run").contains("--wait-time=20", "--linger-ms=100");
    assertThat(everyOption.runner().getArgs()).contains("--wait-time=10", "--linger-ms=2500");
  }

  private static long gracePeriod(Manifests manifests) {
    return manifests.only(Deployment.class).getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();
  }

  @Test
  void mountsTheDatabasePasswordAsAFileByDefaultSoThatARotatedSecretNeedsNoRestart() {
    Map<String, EnvVar> env = defaults.runnerEnv();
    assertThat(env).doesNotContainKey("PGPASSWORD");
    assertThat(env.get("LOGINETL_DB_PASSWORD_FILE").getValue()).isEqualTo("/var/run/secrets/loginetl/database/password");
    assertSecretMountedAt(defaults, "loginetl-database", "password", "/var/run/secrets/loginetl/database");
    // A whole Secret volume, never a subPath: the kubelet does not update a subPath mount.
    assertThat(defaults.runner().getVolumeMounts()).allSatisfy(mount -> assertThat(mount.getSubPath()).isNull());
  }

  @Test
  void passesTheDatabasePasswordAsPgpasswordWhenAskedTo() {
    assertThat(everyOption.runnerEnv()).doesNotContainKey("LOGINETL_DB_PASSWORD_FILE");
    assertThat(volumes(everyOption)).doesNotContainKey("database-password");
    EnvVar other = everyOption.runnerEnv().get("PGPASSWORD");
    assertThat(other.getValue()).isNull();
    assertThat(other.getValueFrom().getSecretKeyRef().getName()).isEqualTo("etl-db-credentials");
    assertThat(other.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("writer-password");
  }

  @Test
  void mountsTheMaskingKeyFromAnExistingSecretAndNamesItsFile() {
    Map<String, EnvVar> env = defaults.runnerEnv();
    assertThat(env).doesNotContainKey("LOGINETL_KEY").doesNotContainKey("LOGINETL_MASTER_KEY_FILE");
    assertThat(env.get("LOGINETL_KEY_FILE").getValue()).isEqualTo("/var/run/secrets/loginetl/key/loginetl.key");
    assertSecretMountedAt(defaults, "loginetl-masking-key", "loginetl.key", "/var/run/secrets/loginetl/key");

    Map<String, EnvVar> every = everyOption.runnerEnv();
    assertThat(every.get("LOGINETL_KEY_FILE").getValue()).isEqualTo("/var/run/secrets/loginetl/key/keyset.json");
    assertThat(every.get("LOGINETL_MASTER_KEY_FILE").getValue()).isEqualTo("/var/run/secrets/loginetl/master-key/master.json");
    assertSecretMountedAt(everyOption, "etl-pii-keyset", "keyset.json", "/var/run/secrets/loginetl/key");
    assertSecretMountedAt(everyOption, "etl-pii-master", "master.json", "/var/run/secrets/loginetl/master-key");
  }

  @Test
  void mountsTheGeoIpDatabasesFromTheGivenClaimAndNamesTheirFilesOnlyWhenGiven() {
    Map<String, EnvVar> env = defaults.runnerEnv();
    assertThat(env).doesNotContainKey("LOGINETL_GEOIP_COUNTRY_DB").doesNotContainKey("LOGINETL_GEOIP_ASN_DB");
    assertThat(env.get("LOGINETL_IP_NETWORK_V4_PREFIX").getValue()).isEqualTo("24");
    assertThat(env.get("LOGINETL_IP_NETWORK_V6_PREFIX").getValue()).isEqualTo("48");
    assertThat(volumes(defaults)).doesNotContainKey("geoip");

    Map<String, EnvVar> every = everyOption.runnerEnv();
    assertThat(every.get("LOGINETL_GEOIP_COUNTRY_DB").getValue()).isEqualTo("/usr/share/GeoIP/GeoLite2-Country.mmdb");
    assertThat(every.get("LOGINETL_GEOIP_ASN_DB").getValue()).isEqualTo("/usr/share/GeoIP/GeoLite2-ASN.mmdb");
    assertThat(every.get("LOGINETL_IP_NETWORK_V4_PREFIX").getValue()).isEqualTo("22");
    assertThat(every.get("LOGINETL_IP_NETWORK_V6_PREFIX").getValue()).isEqualTo("56");
    assertThat(volumes(everyOption).get("geoip").getPersistentVolumeClaim().getClaimName()).isEqualTo("geoip-databases");
    assertThat(volumes(everyOption).get("geoip").getPersistentVolumeClaim().getReadOnly()).isTrue();
    assertThat(everyOption.runner().getVolumeMounts()).anySatisfy(mount -> {
      assertThat(mount.getName()).isEqualTo("geoip");
      assertThat(mount.getMountPath()).isEqualTo("/usr/share/GeoIP");
      assertThat(mount.getReadOnly()).isTrue();
    });
  }

  private static void assertSecretMountedAt(Manifests manifests, String secret, String key, String directory) {
    Volume volume = volumes(manifests).values().stream()
        .filter(v -> v.getSecret() != null && secret.equals(v.getSecret().getSecretName()))
        .findFirst().orElseThrow(() -> new AssertionError("no volume of Secret " + secret));
    assertThat(volume.getSecret().getItems()).singleElement().satisfies(item -> {
      assertThat(item.getKey()).isEqualTo(key);
      assertThat(item.getPath()).isEqualTo(key);
    });
    // 0440: the owner and the fsGroup (the runner's group) may read it, nobody else.
    assertThat(volume.getSecret().getDefaultMode()).isEqualTo(0440);
    assertThat(manifests.runner().getVolumeMounts())
        .anySatisfy(mount -> {
          assertThat(mount.getName()).isEqualTo(volume.getName());
          assertThat(mount.getMountPath()).isEqualTo(directory);
          assertThat(mount.getReadOnly()).isTrue();
        });
  }

  @Test
  void passesNoSecretAsAPlainValue() {
    for (Manifests manifests : new Manifests[] {defaults, everyOption}) {
      assertThat(manifests.runnerEnv().values())
          .filteredOn(var -> var.getName().contains("PASSWORD") && !var.getName().endsWith("_FILE")
              || var.getName().equals("LOGINETL_KEY"))
          .allSatisfy(var -> assertThat(var.getValue()).isNull());
    }
  }

  @Test
  void setsEveryRunnerOptionThatMattersInProduction() {
    Map<String, String> env = everyOption.runnerEnv().values().stream()
        .filter(var -> var.getValue() != null)
        .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));

    assertThat(env).containsAllEntriesOf(Map.ofEntries(
        Map.entry("LOGINETL_QUEUE_URL", "https://sqs.eu-west-1.amazonaws.com/123456789012/login-queue"),
        Map.entry("AWS_REGION", "eu-west-1"),
        Map.entry("LOGINETL_DLQ_URL", "https://sqs.eu-west-1.amazonaws.com/123456789012/login-queue-dlq"),
        Map.entry("LOGINETL_JDBC_URL", "jdbc:postgresql://db.etl.svc:5432/logins?sslmode=require"),
        Map.entry("PGUSER", "etl_writer"),
        Map.entry("LOGINETL_MASKING", "tokenize"),
        Map.entry("LOGINETL_RECEIVERS", "8"),
        Map.entry("LOGINETL_WRITERS", "6"),
        Map.entry("LOGINETL_BATCH_SIZE", "1000"),
        Map.entry("LOGINETL_MAX_IN_FLIGHT", "20000"),
        Map.entry("LOGINETL_OUTAGE_LIMIT", "120"),
        Map.entry("LOGINETL_METRICS_PORT", "9500"),
        Map.entry("LOGINETL_LOG_FORMAT", "json"),
        Map.entry("JDK_JAVA_OPTIONS", "-XX:+UseG1GC -Xss512k"),
        Map.entry("AWS_STS_REGIONAL_ENDPOINTS", "regional")));
    // Options without an environment variable are arguments of `run`.
    assertThat(everyOption.runner().getArgs()).containsExactly(
        "run", "--wait-time=10", "--linger-ms=2500", "--sqs-endpoint=http://elasticmq.etl.svc:9324",
        "--visibility-timeout=60");
    // Left out when not set, so that the runner's own defaults apply.
    assertThat(defaults.runnerEnv()).doesNotContainKeys("LOGINETL_DLQ_URL", "JDK_JAVA_OPTIONS");
    // A fixed receiver count, or an adaptive one with its bound, never both (the runner refuses both).
    assertThat(everyOption.runnerEnv()).doesNotContainKey("LOGINETL_MAX_RECEIVERS");
    assertThat(defaults.runnerEnv()).doesNotContainKey("LOGINETL_RECEIVERS");
    assertThat(defaults.runnerEnv().get("LOGINETL_MAX_RECEIVERS").getValue()).isEqualTo("32");
    assertThat(defaults.runner().getArgs()).containsExactly("run", "--wait-time=20", "--linger-ms=100");
  }

  @Test
  void keepsLargeNumbersAsWrittenNotInExponentNotation() {
    // Helm reads numbers in values as float64: 1000000 would print as 1e+06 without int conversion.
    Manifests large = HelmChart.committed().render(DeployFiles.testResource("values/large-numbers.yaml"));

    assertThat(large.runnerEnv().get("LOGINETL_MAX_IN_FLIGHT").getValue()).isEqualTo("1000000");
    assertThat(large.runnerEnv().get("LOGINETL_BATCH_SIZE").getValue()).isEqualTo("2000000");
  }

  @Test
  void setsImageResourcesAndSchedulingFromValues() {
    Container runner = everyOption.runner();
    assertThat(runner.getImage()).isEqualTo("registry.example.com/loginetl:0.2.0");
    assertThat(runner.getImagePullPolicy()).isEqualTo("Always");
    assertThat(runner.getResources().getLimits()).containsEntry("memory", new Quantity("1Gi"));
    assertThat(runner.getResources().getRequests()).containsEntry("cpu", new Quantity("1"));
    PodSpec pod = everyOption.only(Deployment.class).getSpec().getTemplate().getSpec();
    assertThat(pod.getImagePullSecrets()).singleElement().satisfies(s -> assertThat(s.getName()).isEqualTo("regcred"));
    assertThat(pod.getNodeSelector()).containsEntry("kubernetes.io/arch", "amd64");
    assertThat(pod.getTolerations()).singleElement().satisfies(t -> assertThat(t.getKey()).isEqualTo("dedicated"));
    assertThat(everyOption.only(Deployment.class).getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry("example.com/team", "data");
    // The default tag is the chart's appVersion.
    assertThat(defaults.runner().getImage()).isEqualTo("loginetl:0.1.0");
  }

  @Test
  void runsUnderItsServiceAccountWithTheIdentityAnnotations() {
    ServiceAccount account = everyOption.only(ServiceAccount.class);
    assertThat(account.getMetadata().getName()).isEqualTo("loginetl-runner");
    assertThat(account.getMetadata().getAnnotations())
        .containsEntry("eks.amazonaws.com/role-arn", "arn:aws:iam::123456789012:role/loginetl-runner");
    assertThat(everyOption.only(Deployment.class).getSpec().getTemplate().getSpec().getServiceAccountName())
        .isEqualTo("loginetl-runner");
    assertThat(defaults.only(Deployment.class).getSpec().getTemplate().getSpec().getServiceAccountName())
        .isEqualTo(HelmChart.FULLNAME);
  }

  @Test
  void leavesTheReplicaCountToKedaWhenKedaScales() {
    assertThat(defaults.only(Deployment.class).getSpec().getReplicas()).isEqualTo(2);
    assertThat(everyOption.only(Deployment.class).getSpec().getReplicas()).isNull();
  }

  private static Map<String, Volume> volumes(Manifests manifests) {
    return manifests.only(Deployment.class).getSpec().getTemplate().getSpec().getVolumes().stream()
        .collect(Collectors.toMap(Volume::getName, v -> v));
  }
}
