package dev.loginetl.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@code deploy/iam-policy.json} (the runner's role) and {@code deploy/iam-policy-redrive.json} (the
 * role of whoever runs {@code loginetl redrive}) against the IAM policy grammar's shape and against
 * the code: together they grant exactly the SQS actions the code calls, and the runner's role none
 * of the move-task actions only {@code redrive} needs.
 *
 * <p>How the called SQS actions are found: every operation method of the SDK's {@link SqsClient}
 * (by reflection, so the list is the SDK's, not ours) is looked for as a call, {@code .operation(},
 * in etl-sqs's main sources (the only module that holds an SQS client). A batch operation needs the
 * action of its single form ({@code DeleteMessageBatch} is authorised by {@code
 * sqs:DeleteMessage}). Chosen over recording calls during the ITs because it also sees paths the
 * tests do not take (the dead-letter forward), and over a hand-kept list in etl-sqs because a list
 * can drift from the calls. Its limit: a call made by reflection or through another module would
 * escape it; no such call exists.
 *
 * <p>No real IAM is reachable here; the shape checked is what IAM's policy grammar requires.
 */
class IamPolicyTest {
  private static final Path POLICY = DeployFiles.DEPLOY.resolve("iam-policy.json");
  private static final Path REDRIVE_POLICY = DeployFiles.DEPLOY.resolve("iam-policy-redrive.json");
  /** What only {@code loginetl redrive} calls: SQS's own move of a dead-letter queue's messages. */
  private static final Set<String> REDRIVE_ONLY =
      Set.of("sqs:StartMessageMoveTask", "sqs:ListMessageMoveTasks", "sqs:CancelMessageMoveTask");
  private static final Path SQS_SOURCES =
      Path.of(System.getProperty("loginetl.sqs.sources", "../etl-sqs/src/main/java")).toAbsolutePath().normalize();
  /**
   * Operations etl-sqs calls that the runner never does: {@code SqsQueueAdmin} creates and deletes
   * queues for {@code seed}, the lab and tests. The runner only opens it for a dead-letter sender.
   */
  private static final Set<String> NOT_THE_RUNNERS = Set.of("sqs:CreateQueue", "sqs:DeleteQueue");
  private static final Pattern ACTION = Pattern.compile("[a-z0-9-]+:[A-Za-z]+");
  private static final Pattern ARN = Pattern.compile("arn:aws:[a-z0-9-]+:[A-Z_]*:[A-Z_]*:.+");

  private final JsonNode policy = read(POLICY);
  private final JsonNode redrivePolicy = read(REDRIVE_POLICY);

  @Test
  void isAnIamPolicyDocument() {
    assertIsAPolicyDocument(policy);
  }

  @Test
  void theRedrivePolicyIsAnIamPolicyDocument() {
    assertIsAPolicyDocument(redrivePolicy);
  }

  private static void assertIsAPolicyDocument(JsonNode policy) {
    assertThat(fieldNames(policy)).containsExactlyInAnyOrder("Version", "Statement");
    assertThat(policy.get("Version").asText()).isEqualTo("2012-10-17");
    assertThat(policy.get("Statement").isArray()).isTrue();
    Set<String> sids = new HashSet<>();
    for (JsonNode statement : policy.get("Statement")) {
      assertThat(fieldNames(statement)).containsExactlyInAnyOrder("Sid", "Effect", "Action", "Resource");
      assertThat(statement.get("Sid").asText()).matches("[A-Za-z0-9]+");
      assertThat(sids.add(statement.get("Sid").asText())).as("Sids are unique").isTrue();
      assertThat(statement.get("Effect").asText()).isEqualTo("Allow");
      assertThat(strings(statement.get("Action"))).isNotEmpty().allMatch(a -> ACTION.matcher(a).matches(),
          "service:Action");
      assertThat(strings(statement.get("Resource"))).isNotEmpty().allMatch(r -> ARN.matcher(r).matches(),
          "an ARN with placeholders, never *");
    }
  }

  @Test
  void grantsEverySqsActionTheCodeCallsAndNoOther() throws IOException {
    Set<String> called = calledSqsActions();
    assertThat(called).as("the scan finds the calls at all").contains("sqs:ReceiveMessage", "sqs:SendMessage");
    called.removeAll(NOT_THE_RUNNERS);
    Set<String> runner = sqsActions(policy);
    Set<String> both = sqsActions(redrivePolicy);
    both.addAll(runner);
    assertThat(both).isEqualTo(called);
    assertThat(called).containsAll(REDRIVE_ONLY);
    assertThat(runner).as("the runner's role").doesNotContainAnyElementsOf(REDRIVE_ONLY);
  }

  private static Set<String> sqsActions(JsonNode policy) {
    Set<String> granted = new TreeSet<>();
    for (JsonNode statement : policy.get("Statement")) {
      strings(statement.get("Action")).stream().filter(a -> a.startsWith("sqs:")).forEach(granted::add);
    }
    return granted;
  }

  @Test
  void sendsOnlyToTheDeadLetterQueue() {
    for (JsonNode statement : policy.get("Statement")) {
      if (strings(statement.get("Action")).contains("sqs:SendMessage")) {
        assertThat(strings(statement.get("Resource"))).containsExactly("arn:aws:sqs:REGION:ACCOUNT_ID:DEAD_LETTER_QUEUE_NAME");
      }
      if (strings(statement.get("Action")).contains("sqs:ReceiveMessage")) {
        assertThat(strings(statement.get("Resource"))).containsExactly("arn:aws:sqs:REGION:ACCOUNT_ID:QUEUE_NAME");
      }
    }
  }

  @Test
  void grantsKmsDecryptAndIamDatabaseLogin() {
    Map<String, List<String>> byAction = new TreeMap<>();
    for (JsonNode statement : policy.get("Statement")) {
      for (String action : strings(statement.get("Action"))) {
        byAction.put(action, strings(statement.get("Resource")));
      }
    }
    assertThat(byAction).containsKeys("kms:Decrypt", "rds-db:connect");
    assertThat(byAction.get("rds-db:connect")).allMatch(r -> r.startsWith("arn:aws:rds-db:") && r.contains(":dbuser:"));
  }

  /** {@code sqs:Action} for each SqsClient operation called in etl-sqs's main sources. */
  static Set<String> calledSqsActions() throws IOException {
    Set<String> operations = new TreeSet<>();
    for (Method method : SqsClient.class.getMethods()) {
      if (!Modifier.isStatic(method.getModifiers()) && method.getDeclaringClass() == SqsClient.class
          && method.getParameterCount() == 1 && method.getReturnType().getSimpleName().endsWith("Response")) {
        operations.add(method.getName());
      }
    }
    assertThat(operations).as("SqsClient's operations").contains("receiveMessage", "deleteMessageBatch");
    Pattern call = Pattern.compile("\\.(" + String.join("|", operations) + ")\\(");
    Set<String> actions = new TreeSet<>();
    assertThat(SQS_SOURCES).isDirectory();
    try (Stream<Path> files = Files.walk(SQS_SOURCES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        Matcher matcher = call.matcher(Files.readString(file));
        while (matcher.find()) {
          String operation = matcher.group(1).replaceFirst("Batch$", "");
          actions.add("sqs:" + Character.toUpperCase(operation.charAt(0)) + operation.substring(1));
        }
      }
    }
    return actions;
  }

  private static List<String> strings(JsonNode node) {
    if (node.isTextual()) {
      return List.of(node.asText());
    }
    assertThat(node.isArray()).as("a string or an array of strings").isTrue();
    return Stream.of(node).flatMap(n -> {
      List<String> values = new java.util.ArrayList<>();
      n.forEach(v -> values.add(v.asText()));
      return values.stream();
    }).toList();
  }

  private static Set<String> fieldNames(JsonNode node) {
    Set<String> names = new HashSet<>();
    Iterator<String> it = node.fieldNames();
    it.forEachRemaining(names::add);
    return names;
  }

  private static JsonNode read(Path file) {
    try {
      return new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new AssertionError(file.getFileName() + " is not JSON: " + e.getMessage(), e);
    }
  }
}
