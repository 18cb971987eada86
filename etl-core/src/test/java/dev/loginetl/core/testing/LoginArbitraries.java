package dev.loginetl.core.testing;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.loginetl.core.model.RejectReason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * The domain's generators, grouped in one place: message bodies valid and hostile, logins as
 * models ({@link GeneratedLogin}, {@link InvalidLogin}) whose expected row or rejection is read off
 * the model, ip addresses and their spellings, app versions of many forms, and the text they hold.
 */
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

  // Logins as models: what each field holds, how the body is spelled, what the rules make of it.

  /** The characters {@link String#isBlank()} counts as blank. */
  private static final List<Integer> BLANK_CHARACTERS =
      IntStream.range(0, 0x10000).filter(Character::isWhitespace).boxed().collect(Collectors.toList());

  /** Names that are close to a field read but are none of them, so no rule reads them. */
  private static final List<String> NEAR_NAMES = List.of(
      "User_ID", "USER_ID", "userId", "user_id ", " user_id", "user-id", "userid", "IP", "Ip", "ip ",
      "\u0130p", "ip_address", "deviceId", "device_ID", "Device_Type", "appVersion", "app_version2",
      "locale\u0000", "Locale", "", "extra", "user_logins");

  private static final List<String> NUMBER_LITERALS = List.of(
      "0", "-0", "1", "-12", "3.25", "1e999", "-1.5E-10", "12345678901234567890123456789", "0.000001");

  /** Text that is not valid JSON wherever a value is expected. */
  private static final List<String> BROKEN_VALUES = List.of(
      "'single'", "01", "-01", "NaN", "Infinity", "+1", ".5", "1.", "1.e3", "tru", "nul", "True",
      "\"a\nb\"", "\"tab\there\"", "\"nul\u0000\"", "\"\\q\"", "\"\\u12G4\"", "[1,]", "[,1]", "{\"a\" 1}",
      "{\"a\":1,}", "{,}", "\"unterminated", "[", "{", "/* c */ 1", "undefined", "0x10", "1 2",
      "\"a\" \"b\"", "{\"a\"}", "{1:2}", "[}");

  private static final List<String> TRAILING = List.of("x", "{}", "1", "]", "}", "\"\"", "null", ",", "{\"user_id\":\"u\"}");

  private static final List<String> NOT_JSON_BODIES = List.of(
      "", " ", "\n\t\r ", "{user_id:\"u\"}", "{'user_id':'u'}", "{\"user_id\":\"u\",}", "{\"user_id\" \"u\"}",
      "{\"user_id\":\"u\"}}", "{\"user_id\":\"u\"", "{\"user_id\":\"u\";\"ip\":null}", "{\"user_id\":\"u\"]");

  /** Text close to an IP literal that is none: kept as sent. */
  private static final List<String> NEAR_LITERALS = List.of(
      "", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.04", "0x7f.0.0.1", "1.2.3.", ".1.2.3.4",
      "1.2.3.-4", ":::", "1::2::3", "12345::", ":1::", "1::2:", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7",
      "::1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7::8", "1:2:3:4::5:6:7:8", "::ffff:1.2.3.256", "::ffff:01.2.3.4",
      "::1.2.3", "1:2:3:4:5:6:7:1.2.3.4", "fe80::1%eth0", "fe80::1%1", "[::1]", "1.2.3.4/24", "1.2.3.4:80",
      " 1.2.3.4", "1.2.3.4 ", "::1 ", "g::1", "localhost");

  /** The deepest nesting the rules read, counting the login object itself. */
  private static final int MAX_NESTING = 200;

  /** Digits of other scripts, each a run of ten from zero: fullwidth, Arabic-Indic, Devanagari. */
  private static final int[] OTHER_ZEROS = {0xFF10, 0x0660, 0x0966};

  /** A scalar value of text other than U+0000: every Unicode character may appear in a valid value. */
  public static Arbitrary<Integer> codePoints() {
    return Arbitraries.frequencyOf(
        Tuple.of(10, Arbitraries.integers().between(0x20, 0x7e)),
        Tuple.of(1, Arbitraries.integers().between(0x01, 0x1f)),
        Tuple.of(3, Arbitraries.integers().between(0x80, 0xd7ff)),
        Tuple.of(1, Arbitraries.integers().between(0xe000, 0xffff)),
        Tuple.of(2, Arbitraries.integers().between(0x10000, 0x10ffff)),
        Tuple.of(1, Arbitraries.of(BLANK_CHARACTERS)));
  }

  /** Text of {@code min} to {@code max} code points, all valid in a value read. */
  public static Arbitrary<String> text(int min, int max) {
    return codePoints().list().ofMinSize(min).ofMaxSize(max).map(LoginArbitraries::ofCodePoints);
  }

  /** Text that may also hold U+0000 and unpaired surrogates, as fields no rule reads may. */
  public static Arbitrary<String> hostileText(int min, int max) {
    Arbitrary<Integer> unit = Arbitraries.frequencyOf(
        Tuple.of(12, codePoints()),
        Tuple.of(1, Arbitraries.just(0)),
        Tuple.of(1, Arbitraries.integers().between(0xd800, 0xdfff)));
    return unit.list().ofMinSize(min).ofMaxSize(max).map(LoginArbitraries::ofCodePoints);
  }

  /** A valid user_id: 1 to 128 code points, not blank. */
  public static Arbitrary<String> userIds() {
    return text(1, 128).map(LoginArbitraries::notBlank);
  }

  /** How a body is spelled; rates shrink towards plain compact JSON. */
  public static Arbitrary<Json.Layout> layouts() {
    return Combinators.combine(
            Arbitraries.of(0.0, 0.02, 0.2, 1.0),
            Arbitraries.of(0.0, 0.3, 1.0),
            Arbitraries.of(true, true, true, false),
            Arbitraries.longs())
        .as(Json.Layout::new);
  }

  /** Logins that keep every rule, with every optional field absent, null or set. */
  public static Arbitrary<GeneratedLogin> validLogins() {
    return Combinators.combine(
            userIds(),
            slots(text(0, 32)),
            slots(ips()),
            slots(text(0, 80)),
            slots(text(0, 32)),
            slots(versions()),
            extras(),
            layouts())
        .as(GeneratedLogin::new);
  }

  /**
   * Valid logins whose ip (not an IP literal) and device_id are 90 to 130 characters long, around
   * the length where a mask that grows with its value stops fitting its column.
   */
  public static Arbitrary<GeneratedLogin> loginsWithLongPii() {
    Arbitrary<String> longText = Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.strings().withCharRange('g', 'z').ofMinLength(90).ofMaxLength(130)),
        Tuple.of(1, text(30, 130)));
    Arbitrary<GeneratedLogin.Slot<IpSpelling>> ip =
        slots(longText.map(t -> new IpSpelling(t, t, IpSpelling.Kind.OTHER)));
    return Combinators.combine(validLogins(), ip, slots(longText))
        .as((login, i, d) -> new GeneratedLogin(login.userId(), login.deviceType(), i, d, login.locale(),
            login.appVersion(), login.extras(), login.layout()));
  }

  /** Sent timestamps from 1900 to 2200, often at the edges of a UTC day. */
  public static Arbitrary<Instant> sentTimestamps() {
    long from = Instant.parse("1900-01-01T00:00:00Z").getEpochSecond();
    long to = Instant.parse("2200-01-01T00:00:00Z").getEpochSecond();
    Arbitrary<Instant> any = Combinators.combine(
            Arbitraries.longs().between(from, to), Arbitraries.integers().between(0, 999_999_999))
        .as(Instant::ofEpochSecond);
    Arbitrary<Instant> dayEdges = Combinators.combine(
            Arbitraries.longs().between(from / 86_400, to / 86_400),
            Arbitraries.of(0L, 1L, 86_399_999L, 86_400_000L - 1_000L))
        .as((day, millis) -> Instant.ofEpochMilli(day * 86_400_000L + millis));
    return Arbitraries.frequencyOf(Tuple.of(2, any), Tuple.of(1, dayEdges));
  }

  // ip

  /** ip values: IPv4 and IPv6 literals in any spelling, and text that is no IP literal. */
  public static Arbitrary<IpSpelling> ips() {
    Arbitrary<IpSpelling> ipv4 = ipv4Addresses().map(a -> new IpSpelling(a.canonical(), a.canonical(), IpSpelling.Kind.IPV4));
    Arbitrary<IpSpelling> spelled = Combinators.combine(addresses(), Arbitraries.longs()).as((address, seed) -> {
      String text = address.spell(new Random(seed));
      return new IpSpelling(text, address.canonical(), text.indexOf(':') < 0 ? IpSpelling.Kind.IPV4 : IpSpelling.Kind.IPV6);
    });
    return Arbitraries.frequencyOf(
        Tuple.of(3, ipv4),
        Tuple.of(3, spelled),
        Tuple.of(2, notIpLiterals().map(text -> new IpSpelling(text, text, IpSpelling.Kind.OTHER))));
  }

  /** IPv4 addresses (as their IPv4-mapped IPv6 form). */
  public static Arbitrary<IpAddress> ipv4Addresses() {
    return Arbitraries.integers().between(0, 255).list().ofSize(4)
        .map(o -> IpAddress.ipv4(o.get(0), o.get(1), o.get(2), o.get(3)));
  }

  /** Addresses rich in zero groups, IPv4-mapped and IPv4-compatible ones among them. */
  public static Arbitrary<IpAddress> addresses() {
    Arbitrary<Integer> group = Arbitraries.frequencyOf(
        Tuple.of(5, Arbitraries.just(0)),
        Tuple.of(2, Arbitraries.integers().between(1, 0xff)),
        Tuple.of(2, Arbitraries.integers().between(0x100, 0xffff)),
        Tuple.of(1, Arbitraries.just(0xffff)));
    Arbitrary<IpAddress> ipv4Compatible = Arbitraries.integers().between(0, 0xffff).list().ofSize(2)
        .map(low -> new IpAddress(List.of(0, 0, 0, 0, 0, 0, low.get(0), low.get(1))));
    Arbitrary<IpAddress> special = Arbitraries.of(
        List.of(0, 0, 0, 0, 0, 0, 0, 0), List.of(0, 0, 0, 0, 0, 0, 0, 1), List.of(1, 0, 0, 0, 0, 0, 0, 0),
        List.of(1, 0, 0, 2, 0, 0, 3, 4), List.of(0xfe80, 0, 0, 0, 0x1234, 0, 0, 0),
        List.of(0x2001, 0xdb8, 0, 1, 0, 0, 0, 1), List.of(0, 0, 0, 0, 0, 0xfffe, 0x0102, 0x0304))
        .map(IpAddress::new);
    return Arbitraries.frequencyOf(
        Tuple.of(6, group.list().ofSize(8).map(IpAddress::new)),
        Tuple.of(2, ipv4Addresses()),
        Tuple.of(1, ipv4Compatible),
        Tuple.of(1, special));
  }

  /** An address and two to six of its spellings. */
  public record AddressSpellings(IpAddress address, List<String> spellings) {
    public AddressSpellings {
      spellings = List.copyOf(spellings);
    }

    @Override
    public String toString() {
      return "AddressSpellings[" + address + ", " + spellings.size() + " spellings]";
    }
  }

  /** Addresses, each with several spellings of it. */
  public static Arbitrary<AddressSpellings> addressSpellings() {
    return Combinators.combine(addresses(), Arbitraries.longs(), Arbitraries.integers().between(2, 6))
        .as((address, seed, count) -> {
          Random random = new Random(seed);
          List<String> spellings = new ArrayList<>();
          for (int i = 0; i < count; i++) {
            spellings.add(address.spell(random));
          }
          return new AddressSpellings(address, spellings);
        });
  }

  /**
   * Pairs of different addresses, mostly close ones: one group changed (often to or from zero, which
   * moves where {@code ::} goes), or two groups swapped.
   */
  public static Arbitrary<Tuple.Tuple2<IpAddress, IpAddress>> distinctAddressPairs() {
    Arbitrary<Integer> index = Arbitraries.integers().between(0, 7);
    Arbitrary<Integer> value = Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.just(0)), Tuple.of(1, Arbitraries.just(0xffff)),
        Tuple.of(3, Arbitraries.integers().between(0, 0xffff)));
    return Combinators.combine(addresses(), Arbitraries.integers().between(0, 2), index, index, value, addresses())
        .as((a, how, i, j, v, other) -> Tuple.of(a, how == 0 ? changed(a, i, v) : how == 1 ? swapped(a, i, j) : other))
        .filter(pair -> !pair.get1().equals(pair.get2()));
  }

  /**
   * Text that is no IP literal: near misses, literals with a digit of another script, and other
   * text (holding at least one character that no literal holds).
   */
  public static Arbitrary<String> notIpLiterals() {
    Arbitrary<String> otherScript = Combinators.combine(addresses(), Arbitraries.longs()).as((address, seed) -> {
      Random random = new Random(seed);
      return withADigitOfAnotherScript(address.spell(random), random);
    });
    return Arbitraries.frequencyOf(
        Tuple.of(2, Arbitraries.of(NEAR_LITERALS)),
        Tuple.of(1, otherScript),
        Tuple.of(3, text(0, 40).map(t -> t.chars().allMatch(c -> "0123456789abcdefABCDEF:.".indexOf(c) >= 0) ? t + "z" : t)));
  }

  // app_version

  /** Versions the encoding covers. */
  public static Arbitrary<Version> encodableVersions() {
    Arbitrary<Integer> major = Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.integers().between(0, 9)),
        Tuple.of(2, Arbitraries.integers().between(10, 2146)));
    Arbitrary<Integer> part = Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.integers().between(0, 9)),
        Tuple.of(2, Arbitraries.integers().between(10, 999)),
        Tuple.of(1, Arbitraries.just(0)));
    return Combinators.combine(major, part, part).as(Version::new);
  }

  /** Pairs of versions, often with the same major, or the same major and minor. */
  public static Arbitrary<Tuple.Tuple2<Version, Version>> versionPairs() {
    return Combinators.combine(encodableVersions(), encodableVersions(), Arbitraries.integers().between(0, 2))
        .as((a, b, shared) -> Tuple.of(a, shared == 0 ? b
            : shared == 1 ? new Version(a.major(), b.minor(), b.patch())
            : new Version(a.major(), a.minor(), b.patch())));
  }

  /**
   * app_version values of many forms: versions in any of their spellings, versions out of range,
   * near misses, text without digits, and JSON numbers.
   */
  public static Arbitrary<VersionSpelling> versions() {
    Arbitrary<VersionSpelling> spelled = Combinators.combine(encodableVersions(), Arbitraries.longs())
        .as((v, seed) -> string(v.spell(new Random(seed)), v.encoding()));
    Arbitrary<VersionSpelling> noDigits = text(0, 64).map(t -> string(t.replaceAll("[0-9]", "#"), null));
    return Arbitraries.frequencyOf(
        Tuple.of(5, spelled),
        Tuple.of(1, outOfRangeVersions()),
        Tuple.of(2, malformedVersions()),
        Tuple.of(1, noDigits),
        Tuple.of(2, numberVersions()));
  }

  /** {@code MAJOR[.MINOR[.PATCH]]} with one part over its limit: no encoding. */
  private static Arbitrary<VersionSpelling> outOfRangeVersions() {
    return Combinators.combine(
            encodableVersions(), Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 9_999_999),
            Arbitraries.longs())
        .as((v, which, excess, seed) -> {
          Random random = new Random(seed);
          long[] parts = {v.major(), v.minor(), v.patch()};
          parts[which] = (which == 0 ? 2147 : 1000) + excess;
          int count = which == 2 || random.nextBoolean() ? 3 : which + 1;
          StringBuilder text = new StringBuilder(random.nextBoolean() ? "v" : "");
          for (int i = 0; i < count; i++) {
            text.append(i > 0 ? "." : "").append(Version.leadingZeros(random)).append(parts[i]);
          }
          return string(text.toString(), null);
        });
  }

  /** Texts close to a version that are none: no encoding. */
  private static Arbitrary<VersionSpelling> malformedVersions() {
    return Combinators.combine(encodableVersions(), Arbitraries.longs()).as((v, seed) -> {
      Random random = new Random(seed);
      String spelled = v.spell(random);
      String bare = spelled.startsWith("v") ? spelled.substring(1) : spelled;
      String plain = v.major() + "." + v.minor() + "." + v.patch();
      String[] suffixes = {"-beta", "+build", " ", "rc1", "a", "-", "_1", ".", "x"};
      // The last prefix is a v with a combining accent: not the letter v alone.
      String[] prefixes = {" ", "vv", "+", "-", "=", "V", ".", "version ", "v\u0301"};
      switch (random.nextInt(7)) {
        case 0:
          return string(plain + "." + random.nextInt(1000), null);
        case 1:
          return string(v.major() + ".." + v.minor(), null);
        case 2:
          return string(spelled + suffixes[random.nextInt(suffixes.length)], null);
        case 3:
          return string(prefixes[random.nextInt(prefixes.length)] + bare, null);
        case 4:
          return string(withADigitOfAnotherScript(spelled, random), null);
        case 5:
          return string(bare.replace('.', random.nextBoolean() ? ',' : '_') + (bare.indexOf('.') < 0 ? ".x" : ""), null);
        default:
          return string(List.of("", "v", ".", "v.", "..", "V1").get(random.nextInt(6)), null);
      }
    });
  }

  /** app_version sent as a JSON number: its literal is the text; integers and one-dot decimals encode. */
  private static Arbitrary<VersionSpelling> numberVersions() {
    Arbitrary<VersionSpelling> integers = Arbitraries.integers().between(0, 3000)
        .map(n -> number(String.valueOf(n), n <= 2146 ? n * 1_000_000 : null));
    Arbitrary<VersionSpelling> decimals = Combinators.combine(
            Arbitraries.integers().between(0, 3000), Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(4))
        .as((whole, fraction) -> {
          int minor = Integer.parseInt(fraction);
          return number(whole + "." + fraction, whole <= 2146 && minor <= 999 ? whole * 1_000_000 + minor * 1_000 : null);
        });
    Arbitrary<VersionSpelling> others = Arbitraries.of("-1", "-0", "-0.0", "1e3", "1E3", "2.5e+2", "1.0E-2", "-2.3", "0e0")
        .map(literal -> number(literal, null));
    return Arbitraries.frequencyOf(Tuple.of(2, integers), Tuple.of(2, decimals), Tuple.of(1, others));
  }

  /**
   * Byte sequences that are not UTF-8 wherever they are put in UTF-8 text: stray continuation bytes,
   * overlong forms, an encoded surrogate, lead bytes past U+10FFFF, truncated sequences.
   */
  public static Arbitrary<byte[]> notUtf8Sequences() {
    return Arbitraries.of(
            new int[] {0x80}, new int[] {0xbf}, new int[] {0xc0, 0xaf}, new int[] {0xc1, 0x81},
            new int[] {0xe0, 0x80, 0xaf}, new int[] {0xed, 0xa0, 0x80}, new int[] {0xf4, 0x90, 0x80, 0x80},
            new int[] {0xf5, 0x80, 0x80, 0x80}, new int[] {0xfe}, new int[] {0xff}, new int[] {0xe2, 0x82},
            new int[] {0xf0, 0x9f, 0x98})
        .map(ints -> {
          byte[] bytes = new byte[ints.length];
          for (int i = 0; i < ints.length; i++) {
            bytes[i] = (byte) ints[i];
          }
          return bytes;
        });
  }

  // fields no rule reads

  /**
   * Zero to four members no rule reads, holding any JSON, at most 200 levels deep with the login
   * (often exactly 200).
   */
  public static Arbitrary<List<Json.Member>> extras() {
    Arbitrary<Integer> depth = Arbitraries.frequencyOf(
        Tuple.of(1, Arbitraries.just(MAX_NESTING - 1)), Tuple.of(1, Arbitraries.integers().between(1, MAX_NESTING - 1)));
    Arbitrary<Json> value = Arbitraries.frequencyOf(
        Tuple.of(15, jsonValues(3)), Tuple.of(1, depth.map(Json::nestedArrays)));
    return Combinators.combine(extraNames(), value).as(Json.Member::new).list().ofMaxSize(4);
  }

  private static Arbitrary<String> extraNames() {
    return Arbitraries.frequencyOf(Tuple.of(3, hostileText(0, 12)), Tuple.of(1, Arbitraries.of(NEAR_NAMES)))
        .filter(name -> !GeneratedLogin.FIELDS_READ.contains(name));
  }

  /** Any JSON value up to {@code depth} levels, with names of fields read among nested members. */
  private static Arbitrary<Json> jsonValues(int depth) {
    Arbitrary<Json> scalar = Arbitraries.frequencyOf(
        Tuple.of(4, hostileText(0, 20).map(Json.Str::new)),
        Tuple.of(2, Arbitraries.of(NUMBER_LITERALS).map(Json.Num::new)),
        Tuple.of(1, Arbitraries.of("true", "false", "null").map(Json.Word::new)));
    if (depth == 0) {
      return scalar;
    }
    Arbitrary<Json> inner = jsonValues(depth - 1);
    Arbitrary<String> name = Arbitraries.frequencyOf(
        Tuple.of(1, Arbitraries.of(GeneratedLogin.FIELDS_READ)), Tuple.of(2, extraNames()));
    return Arbitraries.frequencyOf(
        Tuple.of(4, scalar),
        Tuple.of(1, inner.list().ofMaxSize(3).map(Json.Arr::new)),
        Tuple.of(1, Combinators.combine(name, inner).as(Json.Member::new).list().ofMaxSize(3).map(Json.Obj::new)));
  }

  // invalid logins

  /** Bodies each breaking one rule, of every kind the rules reject. */
  public static Arbitrary<InvalidLogin> invalidLogins() {
    return Arbitraries.oneOf(
        notJson(), notObject(), missingUserId(), wrongTypes(), tooLong(), invalidText(), duplicates());
  }

  private static Arbitrary<InvalidLogin> notJson() {
    Arbitrary<InvalidLogin> truncated = Combinators.combine(validLogins(), Arbitraries.doubles().between(0, 1))
        .as((login, share) -> {
          String body = login.body();
          String prefix = body.substring(0, (int) (share * body.lastIndexOf('}')));
          return InvalidLogin.of("truncated", prefix, RejectReason.NOT_JSON, null, List.of(new Json.Obj(login.members())), null);
        });
    Arbitrary<InvalidLogin> trailing = Combinators.combine(validLogins(), Arbitraries.of(TRAILING))
        .as((login, tail) -> InvalidLogin.of(
            "trailing content", login.body() + tail, RejectReason.NOT_JSON, null, List.of(new Json.Obj(login.members())), null));
    Arbitrary<InvalidLogin> broken = Combinators.combine(validLogins(), anyName(), Arbitraries.of(BROKEN_VALUES))
        .as((login, name, raw) -> written("broken value", login, login.membersWith(name, new Json.Raw(raw)),
            RejectReason.NOT_JSON, null));
    Arbitrary<Integer> tooDeepDepth = Arbitraries.frequencyOf(
        Tuple.of(1, Arbitraries.just(MAX_NESTING)), Tuple.of(1, Arbitraries.integers().between(MAX_NESTING, 400)));
    Arbitrary<InvalidLogin> tooDeep = Combinators.combine(validLogins(), extraNames(), tooDeepDepth)
        .as((login, name, depth) -> written("nested too deep", login, login.membersWith(name, Json.nestedArrays(depth)),
            RejectReason.NOT_JSON, null));
    Arbitrary<InvalidLogin> fixed = Arbitraries.of(NOT_JSON_BODIES)
        .map(body -> InvalidLogin.of("malformed object", body, RejectReason.NOT_JSON, null, List.of(), null));
    return Arbitraries.oneOf(truncated, trailing, broken, tooDeep, fixed);
  }

  private static Arbitrary<InvalidLogin> notObject() {
    Arbitrary<Json> scalar = Arbitraries.oneOf(
        hostileText(0, 20).map(Json.Str::new),
        Arbitraries.of(NUMBER_LITERALS).map(Json.Num::new),
        Arbitraries.of("true", "false", "null").map(Json.Word::new));
    return Combinators.combine(validLogins(), scalar, Arbitraries.integers().between(0, 2)).as((login, value, shape) -> {
      Json body = shape == 0 ? value
          : shape == 1 ? new Json.Arr(List.of(new Json.Obj(login.members())))
          : new Json.Arr(List.of(value, value));
      // Wrapping a login whose extra is nested to the limit takes the body past it.
      boolean tooDeep = body.depth() > MAX_NESTING;
      return InvalidLogin.of(tooDeep ? "nested too deep in an array" : "not an object", body.write(login.layout()),
          tooDeep ? RejectReason.NOT_JSON : RejectReason.NOT_OBJECT, null, List.of(new Json.Obj(login.members()), value), null);
    });
  }

  private static Arbitrary<InvalidLogin> missingUserId() {
    Arbitrary<String> blank = Arbitraries.of(BLANK_CHARACTERS).list().ofMaxSize(6).map(LoginArbitraries::ofCodePoints);
    return Combinators.combine(validLogins(), Arbitraries.integers().between(0, 2), blank).as((login, shape, text) -> {
      Json value = shape == 0 ? null : shape == 1 ? Json.NULL : new Json.Str(text);
      return written("missing user_id", login, login.membersWith("user_id", value), RejectReason.MISSING_FIELD, "user_id");
    });
  }

  private static Arbitrary<InvalidLogin> wrongTypes() {
    Arbitrary<Json> structure = Arbitraries.oneOf(
        jsonValues(1).list().ofMaxSize(3).map(Json.Arr::new),
        Combinators.combine(anyName(), jsonValues(1)).as(Json.Member::new).list().ofMaxSize(3).map(Json.Obj::new));
    Arbitrary<Json> notStringNorNumber = Arbitraries.oneOf(Arbitraries.of("true", "false").map(Json.Word::new), structure);
    Arbitrary<Json> notString = Arbitraries.oneOf(notStringNorNumber, Arbitraries.of(NUMBER_LITERALS).map(Json.Num::new));
    return Combinators.combine(validLogins(), Arbitraries.of(GeneratedLogin.FIELDS_READ), notString, notStringNorNumber)
        .as((login, field, value, notNumber) -> written("wrong type of " + field, login,
            login.membersWith(field, field.equals("app_version") ? notNumber : value),
            RejectReason.WRONG_TYPE, field));
  }

  private static Arbitrary<InvalidLogin> tooLong() {
    Arbitrary<Tuple.Tuple2<String, Json>> value = Arbitraries.oneOf(
        text(129, 200).map(t -> Tuple.of("user_id", new Json.Str(notBlank(t)))),
        text(33, 60).map(t -> Tuple.of("device_type", new Json.Str(t))),
        text(33, 60).map(t -> Tuple.of("locale", new Json.Str(t))),
        text(65, 100).map(t -> Tuple.of("app_version", new Json.Str(t))),
        Arbitraries.strings().numeric().ofMinLength(64).ofMaxLength(80).map(d -> Tuple.of("app_version", new Json.Num("1" + d))));
    return Combinators.combine(validLogins(), value).as((login, v) -> written("too long " + v.get1(), login,
        login.membersWith(v.get1(), v.get2()), RejectReason.TOO_LONG, v.get1()));
  }

  private static Arbitrary<InvalidLogin> invalidText() {
    Arbitrary<Integer> bad = Arbitraries.oneOf(
        Arbitraries.just(0), Arbitraries.integers().between(0xd800, 0xdbff), Arbitraries.integers().between(0xdc00, 0xdfff));
    return Combinators.combine(
            validLogins(), Arbitraries.of(GeneratedLogin.FIELDS_READ), codePoints().list().ofMaxSize(31), bad,
            Arbitraries.doubles().between(0, 1))
        .as((login, field, text, unit, share) -> {
          List<Integer> units = new ArrayList<>(text);
          units.add((int) (share * units.size()), unit);
          String value = ofCodePoints(units);
          return written("invalid text in " + field, login, login.membersWith(field, new Json.Str(value)),
              RejectReason.INVALID_TEXT, field);
        });
  }

  private static Arbitrary<InvalidLogin> duplicates() {
    List<Arbitrary<InvalidLogin>> perField = new ArrayList<>();
    for (String field : GeneratedLogin.FIELDS_READ) {
      perField.add(Combinators.combine(validLogins(), validValue(field), validValue(field)).as((login, first, second) -> {
        List<Json.Member> members = login.membersWith(field, first);
        members.add(new Json.Member(field, second));
        return written("duplicate " + field, login, members, RejectReason.DUPLICATE_FIELD, field);
      }));
    }
    return Arbitraries.oneOf(perField);
  }

  /** A value the rules accept for {@code field}. */
  private static Arbitrary<Json> validValue(String field) {
    switch (field) {
      case "user_id":
        return Arbitraries.oneOf(userIds().map(Json.Str::new), Arbitraries.just(Json.NULL));
      case "ip":
        return ips().map(ip -> (Json) new Json.Str(ip.text())).injectNull(0.2).map(v -> v == null ? Json.NULL : v);
      case "app_version":
        return versions().map(VersionSpelling::json).injectNull(0.2).map(v -> v == null ? Json.NULL : v);
      default:
        return text(0, 32).map(t -> (Json) new Json.Str(t)).injectNull(0.2).map(v -> v == null ? Json.NULL : v);
    }
  }

  private static Arbitrary<String> anyName() {
    return Arbitraries.oneOf(Arbitraries.of(GeneratedLogin.FIELDS_READ), extraNames());
  }

  private static InvalidLogin written(
      String kind, GeneratedLogin login, List<Json.Member> members, RejectReason reason, String field) {
    Json document = new Json.Obj(members);
    return InvalidLogin.of(kind, document.write(login.layout()), reason, field, List.of(document),
        reason == RejectReason.NOT_JSON ? null : document);
  }

  private static <T> Arbitrary<GeneratedLogin.Slot<T>> slots(Arbitrary<T> values) {
    return Arbitraries.frequencyOf(
        Tuple.of(1, Arbitraries.just(new GeneratedLogin.Slot<T>(GeneratedLogin.Slot.State.ABSENT, null))),
        Tuple.of(1, Arbitraries.just(new GeneratedLogin.Slot<T>(GeneratedLogin.Slot.State.NULL, null))),
        Tuple.of(4, values.map(v -> new GeneratedLogin.Slot<>(GeneratedLogin.Slot.State.VALUE, v))));
  }

  private static VersionSpelling string(String text, Integer encoding) {
    return new VersionSpelling(new Json.Str(text), text, encoding);
  }

  private static VersionSpelling number(String literal, Integer encoding) {
    return new VersionSpelling(new Json.Num(literal), literal, encoding);
  }

  private static IpAddress changed(IpAddress address, int index, int value) {
    List<Integer> groups = new ArrayList<>(address.groups());
    groups.set(index, value);
    return new IpAddress(groups);
  }

  private static IpAddress swapped(IpAddress address, int i, int j) {
    List<Integer> groups = new ArrayList<>(address.groups());
    Collections.swap(groups, i, j);
    return new IpAddress(groups);
  }

  /** {@code text} with one of its ASCII digits written as the same digit of another script. */
  private static String withADigitOfAnotherScript(String text, Random random) {
    List<Integer> digits = new ArrayList<>();
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) >= '0' && text.charAt(i) <= '9') {
        digits.add(i);
      }
    }
    if (digits.isEmpty()) {
      return text + (char) OTHER_ZEROS[random.nextInt(OTHER_ZEROS.length)];
    }
    int at = digits.get(random.nextInt(digits.size()));
    char other = (char) (OTHER_ZEROS[random.nextInt(OTHER_ZEROS.length)] + text.charAt(at) - '0');
    return text.substring(0, at) + other + text.substring(at + 1);
  }

  private static String notBlank(String text) {
    return text.isBlank() ? "u" + text.substring(1) : text;
  }

  private static String ofCodePoints(List<Integer> codePoints) {
    StringBuilder text = new StringBuilder();
    for (int codePoint : codePoints) {
      text.appendCodePoint(codePoint);
    }
    return text.toString();
  }
}
