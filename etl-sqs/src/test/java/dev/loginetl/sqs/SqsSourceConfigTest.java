package dev.loginetl.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SqsSourceConfigTest {

  private final SqsClientConfig client = SqsClientConfig.defaults();

  @Test
  void defaultsToTwentySecondLongPollsAndTheQueuesOwnVisibilityTimeout() {
    SqsSourceConfig config = SqsSourceConfig.of(client, "logins");

    assertThat(config.waitTime()).isEqualTo(Duration.ofSeconds(20));
    assertThat(config.visibilityTimeout()).isNull();
    assertThat(client.maxConnections()).isEqualTo(SqsClientConfig.DEFAULT_MAX_CONNECTIONS);
    assertThat(client.endpoint()).isNull();
    assertThat(client.region()).isNull();
    assertThat(client.credentials()).isNull();
  }

  @Test
  void tellsQueueUrlsFromQueueNames() {
    assertThat(SqsSourceConfig.of(client, "logins").queueIsUrl()).isFalse();
    assertThat(SqsSourceConfig.of(client, "https://sqs.eu-west-1.amazonaws.com/123/logins")
        .queueIsUrl()).isTrue();
    assertThat(SqsSourceConfig.of(client, "HTTP://127.0.0.1:9324/000000000000/logins")
        .queueIsUrl()).isTrue();
  }

  @Test
  void rejectsWaitTimesSqsCannotHonour() {
    SqsSourceConfig config = SqsSourceConfig.of(client, "logins");
    assertThatThrownBy(() -> config.withWaitTime(Duration.ofSeconds(21)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> config.withWaitTime(Duration.ofMillis(1_500)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> config.withWaitTime(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(config.withWaitTime(Duration.ZERO).waitTime()).isZero();
  }

  @Test
  void rejectsVisibilityTimeoutsSqsCannotHonour() {
    SqsSourceConfig config = SqsSourceConfig.of(client, "logins");
    assertThatThrownBy(() -> config.withVisibilityTimeout(Duration.ofHours(12).plusSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> config.withVisibilityTimeout(Duration.ofMillis(500)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(config.withVisibilityTimeout(Duration.ofHours(12)).visibilityTimeout())
        .isEqualTo(Duration.ofHours(12));
  }

  @Test
  void rejectsBlankQueuesEndpointsWithoutHostAndEmptyPools() {
    assertThatThrownBy(() -> SqsSourceConfig.of(client, " "))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> client.withEndpoint(URI.create("localhost:9324")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> client.withEndpoint(URI.create("ftp://localhost:9324")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> client.withMaxConnections(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> client.withRegion(""))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void credentialsNeverPrintTheirSecrets() {
    SqsCredentials credentials = new SqsCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI");
    SqsClientConfig withSecrets = client.withCredentials(credentials);

    assertThat(credentials).hasToString("***");
    assertThat(withSecrets.toString()).doesNotContain("AKIDEXAMPLE").doesNotContain("wJalrXUtnFEMI");
    assertThat(SqsSourceConfig.of(withSecrets, "q").toString()).doesNotContain("wJalrXUtnFEMI");
  }
}
