package dev.loginetl.app.faults;

import dev.loginetl.app.faults.Ledger.Expect;
import dev.loginetl.app.faults.Ledger.Planned;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Login messages for the fault tests: valid ones, each with a user_id of its own, and, every
 * {@code invalidEvery}-th, one that must be rejected, in turn of each kind of rejection.
 */
final class Logins {
  private static final String[] DEVICE_TYPES = {"android", "ios", "web"};
  private static final String[] LOCALES = {"RU", "PH", "DE", "BR", "US"};

  private Logins() {}

  /** {@code count} messages; user ids start with {@code tag}. */
  static List<Planned> mixed(String tag, int count, int invalidEvery, Random random) {
    List<Planned> messages = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      if (invalidEvery > 0 && i % invalidEvery == invalidEvery - 1) {
        messages.add(new Planned(invalid(tag + "-" + i, i / invalidEvery, random), Expect.REJECTION, null));
      } else {
        String userId = tag + "-" + i;
        messages.add(new Planned(valid(userId, ip(random), deviceId(random), random), Expect.ROW, userId));
      }
    }
    return messages;
  }

  static String valid(String userId, String ip, String deviceId, Random random) {
    return "{\"user_id\":\"" + userId + "\",\"app_version\":\"" + random.nextInt(10) + "." + random.nextInt(10) + "."
        + random.nextInt(10) + "\",\"device_type\":\"" + DEVICE_TYPES[random.nextInt(DEVICE_TYPES.length)]
        + "\",\"ip\":\"" + ip + "\",\"locale\":\"" + LOCALES[random.nextInt(LOCALES.length)]
        + "\",\"device_id\":\"" + deviceId + "\"}";
  }

  /** One of seven kinds of invalid message, by {@code kind} modulo 7. */
  static String invalid(String userId, int kind, Random random) {
    String ip = ip(random);
    switch (kind % 7) {
      case 0:
        return "{\"foo\":\"oops_wrong_msg_type\",\"bar\":\"123\"}"; // MISSING_FIELD
      case 1:
        return "{\"user_id\":" + random.nextInt(1_000_000) + ",\"ip\":\"" + ip + "\"}"; // WRONG_TYPE
      case 2:
        return "{\"user_id\":\"" + userId + "\",\"ip\":\"" + ip; // NOT_JSON
      case 3:
        return "[\"" + userId + "\",\"" + ip + "\"]"; // NOT_OBJECT
      case 4:
        return "{\"user_id\":\"" + userId + "\",\"device_type\":\"" + "x".repeat(40) + "\"}"; // TOO_LONG
      case 5:
        return "{\"user_id\":\"" + userId + "\",\"user_id\":\"" + userId + "-again\"}"; // DUPLICATE_FIELD
      default:
        return "{\"user_id\":\"" + userId + "\\u0000\",\"ip\":\"" + ip + "\"}"; // INVALID_TEXT
    }
  }

  static String ip(Random random) {
    return (1 + random.nextInt(223)) + "." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256);
  }

  static String deviceId(Random random) {
    return String.format("%03d-%02d-%04d", random.nextInt(1000), random.nextInt(100), random.nextInt(10000));
  }
}
