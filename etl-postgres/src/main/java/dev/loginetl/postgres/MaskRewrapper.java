package dev.loginetl.postgres;

import static java.util.Objects.requireNonNull;

/**
 * What {@link RewrapJob} needs from the masking side: the text every mask under the current key
 * starts with, and a way to re-make an older mask under that key. This module knows nothing of
 * keys or ciphers; {@code etl-app} implements it with {@code etl-pii}.
 *
 * <p><b>An implementer must guarantee:</b> {@link #rewrap} is deterministic for a given mask and
 * key set; its result starts with {@link #currentPrefix()}; it reports a mask it cannot re-make as
 * {@link OneWay} or {@link Unrevealable} instead of throwing, and puts neither the mask nor its
 * value in what it returns. A {@link RuntimeException} it throws is a failure of the whole job: the
 * batch in progress is rolled back and the job stops. Called from one thread at a time.
 */
public interface MaskRewrapper {

  /** A column that holds masks. */
  enum Column {
    /** {@code user_logins.masked_ip}, the masks of the {@code ip} field. */
    MASKED_IP("masked_ip"),
    /** {@code user_logins.masked_device_id}, the masks of the {@code device_id} field. */
    MASKED_DEVICE_ID("masked_device_id"),
    /** {@code user_logins.masked_ip_net}, the masks of the ip's network. */
    MASKED_IP_NET("masked_ip_net");

    private final String sqlName;

    Column(String sqlName) {
      this.sqlName = sqlName;
    }

    /** The column's name in SQL. */
    public String sqlName() {
      return sqlName;
    }
  }

  /** What every mask made now starts with; a stored mask that does not needs rewrapping. */
  String currentPrefix();

  /** {@code mask}, a mask of {@code column} that does not start with {@link #currentPrefix()}, re-made. */
  Outcome rewrap(Column column, String mask);

  /** The outcome of one {@link #rewrap}. */
  sealed interface Outcome permits Rewrapped, OneWay, Unrevealable {}

  /** The mask re-made under the current key. {@code toString} does not show it. */
  record Rewrapped(String mask) implements Outcome {
    public Rewrapped {
      requireNonNull(mask, "mask");
    }

    @Override
    public String toString() {
      return "Rewrapped[***]";
    }
  }

  /** A one-way (HMAC) mask: no key recovers its value, so it stays under the key that made it. */
  record OneWay() implements Outcome {}

  /**
   * A mask that cannot be opened: malformed, made with a key the key set lacks, or altered. It is
   * left as it is.
   *
   * @param reason a machine-readable reason, such as {@code UNKNOWN_KEY}; never the mask
   */
  record Unrevealable(String reason) implements Outcome {
    public Unrevealable {
      requireNonNull(reason, "reason");
    }
  }
}
