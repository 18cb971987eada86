package dev.loginetl.app.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loginetl.app.status.ShownSettings.Entry;
import dev.loginetl.core.pipeline.PipelineSettings;
import dev.loginetl.pii.MaskingStrategy;
import dev.loginetl.pii.key.PiiKeyset;
import dev.loginetl.pii.mask.Maskers;
import dev.loginetl.postgres.Password;
import dev.loginetl.postgres.PostgresConfig;
import dev.loginetl.sqs.SqsClientConfig;
import dev.loginetl.sqs.SqsCredentials;
import dev.loginetl.sqs.SqsSourceConfig;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShownSettingsTest {

  @Test
  void showsTheSettingsAndWithholdsPasswordKeyCredentialsAndUrlSecrets() {
    PipelineSettings pipeline = PipelineSettings.defaults().withReceivers(3).withWriters(2).withBatchSize(250)
        .withMaxInFlight(5000).withStopWhenEmpty(true);
    String dlqUrl = "https://sqs.eu-west-1.amazonaws.com/1/dlq?X-Amz-Security-Token=dlq-token-secret";
    SqsSourceConfig queue = SqsSourceConfig.of(
            SqsClientConfig.defaults().withEndpoint(URI.create("http://admin:endpoint-secret@127.0.0.1:9324"))
                .withRegion("eu-west-1").withCredentials(SqsCredentials.local()),
            "http://127.0.0.1:9324/000000000000/login-queue?token=queue-secret#frag-secret")
        .withWaitTime(Duration.ofSeconds(5));
    PostgresConfig database = PostgresConfig.of(
        "jdbc:postgresql://db.internal:5433/logins?sslmode=require&sslpassword=ssl-secret", "loader",
        Password.of("db-password-secret")).withPoolSize(3);
    PiiKeyset key = PiiKeyset.generate(MaskingStrategy.HMAC);

    ShownSettings settings = ShownSettings.of(queue, database, Maskers.create(MaskingStrategy.HMAC, key), pipeline, dlqUrl);

    Map<String, String> shown = new LinkedHashMap<>();
    settings.entries().forEach(e -> shown.put(e.name(), e.value()));
    assertThat(shown)
        .containsEntry("queue", "http://127.0.0.1:9324/000000000000/login-queue?***#***")
        .containsEntry("SQS endpoint", "http://***@127.0.0.1:9324")
        .containsEntry("region", "eu-west-1")
        .containsEntry("SQS credentials", "***")
        .containsEntry("long poll", "5 s")
        .containsEntry("visibility timeout", "the queue's own")
        .containsEntry("database", "jdbc:postgresql://db.internal:5433/logins?***")
        .containsEntry("database user", "loader")
        .containsEntry("database password", "***")
        .containsEntry("connection pool", "3")
        .containsEntry("masking key", "***")
        .containsEntry("receivers", "3")
        .containsEntry("writers", "2")
        .containsEntry("batch size", "250")
        .containsEntry("max in flight", "5000")
        .containsEntry("dead-letter queue", "https://sqs.eu-west-1.amazonaws.com/1/dlq?***")
        .containsEntry("until empty", "yes");
    assertThat(shown.get("masking")).startsWith("hmac");
    String all = settings.entries().stream().map(Entry::value).reduce("", String::concat);
    assertThat(all).doesNotContain("secret");
  }

  @Test
  void showsAFixedReceiverCountAsANumberAndAnAdaptiveOneWithItsBounds() {
    assertThat(ShownSettings.receivers(PipelineSettings.defaults().withReceivers(3))).isEqualTo("3");
    assertThat(ShownSettings.receivers(PipelineSettings.defaults().withAdaptiveReceivers(2, 32)))
        .isEqualTo("adaptive 2-32");
  }

  @Test
  void withholdsWholeWhatIsNotAUrl() {
    assertThat(ShownSettings.url("not a url with a secret")).isEqualTo("***");
    assertThat(ShownSettings.url("login-queue")).isEqualTo("***");
    assertThat(ShownSettings.url("https://sqs.us-east-1.amazonaws.com/123/q")).isEqualTo("https://sqs.us-east-1.amazonaws.com/123/q");
  }
}
