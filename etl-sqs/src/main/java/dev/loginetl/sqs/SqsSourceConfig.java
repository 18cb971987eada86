package dev.loginetl.sqs;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Locale;

/**
 * What {@link SqsMessageSource#open} needs: how to reach SQS, which queue, and how to poll it.
 *
 * @param client how to reach SQS
 * @param queue the queue: its URL (starting with {@code http://} or {@code https://}) or its name,
 *     which is resolved with {@code GetQueueUrl} at start
 * @param waitTime how long one receive waits for messages on an empty queue (long polling), 0 to 20
 *     whole seconds; default 20 s
 * @param visibilityTimeout how long a delivery stays hidden after a receive or an extension, a whole
 *     number of seconds from 0 to 12 hours; {@code null} (the default) to use the queue's own {@code
 *     VisibilityTimeout} attribute, read at start
 */
public record SqsSourceConfig(
    SqsClientConfig client, String queue, Duration waitTime, Duration visibilityTimeout) {

  public static final Duration DEFAULT_WAIT_TIME = Duration.ofSeconds(20);
  static final Duration MAX_WAIT_TIME = Duration.ofSeconds(20);
  static final Duration MAX_VISIBILITY_TIMEOUT = Duration.ofHours(12);

  public SqsSourceConfig {
    requireNonNull(client, "client");
    requireNonNull(queue, "queue");
    requireNonNull(waitTime, "waitTime");
    if (queue.isBlank()) {
      throw new IllegalArgumentException("SQS queue name or URL must not be blank");
    }
    requireWholeSeconds("waitTime", waitTime, MAX_WAIT_TIME);
    if (visibilityTimeout != null) {
      requireWholeSeconds("visibilityTimeout", visibilityTimeout, MAX_VISIBILITY_TIMEOUT);
    }
  }

  /** A source over {@code queue} (a URL or a name), long-polling 20 s, with the queue's timeout. */
  public static SqsSourceConfig of(SqsClientConfig client, String queue) {
    return new SqsSourceConfig(client, queue, DEFAULT_WAIT_TIME, null);
  }

  /** Whether {@link #queue()} is a URL rather than a name. */
  public boolean queueIsUrl() {
    return isUrl(queue);
  }

  public SqsSourceConfig withWaitTime(Duration newWaitTime) {
    return new SqsSourceConfig(client, queue, newWaitTime, visibilityTimeout);
  }

  public SqsSourceConfig withVisibilityTimeout(Duration newVisibilityTimeout) {
    return new SqsSourceConfig(client, queue, waitTime, newVisibilityTimeout);
  }

  static boolean isUrl(String queue) {
    String lower = queue.toLowerCase(Locale.ROOT);
    return lower.startsWith("http://") || lower.startsWith("https://");
  }

  private static void requireWholeSeconds(String name, Duration value, Duration max) {
    if (value.isNegative() || value.compareTo(max) > 0 || value.toNanosPart() != 0) {
      throw new IllegalArgumentException(
          name + " must be a whole number of seconds from 0 to " + max.toSeconds() + ", was " + value);
    }
  }
}
