package dev.loginetl.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** KEDA's ScaledObject and TriggerAuthentication, the metrics Service, ServiceMonitor and PDB. */
class ScalingAndMonitoringTest {
  private static Manifests defaults;
  private static Manifests kedaOnly;
  private static Manifests everyOption;

  @BeforeAll
  static void render() {
    defaults = HelmChart.committed().render();
    kedaOnly = HelmChart.committed().render(DeployFiles.testResource("values/keda-on.yaml"));
    everyOption = HelmChart.committed().render(DeployFiles.testResource("values/every-option.yaml"));
  }

  @Test
  void rendersNoKedaOrServiceMonitorUnlessAsked() {
    assertThat(defaults.objects()).noneMatch(o -> o instanceof GenericKubernetesResource);
  }

  @Test
  void kedaScalesTheRunnerOnTheVisibleBacklogByDefault() {
    GenericKubernetesResource scaled = kedaOnly.only("keda.sh/v1alpha1", "ScaledObject");
    Map<String, Object> trigger = onlyTrigger(scaled);

    assertThat(trigger).containsEntry("type", "aws-sqs-queue");
    // Metadata values are strings for KEDA. In-flight messages are not counted: see values.yaml.
    assertThat(metadata(trigger)).containsExactlyInAnyOrderEntriesOf(Map.of(
        "queueURL", "https://sqs.us-east-1.amazonaws.com/000000000000/login-queue",
        "awsRegion", "us-east-1",
        "queueLength", "10000",
        "activationQueueLength", "0",
        "scaleOnInFlight", "false"));
    assertThat(field(scaled, "spec", "scaleTargetRef", "name")).isEqualTo(HelmChart.FULLNAME);
    assertThat(field(scaled, "spec", "scaleTargetRef", "kind")).isEqualTo("Deployment");
    assertThat(field(scaled, "spec", "minReplicaCount")).isEqualTo(1);
    assertThat(field(scaled, "spec", "maxReplicaCount")).isEqualTo(8);
  }

  @Test
  void kedaAuthenticatesWithAwsPodIdentity() {
    GenericKubernetesResource auth = kedaOnly.only("keda.sh/v1alpha1", "TriggerAuthentication");
    assertThat(field(auth, "spec", "podIdentity", "provider")).isEqualTo("aws");
    assertThat(field(auth, "spec", "podIdentity", "identityOwner")).isEqualTo("keda");
    assertThat(map(auth, "spec", "podIdentity")).doesNotContainKey("roleArn");
    assertThat(onlyTrigger(kedaOnly.only("keda.sh/v1alpha1", "ScaledObject")).get("authenticationRef"))
        .isEqualTo(Map.of("name", auth.getMetadata().getName()));

    GenericKubernetesResource withRole = everyOption.only("keda.sh/v1alpha1", "TriggerAuthentication");
    // roleArn and identityOwner are mutually exclusive in KEDA: the role wins.
    assertThat(map(withRole, "spec", "podIdentity")).containsExactlyInAnyOrderEntriesOf(Map.of(
        "provider", "aws", "roleArn", "arn:aws:iam::123456789012:role/keda-sqs-reader"));
  }

  @Test
  void kedaCountsInFlightMessagesOnlyWithAQueueLengthOfAtLeastMaxInFlight() {
    Map<String, Object> metadata = metadata(onlyTrigger(everyOption.only("keda.sh/v1alpha1", "ScaledObject")));
    int maxInFlight = Integer.parseInt(everyOption.runnerEnv().get("LOGINETL_MAX_IN_FLIGHT").getValue());

    assertThat(metadata).containsEntry("scaleOnInFlight", "true").containsEntry("awsEndpoint", "http://elasticmq.etl.svc:9324");
    assertThat(Integer.parseInt((String) metadata.get("queueLength"))).isGreaterThanOrEqualTo(maxInFlight);
    assertThat(metadata).containsEntry("activationQueueLength", "5").containsEntry("awsRegion", "eu-west-1");
  }

  @Test
  void serviceExposesTheRunnersMetricsPort() {
    Service service = defaults.only(Service.class);
    Deployment deployment = defaults.only(Deployment.class);

    assertThat(service.getSpec().getSelector()).isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
    assertThat(service.getSpec().getPorts()).singleElement().satisfies(port -> {
      assertThat(port.getName()).isEqualTo("metrics");
      assertThat(port.getPort()).isEqualTo(9404);
      assertThat(port.getTargetPort().getStrVal()).isEqualTo("metrics");
    });
    assertThat(everyOption.only(Service.class).getSpec().getPorts().get(0).getPort()).isEqualTo(9500);
  }

  @Test
  void serviceMonitorScrapesMetricsAsJobLoginetl() {
    GenericKubernetesResource monitor = everyOption.only("monitoring.coreos.com/v1", "ServiceMonitor");
    Service service = everyOption.only(Service.class);

    assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
    assertThat(field(monitor, "spec", "selector", "matchLabels")).isEqualTo(service.getSpec().getSelector());
    assertThat(field(monitor, "spec", "namespaceSelector", "matchNames")).isEqualTo(List.of(HelmChart.NAMESPACE));
    // The alerts select job="loginetl": the job label is the Service's app.kubernetes.io/name.
    String jobLabel = (String) field(monitor, "spec", "jobLabel");
    assertThat(service.getMetadata().getLabels()).containsEntry(jobLabel, "loginetl");
    List<Map<String, Object>> endpoints = list(monitor, "spec", "endpoints");
    assertThat(endpoints).singleElement().satisfies(endpoint -> assertThat(endpoint).containsExactlyInAnyOrderEntriesOf(Map.of(
        "port", "metrics", "path", "/metrics", "interval", "15s", "scrapeTimeout", "5s")));
  }

  @Test
  void disruptionBudgetCoversTheRunnerPodsOnly() {
    PodDisruptionBudget budget = defaults.only(PodDisruptionBudget.class);
    assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
    assertThat(budget.getSpec().getSelector().getMatchLabels())
        .isEqualTo(defaults.only(Deployment.class).getSpec().getSelector().getMatchLabels())
        .containsEntry("app.kubernetes.io/component", "runner");
    assertThat(everyOption.only(PodDisruptionBudget.class).getSpec().getMaxUnavailable().getIntVal()).isEqualTo(2);
  }

  private static Object field(GenericKubernetesResource resource, Object... path) {
    return resource.get(path);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(GenericKubernetesResource resource, Object... path) {
    return (Map<String, Object>) field(resource, path);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(GenericKubernetesResource resource, Object... path) {
    return (List<Map<String, Object>>) field(resource, path);
  }

  private static Map<String, Object> onlyTrigger(GenericKubernetesResource scaled) {
    List<Map<String, Object>> triggers = list(scaled, "spec", "triggers");
    assertThat(triggers).hasSize(1);
    return triggers.get(0);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> metadata(Map<String, Object> trigger) {
    return (Map<String, Object>) trigger.get("metadata");
  }
}
