package dev.loginetl.testdata;

import java.util.Random;

/**
 * Message bodies shaped like the exercise's sample, for benchmarks: compact JSON objects of about
 * 150 bytes with {@code user_id} (a UUID), {@code app_version} ({@code 2.3.0}, {@code 0.60}, {@code
 * 9.10}, {@code 3.7}), {@code device_type} ({@code ios} or {@code android}), {@code ip} (IPv4),
 * {@code locale} (a country code, null in about 29%) and {@code device_id} ({@code NNN-NN-NNNN}).
 * Users, ips and device ids are drawn from limited pools, so values repeat as real logins do.
 *
 * <p>About {@value #MALFORMED_PERCENT}% of the bodies are malformed, in turn: of the wrong shape (the
 * sample's {@code {"foo":"oops_wrong_msg_type","bar":"123"}}), not JSON (a body cut short), and of
 * the wrong types ({@code ip} a number).
 *
 * <p>Deterministic: the same seed gives the same bodies in the same order. Not thread-safe; one
 * generator feeds one producer.
 */
public final class MessageGenerator {
  /** The share of malformed bodies, in percent. */
  public static final int MALFORMED_PERCENT = 1;
  /** Default pool sizes: distinct users, ips and device ids drawn from. */
  public static final int DEFAULT_USERS = 50_000;
  public static final int DEFAULT_DEVICES = 10_000;

  /** The kinds of body made. */
  public enum Kind { VALID, WRONG_SHAPE, NOT_JSON, WRONG_TYPE }

  /**
   * One generated body.
   *
   * @param body the JSON text (or, for {@link Kind#NOT_JSON}, not)
   * @param kind what it is
   */
  public record Generated(String body, Kind kind) {
    public boolean malformed() {
      return kind != Kind.VALID;
    }
  }

  // Country codes seen in the sample, the commonest first (weights follow it roughly).
  private static final String[] LOCALES = {
      "ID", "CN", "RU", "FR", "PT", "PH", "BR", "KR", "PA", "VN", "DE", "KE", "PE", "MT", "GR", "MD",
      "NI", "US", "CZ", "UA", "IR", "CA", "MK", "CU", "SI", "NG", "MA", "MN", "MX", "PL", "BG", "TH"};
  private static final int[] LOCALE_WEIGHTS = {
      9, 9, 7, 7, 4, 3, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
  private static final int LOCALE_TOTAL = sum(LOCALE_WEIGHTS);
  /** Of every 100 bodies, this many have a null locale, as in the sample (30 of 100, one malformed). */
  private static final int NULL_LOCALE_PERCENT = 29;

  private final Random random;
  private final String[] users;
  private final String[] ips;
  private final String[] deviceIds;
  private long made;
  private long malformed;

  /** A generator with the default pools. */
  public MessageGenerator(long seed) {
    this(seed, DEFAULT_USERS, DEFAULT_DEVICES);
  }

  /**
   * @param users how many distinct users to draw from, at least 1
   * @param devices how many distinct ips, and device ids, to draw from, at least 1
   */
  public MessageGenerator(long seed, int users, int devices) {
    if (users < 1 || devices < 1) {
      throw new IllegalArgumentException("pools must hold at least one value");
    }
    this.random = new Random(seed);
    this.users = new String[users];
    for (int i = 0; i < users; i++) {
      this.users[i] = uuid();
    }
    this.ips = new String[devices];
    this.deviceIds = new String[devices];
    for (int i = 0; i < devices; i++) {
      ips[i] = (1 + random.nextInt(254)) + "." + random.nextInt(256) + "." + random.nextInt(256) + "."
          + random.nextInt(256);
      deviceIds[i] = String.format("%03d-%02d-%04d", random.nextInt(1000), random.nextInt(100), random.nextInt(10000));
    }
  }

  /** The next body. */
  public Generated next() {
    made++;
    if (random.nextInt(100) < MALFORMED_PERCENT) {
      malformed++;
      Kind kind = Kind.values()[1 + (int) (malformed % 3)];
      return new Generated(malformedBody(kind), kind);
    }
    return new Generated(validBody(), Kind.VALID);
  }

  /** How many bodies were made so far. */
  public long made() {
    return made;
  }

  /** How many of them were malformed. */
  public long malformed() {
    return malformed;
  }

  private String validBody() {
    int device = random.nextInt(ips.length);
    StringBuilder json = new StringBuilder(176);
    json.append("{\"user_id\":\"").append(users[random.nextInt(users.length)])
        .append("\",\"app_version\":\"").append(version())
        .append("\",\"device_type\":\"").append(random.nextBoolean() ? "ios" : "android")
        .append("\",\"ip\":\"").append(ips[device])
        .append("\",\"locale\":");
    String locale = locale();
    if (locale == null) {
      json.append("null");
    } else {
      json.append('"').append(locale).append('"');
    }
    // The same device keeps its id; ip and device id are drawn together, as one phone would send them.
    json.append(",\"device_id\":\"").append(deviceIds[device]).append("\"}");
    return json.toString();
  }

  private String malformedBody(Kind kind) {
    switch (kind) {
      case WRONG_SHAPE:
        return "{\"foo\":\"oops_wrong_msg_type\",\"bar\":\"" + random.nextInt(1000) + "\"}";
      case NOT_JSON:
        String body = validBody();
        return body.substring(0, 10 + random.nextInt(body.length() - 20));
      case WRONG_TYPE:
        return "{\"user_id\":\"" + users[random.nextInt(users.length)] + "\",\"app_version\":\"" + version()
            + "\",\"device_type\":\"android\",\"ip\":" + random.nextInt() + ",\"locale\":null,\"device_id\":\""
            + deviceIds[random.nextInt(deviceIds.length)] + "\"}";
      default:
        throw new IllegalArgumentException("not a malformed kind: " + kind);
    }
  }

  /** Versions as the sample has them: 2.3.0 (half), 0.60 or 9.10 (a third), 3.7. */
  private String version() {
    int shape = random.nextInt(100);
    int major = random.nextInt(10);
    if (shape < 50) {
      return major + "." + random.nextInt(10) + "." + random.nextInt(10);
    }
    if (shape < 85) {
      return major + "." + random.nextInt(10) + random.nextInt(10);
    }
    return major + "." + random.nextInt(10);
  }

  private String locale() {
    if (random.nextInt(100) < NULL_LOCALE_PERCENT) {
      return null;
    }
    int pick = random.nextInt(LOCALE_TOTAL);
    for (int i = 0; i < LOCALES.length; i++) {
      pick -= LOCALE_WEIGHTS[i];
      if (pick < 0) {
        return LOCALES[i];
      }
    }
    return LOCALES[0];
  }

  private String uuid() {
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new java.util.UUID(high, low).toString();
  }

  private static int sum(int[] values) {
    int total = 0;
    for (int v : values) {
      total += v;
    }
    return total;
  }
}
