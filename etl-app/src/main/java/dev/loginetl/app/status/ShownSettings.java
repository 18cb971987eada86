package dev.loginetl.app.status;

import dev.loginetl.core.pipeline.PipelineSettings;
import dev.loginetl.core.port.Masker;
import dev.loginetl.pii.mask.HmacMasker;
import dev.loginetl.pii.mask.TokenizingMasker;
import dev.loginetl.postgres.PostgresConfig;
import dev.loginetl.sqs.SqsClientConfig;
import dev.loginetl.sqs.SqsSourceConfig;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * The runner's settings as the status page shows them, secrets withheld: the database password,
 * SQS credentials and the masking key are shown as {@code ***}, and so are a URL's user
 * information, query and fragment, where a token could hide.
 *
 * @param entries name and shown value, in the order shown; copied
 */
public record ShownSettings(List<Entry> entries) {
  /** What is shown in place of a secret. */
  public static final String WITHHELD = "***";

  /** One setting: its name and the value shown, never null. */
  public record Entry(String name, String value) {}

  public ShownSettings {
    entries = List.copyOf(entries);
  }

  /**
   * The settings of a run over {@code queue} into {@code database}.
   *
   * @param dlqUrl the dead-letter queue rejected messages are forwarded to; null for none
   */
  public static ShownSettings of(SqsSourceConfig queue, PostgresConfig database, Masker masker,
      PipelineSettings pipeline, String dlqUrl) {
    List<Entry> entries = new ArrayList<>();
    SqsClientConfig client = queue.client();
    entries.add(new Entry("queue", queue.queueIsUrl() ? url(queue.queue()) : queue.queue()));
    entries.add(new Entry("SQS endpoint", client.endpoint() == null ? "the SDK's default" : url(client.endpoint().toString())));
    entries.add(new Entry("region", client.region() == null ? "the SDK's default" : client.region()));
    entries.add(new Entry("SQS credentials", client.credentials() == null ? "the SDK's default chain" : WITHHELD));
    entries.add(new Entry("long poll", queue.waitTime().toSeconds() + " s"));
    entries.add(new Entry("visibility timeout",
        queue.visibilityTimeout() == null ? "the queue's own" : queue.visibilityTimeout().toSeconds() + " s"));
    entries.add(new Entry("database", jdbcUrl(database)));
    entries.add(new Entry("database user", database.user()));
    entries.add(new Entry("database password", WITHHELD));
    entries.add(new Entry("connection pool", Integer.toString(database.poolSize())));
    entries.add(new Entry("masking", masking(masker)));
    entries.add(new Entry("masking key", WITHHELD));
    entries.add(new Entry("receivers", receivers(pipeline)));
    entries.add(new Entry("writers", Integer.toString(pipeline.writers())));
    entries.add(new Entry("batch size", Integer.toString(pipeline.batchSize())));
    entries.add(new Entry("linger", pipeline.linger().toMillis() + " ms"));
    entries.add(new Entry("max in flight", Integer.toString(pipeline.maxInFlight())));
    entries.add(new Entry("outage limit", pipeline.outageLimit().toSeconds() + " s"));
    entries.add(new Entry("dead-letter queue", dlqUrl == null ? "off" : url(dlqUrl)));
    entries.add(new Entry("until empty", pipeline.stopWhenEmpty() ? "yes" : "no"));
    return new ShownSettings(entries);
  }

  /** The receiver count as set: {@code 4} when fixed, {@code adaptive 2-32} when adaptive. */
  public static String receivers(PipelineSettings pipeline) {
    return pipeline.adaptiveReceivers()
        ? "adaptive " + pipeline.receivers() + "-" + pipeline.maxReceivers()
        : Integer.toString(pipeline.receivers());
  }

  /**
   * {@code url} without what may carry a credential: user information, query and fragment each
   * become {@value #WITHHELD}. Text that is not a URL is withheld whole.
   */
  static String url(String url) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      return WITHHELD;
    }
    if (uri.getScheme() == null || uri.getRawAuthority() == null) {
      return WITHHELD;
    }
    StringBuilder shown = new StringBuilder(uri.getScheme()).append("://");
    if (uri.getRawUserInfo() != null) {
      shown.append(WITHHELD).append('@');
    }
    String authority = uri.getRawAuthority();
    shown.append(authority.substring(authority.lastIndexOf('@') + 1));
    shown.append(uri.getRawPath() == null ? "" : uri.getRawPath());
    if (uri.getRawQuery() != null) {
      shown.append('?').append(WITHHELD);
    }
    if (uri.getRawFragment() != null) {
      shown.append('#').append(WITHHELD);
    }
    return shown.toString();
  }

  /** The JDBC URL's servers and database; its parameters, which may hold credentials, withheld. */
  static String jdbcUrl(PostgresConfig database) {
    return "jdbc:postgresql://" + database.server() + (database.jdbcUrl().indexOf('?') >= 0 ? "?" + WITHHELD : "");
  }

  private static String masking(Masker masker) {
    if (masker instanceof HmacMasker) {
      return "hmac (keyed HMAC-SHA256, irreversible)";
    }
    if (masker instanceof TokenizingMasker) {
      return "tokenize (AES-SIV, reversible with the key)";
    }
    return masker.getClass().getSimpleName();
  }
}
