package dev.loginetl.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Values that must not install: Helm's own schema errors (values.schema.json) and the chart's
 * {@code fail} for settings that are valid alone but not together.
 */
class ValuesValidationTest {
  private static final String SCHEMA_ERROR = "values don't meet the specifications of the schema(s) in the following chart(s):";

  @Test
  void rejectsAWrongTypeWithHelmsSchemaError() {
    assertThatThrownBy(() -> HelmChart.committed().template(DeployFiles.testResource("values/wrong-type.yaml")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(SCHEMA_ERROR)
        .hasMessageContaining("pipeline.writers: Invalid type. Expected: integer, given: string");
  }

  @Test
  void rejectsAnUnknownKeyWithHelmsSchemaError() {
    assertThatThrownBy(() -> HelmChart.committed().template(DeployFiles.testResource("values/unknown-key.yaml")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(SCHEMA_ERROR)
        .hasMessageContaining("pipeline: Additional property maxInflight is not allowed");
  }

  @Test
  void refusesMoreReplicasThanTheDatabaseConnectionBudgetAllows() {
    assertThatThrownBy(() -> HelmChart.committed().template(DeployFiles.testResource("values/too-many-connections.yaml")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("up to 21 runner pods (keda.maxReplicaCount 20 + rollingUpdate.maxSurge 1)")
        .hasMessageContaining("× (pipeline.writers 4 + 3) + 3 for the migration and retention jobs = 150, more than database.connectionBudget 100");
  }

  @Test
  void acceptsReplicasThatExactlyFillTheConnectionBudget() {
    // (8 + 1) × (4 + 3) + 3 = 66: the budget of 66 is enough, and the render succeeds.
    Manifests manifests = HelmChart.committed().render(
        DeployFiles.testResource("values/keda-on.yaml"), DeployFiles.testResource("values/budget-exactly-filled.yaml"));

    assertThat(manifests.kindsAndNames()).contains("ScaledObject/" + HelmChart.FULLNAME);
  }

  @Test
  void refusesToCountInFlightMessagesWithAQueueLengthBelowMaxInFlight() {
    assertThatThrownBy(() -> HelmChart.committed().template(
            DeployFiles.testResource("values/in-flight-counted-below-max-in-flight.yaml")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("keda.queueLength 1000 below that would make replicas ask for more replicas");
  }

  @Test
  void schemaNamesTheKeysOfEveryObjectAndAllowsNoOthers() throws IOException {
    JsonNode schema = new ObjectMapper().readTree(DeployFiles.CHART.resolve("values.schema.json").toFile());
    List<String> open = new ArrayList<>();
    collectOpenObjects(schema, "", open);

    assertThat(schema.get("$schema").asText()).isEqualTo("http://json-schema.org/draft-07/schema#");
    assertThat(open).as("object schemas that accept keys they do not name").isEmpty();
  }

  /**
   * Every schema with "properties" must say "additionalProperties": false; a map (labels,
   * annotations) must give its values a type rather than accept anything.
   */
  private static void collectOpenObjects(JsonNode node, String path, List<String> open) {
    if (node.isObject()) {
      if (node.has("properties")) {
        JsonNode additional = node.get("additionalProperties");
        if (additional == null || !additional.isBoolean() || additional.asBoolean()) {
          open.add(path.isEmpty() ? "(root)" : path);
        }
      } else if (node.path("type").asText().equals("object")) {
        JsonNode additional = node.get("additionalProperties");
        if (additional == null || !additional.isObject() || !additional.has("type")) {
          open.add(path);
        }
      }
      for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
        Map.Entry<String, JsonNode> field = fields.next();
        collectOpenObjects(field.getValue(), path + "/" + field.getKey(), open);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        collectOpenObjects(node.get(i), path + "/" + i, open);
      }
    }
  }
}
