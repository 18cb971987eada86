package dev.loginetl.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ECS alternative: a Fargate task definition (RegisterTaskDefinition's input) and Application
 * Auto Scaling's scalable target and target-tracking policy (RegisterScalableTarget's and
 * PutScalingPolicy's inputs), as strict JSON with what those APIs require, and consistent with each
 * other and with the Helm chart's runner.
 */
class EcsFilesTest {
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  /** Fargate's task sizes: CPU units to the memory (MiB) it allows, from the ECS developer guide. */
  private static final Map<Integer, List<Integer>> FARGATE_SIZES = fargateSizes();

  private static JsonNode task;
  private static JsonNode target;
  private static JsonNode policy;

  @BeforeAll
  static void read() throws IOException {
    task = read("task-definition.json");
    target = read("scalable-target.json");
    policy = read("scaling-policy.json");
  }

  private static JsonNode read(String name) throws IOException {
    Path file = DeployFiles.existing(DeployFiles.ECS.resolve(name));
    return JSON.readTree(file.toFile());
  }

  @Test
  void taskDefinitionHasWhatFargateRequires() {
    assertThat(task.path("family").asText()).matches("[A-Za-z0-9_-]{1,255}");
    assertThat(texts(task.path("requiresCompatibilities"))).containsExactly("FARGATE");
    assertThat(task.path("networkMode").asText()).isEqualTo("awsvpc");
    // Fargate takes task-level cpu and memory as strings, in one of its fixed combinations.
    assertThat(task.path("cpu").isTextual()).isTrue();
    assertThat(task.path("memory").isTextual()).isTrue();
    int cpu = Integer.parseInt(task.path("cpu").asText());
    int memory = Integer.parseInt(task.path("memory").asText());
    assertThat(FARGATE_SIZES).containsKey(cpu);
    assertThat(FARGATE_SIZES.get(cpu)).contains(memory);
    // Pulling from ECR, reading Secrets Manager and SSM, writing to CloudWatch Logs need it.
    assertThat(task.path("executionRoleArn").asText()).matches("arn:aws:iam::\\d{12}:role/.+");
    assertThat(task.path("taskRoleArn").asText()).matches("arn:aws:iam::\\d{12}:role/.+");
  }

  @Test
  void everyContainerHasANameAnImageAndSaysWhetherItIsEssential() {
    JsonNode containers = task.path("containerDefinitions");
    assertThat(containers.isArray()).isTrue();
    assertThat(containers).isNotEmpty();
    for (JsonNode container : containers) {
      assertThat(container.path("name").asText()).isNotBlank();
      assertThat(container.path("image").asText()).isNotBlank();
      assertThat(container.path("essential").isBoolean()).as("essential of %s", container.path("name")).isTrue();
    }
    assertThat(runner().path("essential").asBoolean()).isTrue();
  }

  @Test
  void runsAsTheImagesNonRootUserWithAReadOnlyRootAndAWritableTmp() {
    JsonNode runner = runner();
    assertThat(runner.path("user").asText()).isEqualTo("10001:10001");
    assertThat(runner.path("readonlyRootFilesystem").asBoolean()).isTrue();
    assertThat(texts(runner.path("linuxParameters").path("capabilities").path("drop"))).containsExactly("ALL");
    JsonNode tmp = StreamSupport.stream(runner.path("mountPoints").spliterator(), false)
        .filter(m -> m.path("containerPath").asText().equals("/tmp")).findFirst().orElseThrow();
    Set<String> volumes = new HashSet<>();
    task.path("volumes").forEach(v -> volumes.add(v.path("name").asText()));
    assertThat(volumes).contains(tmp.path("sourceVolume").asText());
  }

  @Test
  void takesThePasswordAndTheMaskingKeyFromSecretsManagerOrSsmOnly() {
    Map<String, String> secrets = new HashMap<>();
    runner().path("secrets").forEach(s -> secrets.put(s.path("name").asText(), s.path("valueFrom").asText()));

    assertThat(secrets).containsOnlyKeys("PGPASSWORD", "LOGINETL_KEY");
    assertThat(secrets.values()).allMatch(arn -> arn.startsWith("arn:aws:secretsmanager:") || arn.startsWith("arn:aws:ssm:"));
    assertThat(environment().keySet()).doesNotContainAnyElementsOf(secrets.keySet());
    assertThat(environment().keySet()).noneMatch(name -> name.contains("PASSWORD") || name.contains("KEY"));
  }

  @Test
  void setsTheSameRunnerSettingsAsTheHelmChart() {
    Manifests chart = HelmChart.committed().render();
    Set<String> chartNames = new HashSet<>(chart.runnerEnv().keySet());
    // On ECS the key itself comes as a secret variable (LOGINETL_KEY), not as a mounted file.
    chartNames.remove("LOGINETL_KEY_FILE");
    chartNames.add("LOGINETL_KEY");
    // So does the password (PGPASSWORD): ECS injects secrets as variables, and a new task reads a new one.
    chartNames.remove("LOGINETL_DB_PASSWORD_FILE");
    chartNames.add("PGPASSWORD");
    Set<String> ecsNames = new HashSet<>(environment().keySet());
    runner().path("secrets").forEach(s -> ecsNames.add(s.path("name").asText()));

    assertThat(ecsNames).containsAll(chartNames);
    assertThat(texts(runner().path("command"))).isEqualTo(chart.runner().getArgs());
    // The same time to finish in-flight work on SIGTERM as the chart derives (Fargate allows 120 s).
    long grace = chart.only(Deployment.class).getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();
    assertThat(runner().path("stopTimeout").asLong()).isEqualTo(grace).isLessThanOrEqualTo(120);
  }

  @Test
  void checksHealthOnTheMetricsPortAndLogsToCloudWatch() {
    JsonNode runner = runner();
    String port = environment().get("LOGINETL_METRICS_PORT");
    assertThat(runner.path("portMappings")).anySatisfy(mapping -> assertThat(mapping.path("containerPort").asText()).isEqualTo(port));

    JsonNode health = runner.path("healthCheck");
    List<String> command = texts(health.path("command"));
    assertThat(command.get(0)).isIn("CMD", "CMD-SHELL");
    assertThat(String.join(" ", command)).contains("/dev/tcp/127.0.0.1/" + port, "GET /health ");
    assertThat(health.path("interval").asInt()).isBetween(5, 300);
    assertThat(health.path("timeout").asInt()).isBetween(2, 60);
    assertThat(health.path("retries").asInt()).isBetween(1, 10);
    // Like the chart's liveness probe: a task is replaced only after failing longer than the outage limit.
    int outageLimit = Integer.parseInt(environment().get("LOGINETL_OUTAGE_LIMIT"));
    assertThat(health.path("interval").asInt() * health.path("retries").asInt()).isGreaterThanOrEqualTo(outageLimit);

    JsonNode logs = runner.path("logConfiguration");
    assertThat(logs.path("logDriver").asText()).isEqualTo("awslogs");
    assertThat(logs.path("options").path("awslogs-group").asText()).isNotBlank();
    assertThat(logs.path("options").path("awslogs-region").asText()).isEqualTo(environment().get("AWS_REGION"));
    assertThat(logs.path("options").path("awslogs-stream-prefix").asText()).isNotBlank();
    assertThat(environment()).containsEntry("LOGINETL_LOG_FORMAT", "json");
  }

  @Test
  void scalingPolicyTracksTheBacklogPerRunningTask() {
    assertThat(policy.path("PolicyName").asText()).isNotBlank();
    assertThat(policy.path("PolicyType").asText()).isEqualTo("TargetTrackingScaling");
    JsonNode configuration = policy.path("TargetTrackingScalingPolicyConfiguration");
    assertThat(configuration.path("TargetValue").isNumber()).isTrue();
    assertThat(configuration.path("TargetValue").asDouble()).isPositive();
    assertThat(configuration.has("PredefinedMetricSpecification")).isFalse();

    JsonNode metrics = configuration.path("CustomizedMetricSpecification").path("Metrics");
    Map<String, JsonNode> byId = new HashMap<>();
    List<JsonNode> returned = new ArrayList<>();
    for (JsonNode metric : metrics) {
      String id = metric.path("Id").asText();
      assertThat(id).matches("[a-z][a-zA-Z0-9_]*");
      assertThat(byId.put(id, metric)).as("metric id %s given twice", id).isNull();
      if (metric.path("ReturnData").asBoolean(true)) {
        returned.add(metric);
      }
    }
    // One time series comes back: the expression, which divides what is visible by the running tasks.
    assertThat(returned).hasSize(1);
    String expression = returned.get(0).path("Expression").asText();
    Matcher ids = Pattern.compile("[a-z][a-zA-Z0-9_]*").matcher(expression);
    List<String> used = new ArrayList<>();
    while (ids.find()) {
      used.add(ids.group());
    }
    assertThat(used).hasSize(2);
    JsonNode numerator = byId.get(used.get(0)).path("MetricStat").path("Metric");
    JsonNode denominator = byId.get(used.get(1)).path("MetricStat").path("Metric");
    assertThat(expression).matches("\\s*" + used.get(0) + "\\s*/\\s*" + used.get(1) + "\\s*");
    assertThat(numerator.path("Namespace").asText()).isEqualTo("AWS/SQS");
    assertThat(numerator.path("MetricName").asText()).isEqualTo("ApproximateNumberOfMessagesVisible");
    assertThat(denominator.path("Namespace").asText()).isEqualTo("ECS/ContainerInsights");
    assertThat(denominator.path("MetricName").asText()).isEqualTo("RunningTaskCount");

    // The queue is the one the task reads, the tasks those of the service the policy scales.
    String queueName = Path.of(URI.create(environment().get("LOGINETL_QUEUE_URL")).getPath()).getFileName().toString();
    assertThat(dimensions(numerator)).containsExactlyEntriesOf(Map.of("QueueName", queueName));
    String[] resource = policy.path("ResourceId").asText().split("/");
    assertThat(resource).hasSize(3);
    assertThat(resource[0]).isEqualTo("service");
    assertThat(dimensions(denominator)).containsExactlyInAnyOrderEntriesOf(Map.of("ClusterName", resource[1], "ServiceName", resource[2]));
  }

  @Test
  void scalableTargetIsTheServiceThePolicyScales() {
    for (String field : List.of("ServiceNamespace", "ResourceId", "ScalableDimension")) {
      assertThat(target.path(field).asText()).as(field).isEqualTo(policy.path(field).asText()).isNotBlank();
    }
    assertThat(target.path("ServiceNamespace").asText()).isEqualTo("ecs");
    assertThat(target.path("ScalableDimension").asText()).isEqualTo("ecs:service:DesiredCount");
    // At least one task: the policy divides by the running task count.
    assertThat(target.path("MinCapacity").asInt()).isGreaterThanOrEqualTo(1);
    assertThat(target.path("MaxCapacity").asInt()).isGreaterThanOrEqualTo(target.path("MinCapacity").asInt());
  }

  @Test
  void connectsWithTheServersCertificateCheckedAgainstAnRdsCaBundleItIsGiven() {
    Map<String, String> parameters = new HashMap<>();
    String url = environment().get("LOGINETL_JDBC_URL");
    for (String pair : url.substring(url.indexOf('?') + 1).split("&")) {
      parameters.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
    }
    // pgjdbc checks no certificate under require; verify-full checks the CA and the host name.
    assertThat(parameters).containsEntry("sslmode", "verify-full");
    String bundle = parameters.get("sslrootcert");
    assertThat(bundle).startsWith("/");
    String directory = bundle.substring(0, bundle.lastIndexOf('/'));

    // The bundle's folder is a task volume, read-only for the runner...
    JsonNode mount = StreamSupport.stream(runner().path("mountPoints").spliterator(), false)
        .filter(m -> m.path("containerPath").asText().equals(directory)).findFirst()
        .orElseThrow(() -> new AssertionError("the runner mounts nothing at " + directory));
    assertThat(mount.path("readOnly").asBoolean()).isTrue();
    String volume = mount.path("sourceVolume").asText();
    // ...written before the runner starts by a container it waits for, which must succeed.
    JsonNode writer = StreamSupport.stream(task.path("containerDefinitions").spliterator(), false)
        .filter(c -> !c.path("name").asText().equals("loginetl"))
        .filter(c -> StreamSupport.stream(c.path("mountPoints").spliterator(), false)
            .anyMatch(m -> m.path("sourceVolume").asText().equals(volume) && !m.path("readOnly").asBoolean()))
        .findFirst().orElseThrow(() -> new AssertionError("no container writes volume " + volume));
    assertThat(writer.path("essential").asBoolean()).isFalse();
    assertThat(texts(writer.path("command"))).anyMatch(command -> command.contains(bundle));
    assertThat(runner().path("dependsOn")).anySatisfy(dependency -> {
      assertThat(dependency.path("containerName").asText()).isEqualTo(writer.path("name").asText());
      assertThat(dependency.path("condition").asText()).isEqualTo("SUCCESS");
    });
    // The bundle it writes comes from Secrets Manager or SSM, as the other secrets do.
    assertThat(writer.path("secrets")).allSatisfy(secret -> assertThat(secret.path("valueFrom").asText())
        .matches("arn:aws:(secretsmanager|ssm):.+"));
  }

  private static JsonNode runner() {
    return StreamSupport.stream(task.path("containerDefinitions").spliterator(), false)
        .filter(c -> c.path("name").asText().equals("loginetl"))
        .findFirst().orElseThrow(() -> new AssertionError("no container named loginetl"));
  }

  private static Map<String, String> environment() {
    Map<String, String> env = new HashMap<>();
    for (JsonNode var : runner().path("environment")) {
      String name = var.path("name").asText();
      assertThat(env.put(name, var.path("value").asText())).as("%s set twice", name).isNull();
    }
    return env;
  }

  private static Map<String, String> dimensions(JsonNode metric) {
    return StreamSupport.stream(metric.path("Dimensions").spliterator(), false)
        .collect(Collectors.toMap(d -> d.path("Name").asText(), d -> d.path("Value").asText()));
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(node -> texts.add(node.asText()));
    return texts;
  }

  private static Map<Integer, List<Integer>> fargateSizes() {
    Map<Integer, List<Integer>> sizes = new HashMap<>();
    sizes.put(256, List.of(512, 1024, 2048));
    sizes.put(512, range(1024, 4096, 1024));
    sizes.put(1024, range(2048, 8192, 1024));
    sizes.put(2048, range(4096, 16384, 1024));
    sizes.put(4096, range(8192, 30720, 1024));
    sizes.put(8192, range(16384, 61440, 4096));
    sizes.put(16384, range(32768, 122880, 8192));
    return sizes;
  }

  private static List<Integer> range(int from, int to, int step) {
    List<Integer> values = new ArrayList<>();
    for (int value = from; value <= to; value += step) {
      values.add(value);
    }
    return values;
  }
}
