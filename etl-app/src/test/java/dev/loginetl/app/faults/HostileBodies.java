package dev.loginetl.app.faults;

import dev.loginetl.app.faults.Ledger.Expect;
import dev.loginetl.app.faults.Ledger.Planned;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Hostile message bodies, by family, each with where it should end (a row, a rejection, or either
 * when the family is random mutation).
 *
 * <p><b>What the wire can carry.</b> An SQS body is a string of Unicode characters from a fixed
 * set: tab, line feed, carriage return, U+0020 to U+D7FF, U+E000 to U+FFFD and U+10000 to
 * U+10FFFF. So a raw U+0000, a raw unpaired surrogate, U+FFFE/U+FFFF, or bytes that are not UTF-8
 * cannot reach the runner at all: SQS refuses them at send, and the ledger counts them as refused
 * by the queue. Such a body is still generated (it is what a broken producer would try), and the
 * same content is also sent in the form that the wire does carry: JSON escapes ({@code \u0000},
 * {@code \ud800}), which the parser must decode and refuse, and U+FFFD, which is what a lenient
 * decoder makes of invalid UTF-8 bytes before the body is sent.
 */
final class HostileBodies {
  /** The longest user_id, device_type, locale and app_version the columns take, in code points. */
  private static final Map<String, Integer> LIMITS = Map.of(
      "user_id", 128, "device_type", 32, "locale", 32, "app_version", 64, "ip", Integer.MAX_VALUE,
      "device_id", Integer.MAX_VALUE);
  private static final List<String> FIELDS = List.of("user_id", "device_type", "ip", "device_id", "locale", "app_version");

  /** SQL and COPY-text payloads: quotes, comments, statement breaks, COPY's markers and escapes. */
  static final List<String> SQL = List.of(
      "'; DROP TABLE user_logins; --",
      "Robert'); DROP TABLE user_logins_rejected;--",
      "' OR '1'='1",
      "1; DELETE FROM user_logins WHERE 1=1",
      "$$; SELECT pg_sleep(30); $$",
      "\\N",
      "\\.",
      "a\tb\tc",
      "line\nbreak\r\nx",
      "back\\slash\\\\",
      "E'\\x00'",
      "\\x41\\101",
      "%s%n%x",
      "\"quoted\"",
      "/* comment */ SELECT 1",
      "COPY user_logins FROM PROGRAM 'id'",
      "user_logins\u0001\u0002\u001f",
      "NULL",
      "null",
      "ROLLBACK; COMMIT;");

  private static final List<String> MUTATION_PIECES =
      List.of("{", "}", "[", "]", "\"", ":", ",", "\\", "0", " ", "a", "\u00E9", "\u20AC", "\uD83D\uDE00", "\\u0000");

  private final Random random;
  private final Map<String, Integer> counts = new LinkedHashMap<>();
  private final List<Planned> bodies = new ArrayList<>();
  private int serial;

  HostileBodies(Random random) {
    this.random = random;
  }

  /** Every family; more than 10,000 bodies. */
  List<Planned> all() {
    invalidJson(1000);
    invalidUtf8(600);
    arraysAndScalars(500);
    deepNesting(200);
    maximumSize();
    hugeNumbers(600);
    nulCharactersAndSurrogates(1000);
    sqlInEveryField(1000);
    wrongTypes(1000);
    duplicatedKeys(1000);
    mutations(3200);
    return List.copyOf(bodies);
  }

  /** How many bodies each family made. */
  Map<String, Integer> counts() {
    return Map.copyOf(counts);
  }

  // ------------------------------------------------------------------ families

  void invalidJson(int n) {
    for (int i = 0; i < n; i++) {
      String valid = valid(userId());
      switch (i % 5) {
        case 0 -> add("invalid-json", valid.substring(0, 1 + random.nextInt(valid.length() - 1)), Expect.REJECTION);
        case 1 -> add("invalid-json", valid + (random.nextBoolean() ? "}" : " x"), Expect.REJECTION);
        case 2 -> add("invalid-json", valid.replace(":", random.nextBoolean() ? "=" : ""), Expect.REJECTION);
        case 3 -> add("invalid-json", garbage(1 + random.nextInt(200)), Expect.REJECTION);
        default -> add("invalid-json", List.of(" ", "\t\n", "{", "}", "{\"user_id\"}", "{'user_id':'x'}", "{user_id:1}",
            "NaN", "{\"user_id\":\"a\",}", "{\"user_id\":\"a\"\"ip\":\"b\"}").get(i / 5 % 10), Expect.REJECTION);
      }
    }
  }

  /** See the class comment: raw invalid text is refused by the wire; its decoded forms are sent. */
  void invalidUtf8(int n) {
    for (int i = 0; i < n; i++) {
      String id = userId();
      switch (i % 6) {
        case 0 -> add("invalid-utf8", valid(id).replace("\",\"ip", "\uD800\",\"ip"), Expect.REJECTION); // refused
        case 1 -> add("invalid-utf8", valid(id).replace("\",\"ip", "\uDC80\uDCC3\",\"ip"), Expect.REJECTION); // refused
        case 2 -> add("invalid-utf8", "\uFFFE" + valid(id), Expect.REJECTION); // refused
        case 3 -> addRow("invalid-utf8", id + "\uFFFD\uFFFD", Map.of()); // what a lenient decoder sends
        case 4 -> addRow("invalid-utf8", id + "\u00C3\u00A9\u00C0\u0080", Map.of()); // bytes read as Latin-1
        default -> addRow("invalid-utf8", id, Map.of("device_type", "\uFFFD", "locale", "\uFFFD\uFFFD"));
      }
    }
  }

  void arraysAndScalars(int n) {
    List<String> values = List.of("[]", "[1,2,3]", "\"a string\"", "12345", "-0.5e-3", "true", "false", "null",
        "[{\"user_id\":\"x\",\"ip\":\"10.0.0.1\"}]", "[[[]]]", "\"{\\\"user_id\\\":\\\"x\\\"}\"");
    for (int i = 0; i < n; i++) {
      add("arrays-and-scalars", values.get(i % values.size()), Expect.REJECTION);
    }
  }

  void deepNesting(int n) {
    for (int i = 0; i < n; i++) {
      switch (i % 5) {
        case 0 -> add("deep-nesting", "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000), Expect.REJECTION);
        case 1 -> add("deep-nesting", "[".repeat(10_000) + "]".repeat(10_000), Expect.REJECTION);
        case 2 -> add("deep-nesting", "{\"user_id\":\"" + userId() + "\",\"extra\":" + "[".repeat(10_000)
            + "]".repeat(10_000) + "}", Expect.REJECTION);
        case 3 -> add("deep-nesting", "{\"a\":".repeat(10_000), Expect.REJECTION); // unclosed, too
        // Deep, yet within the parser's limit: an ignored field does not spoil the row.
        default -> {
          String id = userId();
          add("deep-nesting", "{\"user_id\":\"" + id + "\",\"extra\":" + "[".repeat(150) + "]".repeat(150) + "}",
              Expect.ROW, id);
        }
      }
    }
  }

  /** Bodies of exactly 256 KiB, and one byte over, which SQS refuses. */
  void maximumSize() {
    for (int i = 0; i < 30; i++) {
      String id = userId();
      String filler = List.of("x", "\u00E9", "\u20AC", "\uD83D\uDE00").get(i % 4); // 1 to 4 bytes of UTF-8
      switch (i % 3) {
        case 0 -> {
          String body = padTo("{\"user_id\":\"" + id + "\",\"padding\":\"", "\"}", filler, Ledger.MAX_BODY_BYTES);
          add("maximum-size", body, body == null ? Expect.REJECTION : Expect.ROW, id);
        }
        case 1 -> add("maximum-size", padTo("{\"user_id\":\"", "\"}", filler, Ledger.MAX_BODY_BYTES), Expect.REJECTION);
        default -> add("maximum-size", padTo("{\"user_id\":\"" + id + "\",\"padding\":\"", "\"}", "x",
            Ledger.MAX_BODY_BYTES + 1), Expect.REJECTION); // refused by the queue
      }
    }
  }

  void hugeNumbers(int n) {
    for (int i = 0; i < n; i++) {
      String id = userId();
      switch (i % 6) {
        case 0 -> addRow("huge-numbers", id, Map.of("app_version", raw("1e400")));
        case 1 -> addRow("huge-numbers", id, Map.of("app_version", raw("-" + "9".repeat(60))));
        case 2 -> add("huge-numbers", body(id, Map.of("app_version", raw("9".repeat(900)))), Expect.REJECTION); // too long
        case 3 -> add("huge-numbers", body(id, Map.of("app_version", raw("1" + "0".repeat(5_000)))), Expect.REJECTION);
        case 4 -> add("huge-numbers", "{\"user_id\":" + "7".repeat(400) + "}", Expect.REJECTION);
        default -> addRow("huge-numbers", id, Map.of("big", raw("1.7976931348623157e+309"),
            "small", raw("4.9e-325"), "long", raw("-9223372036854775809")));
      }
    }
  }

  void nulCharactersAndSurrogates(int n) {
    List<String> escapes = List.of("\\u0000", "\\ud800", "\\udfff", "\\udc00\\ud800", "x\\u0000y", "\\ud83d");
    for (int i = 0; i < n; i++) {
      String id = userId();
      String escape = escapes.get(i % escapes.size());
      switch (i % 4) {
        case 0, 1 -> {
          String field = FIELDS.get(i / 4 % FIELDS.size());
          String value = field.equals("user_id") ? id + escape : escape;
          add("nul-and-surrogates", body(id, Map.of(field, raw("\"" + value + "\""))), Expect.REJECTION);
        }
        // In fields no rule reads, and in field names: nothing to store, so the row stands.
        case 2 -> addRow("nul-and-surrogates", id, Map.of("extra", raw("\"" + escape + "\""), "na" + escape + "me", raw("1")));
        // Raw on the wire: refused by the queue.
        default -> add("nul-and-surrogates", body(id, Map.of()).replace(id, id + (i % 8 == 3 ? "\u0000" : "\uDBFF")),
            Expect.REJECTION);
      }
    }
  }

  void sqlInEveryField(int n) {
    for (int i = 0; i < n; i++) {
      Map<String, Object> fields = new LinkedHashMap<>();
      String id = SQL.get(i % SQL.size()) + " #" + (serial++);
      boolean fits = true;
      for (String field : FIELDS) {
        if (field.equals("user_id")) {
          continue;
        }
        String payload = SQL.get(random.nextInt(SQL.size()));
        fields.put(field, payload);
        fits &= payload.codePointCount(0, payload.length()) <= LIMITS.get(field);
      }
      add("sql-in-every-field", body(id, fields), fits ? Expect.ROW : Expect.REJECTION, fits ? id : null);
    }
  }

  void wrongTypes(int n) {
    List<String> values = List.of("123", "-1.5", "true", "false", "{}", "{\"ip\":\"10.1.2.3\"}", "[]", "[\"a\",1]");
    for (int i = 0; i < n; i++) {
      String id = userId();
      String field = FIELDS.get(i % FIELDS.size());
      String value = values.get(i / FIELDS.size() % values.size());
      boolean numberTaken = field.equals("app_version") && (value.equals("123") || value.equals("-1.5"));
      add("wrong-types", body(id, Map.of(field, raw(value))), numberTaken ? Expect.ROW : Expect.REJECTION,
          numberTaken ? id : null);
    }
  }

  void duplicatedKeys(int n) {
    for (int i = 0; i < n; i++) {
      String id = userId();
      String field = i % 7 == 6 ? "extra" : FIELDS.get(i % 7);
      String json = body(id, Map.of());
      String duplicate = "\"" + field + "\":" + (field.equals("user_id") ? "\"" + id + "\"" : "\"again\"");
      json = json.substring(0, json.length() - 1) + "," + duplicate + "}";
      if (field.equals("extra")) {
        json = json.substring(0, json.length() - 1) + "," + duplicate + "}";
        add("duplicated-keys", json, Expect.ROW, id);
      } else {
        add("duplicated-keys", json, Expect.REJECTION);
      }
    }
  }

  /**
   * Random edits of valid bodies: either outcome, but one of them, always. Their user ids are {@code
   * mutant-N}, never {@code poison-N}: an edit can turn one number into another ({@code poison-686}
   * with a "0" inserted is {@code poison-6086}), and a mutant stored under a planned row's user id
   * would read as that row stored twice.
   */
  void mutations(int n) {
    for (int i = 0; i < n; i++) {
      StringBuilder body = new StringBuilder(valid("mutant-" + (serial++)));
      for (int edits = 1 + random.nextInt(3); edits > 0 && body.length() > 1; edits--) {
        int at = random.nextInt(body.length());
        String piece = MUTATION_PIECES.get(random.nextInt(MUTATION_PIECES.size()));
        switch (random.nextInt(3)) {
          case 0 -> body.deleteCharAt(at);
          case 1 -> body.insert(at, piece);
          default -> body.replace(at, at + 1, piece);
        }
      }
      add("mutations", body.toString(), Expect.EITHER);
    }
  }

  // ------------------------------------------------------------------ building blocks

  /** A JSON value to put in a body as it is. */
  private record Raw(String json) {}

  private static Raw raw(String json) {
    return new Raw(json);
  }

  private String userId() {
    return "poison-" + (serial++);
  }

  private String valid(String userId) {
    return body(userId, Map.of());
  }

  /** A valid body with {@code overrides} replacing or adding fields (a String is quoted and escaped). */
  private String body(String userId, Map<String, ?> overrides) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("user_id", userId);
    fields.put("app_version", random.nextInt(10) + "." + random.nextInt(10) + "." + random.nextInt(10));
    fields.put("device_type", "android");
    fields.put("ip", Logins.ip(random));
    fields.put("locale", "RU");
    fields.put("device_id", Logins.deviceId(random));
    fields.putAll(overrides);
    StringBuilder json = new StringBuilder("{");
    for (Map.Entry<String, Object> field : fields.entrySet()) {
      if (json.length() > 1) {
        json.append(',');
      }
      json.append('"').append(field.getKey()).append("\":");
      json.append(field.getValue() instanceof Raw r ? r.json() : quote((String) field.getValue()));
    }
    return json.append('}').toString();
  }

  private void addRow(String family, String userId, Map<String, ?> overrides) {
    add(family, body(userId, overrides), Expect.ROW, userId);
  }

  private void add(String family, String body, Expect expect) {
    add(family, body, expect, null);
  }

  private void add(String family, String body, Expect expect, String userId) {
    if (body == null) {
      return;
    }
    counts.merge(family, 1, Integer::sum);
    bodies.add(new Planned(body, expect, userId));
  }

  private String garbage(int length) {
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      text.append((char) (0x20 + random.nextInt(0x7f - 0x20)));
    }
    // Never by chance a JSON object with a user_id: that would be a row.
    return text.charAt(0) == '{' ? "x" + text : text.toString();
  }

  /** {@code head + filler... + tail}, exactly {@code bytes} bytes of UTF-8 (null when it cannot be). */
  private static String padTo(String head, String tail, String filler, int bytes) {
    int fixed = (head + tail).getBytes(StandardCharsets.UTF_8).length;
    int each = filler.getBytes(StandardCharsets.UTF_8).length;
    int room = bytes - fixed;
    StringBuilder body = new StringBuilder(head).append(filler.repeat(room / each)).append("x".repeat(room % each));
    String result = body.append(tail).toString();
    return result.getBytes(StandardCharsets.UTF_8).length == bytes ? result : null;
  }

  static String quote(String value) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : value.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
