package dev.loginetl.core.testing;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Generators for message bodies, valid and hostile, grouped in one place. */
public final class LoginArbitraries {
  private LoginArbitraries() {}

  /** A body and a marker value planted in it that must never show up in a rejection's detail. */
  public record Hostile(String body, String marker) {}

  private static final List<String> FIELDS =
      List.of("user_id", "device_type", "ip", "device_id", "locale", "app_version", "extra");

  /** A JSON string literal for {@code text}. */
  public static String quote(String text) {
    return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + "\"";
  }

  /** Logins that pass every rule, shaped like the exercise's sample. */
  public static Arbitrary<String> validBodies() {
    Arbitrary<String> userId = Arbitraries.strings().alpha().numeric().withChars('-').ofMinLength(1).ofMaxLength(40);
    Arbitrary<String> deviceType = Arbitraries.of("android", "ios", "web").injectNull(0.1);
    Arbitrary<String> ip = Arbitraries.integers().between(0, 255).list().ofSize(4)
        .map(octets -> octets.get(0) + "." + octets.get(1) + "." + octets.get(2) + "." + octets.get(3))
        .injectNull(0.05);
    Arbitrary<String> deviceId = Arbitraries.strings().numeric().ofLength(9)
        .map(d -> d.substring(0, 3) + "-" + d.substring(3, 5) + "-" + d.substring(5)).injectNull(0.05);
    Arbitrary<String> locale = Arbitraries.of("RU", "PH", "ID", "FR", "PT", "BR").injectNull(0.3);
    Arbitrary<String> version = Arbitraries.of("2.3.0", "0.60", "9.10", "0.9.6", "1.0", "3", "beta").injectNull(0.05);
    return Combinators.combine(userId, deviceType, ip, deviceId, locale, version)
        .as((u, d, i, di, l, v) -> "{\"user_id\":" + quote(u)
            + ",\"device_type\":" + jsonOrNull(d)
            + ",\"ip\":" + jsonOrNull(i)
            + ",\"device_id\":" + jsonOrNull(di)
            + ",\"locale\":" + jsonOrNull(l)
            + ",\"app_version\":" + jsonOrNull(v) + "}");
  }

  /** Text built from JSON's tokens in any order: mostly invalid, sometimes valid. */
  public static Arbitrary<String> jsonLikeBodies() {
    Arbitrary<String> token = Arbitraries.oneOf(
        Arbitraries.of("{", "}", "[", "]", ":", ",", "null", "true", "1e999", "-0.5", "\"\\u0000\"", "\"\\ud800\"", " "),
        FIELDS.stream().map(f -> Arbitraries.just(quote(f))).reduce(Arbitraries.just("\"user_id\""), (a, b) -> Arbitraries.oneOf(a, b)),
        Arbitraries.strings().ofMaxLength(8).map(LoginArbitraries::quote));
    return token.list().ofMaxSize(30).map(tokens -> String.join("", tokens));
  }

  /** Bodies breaking rules in many ways, each with a marker value planted where a value goes. */
  public static Arbitrary<Hostile> hostileLogins() {
    Arbitrary<String> marker = Arbitraries.strings().withCharRange('a', 'z').ofLength(12).map(s -> "MK" + s);
    Arbitrary<String> field = Arbitraries.of(FIELDS);
    Arbitrary<Integer> shape = Arbitraries.integers().between(0, 9);
    return Combinators.combine(marker, field, shape).as((m, f, s) -> new Hostile(hostileBody(m, f, s), m));
  }

  private static String hostileBody(String marker, String field, int shape) {
    String q = quote(marker);
    switch (shape) {
      case 0:
        return "{" + quote(field) + ":" + q + ",\"user_id\":" + quote(marker.repeat(20)) + "}";
      case 1:
        return "{" + quote(field) + ":{" + q + ":" + q + "}}";
      case 2:
        return "{" + quote(field) + ":" + q + "," + quote(field) + ":" + q + "}";
      case 3:
        return "[" + q + "]";
      case 4:
        return "{" + quote(field) + ":" + q;
      case 5:
        return "{" + q + ":" + q + "} " + marker;
      case 6:
        return "{\"user_id\":\"u\"," + quote(field) + ":\"" + marker + "\\u0000\"}";
      case 7:
        return "{\"user_id\":\"u\"," + quote(field) + ":[" + q + "," + marker.length() + "]}";
      case 8:
        return "{\"user_id\":\"u\"," + quote(field) + ":\"" + marker + "'; DROP TABLE user_logins; --" + "\"}";
      default:
        return marker;
    }
  }

  private static String jsonOrNull(String value) {
    return value == null ? "null" : quote(value);
  }
}
