package dev.loginetl.core.transform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loginetl.core.model.PiiField;
import dev.loginetl.core.testing.IpAddress;
import dev.loginetl.core.testing.LoginArbitraries;
import dev.loginetl.core.testing.TestMasker;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;

/**
 * The redactor's promise over every JSON spelling of the personal fields' keys: whichever of the
 * characters of {@code ip} and {@code device_id} are written as {@code \\uXXXX} escapes (hex digits
 * in lower or upper case), however deep the pair sits (in nested objects and arrays, in JSON held by
 * a string held by JSON, past the embedding limit), and whether each of those JSON texts can be read
 * or not (cut short, followed by a second value, spoilt at its start), no generated ip or device id
 * is kept in clear. Failures describe the body's shape, never a value in it.
 */
class BodyRedactorProperties {
  private static final TestMasker MASKER = new TestMasker();
  private static final BodyRedactor REDACTOR = new BodyRedactor(MASKER);

  @Property(tries = 3000)
  @StatisticsReport(StatisticsReport.StatisticsReportMode.OFF)
  void noIpNorDeviceIdIsKeptInClearWhateverTheSpellingOfTheirKeys(@ForAll("plantedBodies") Planted planted) {
    boolean escaped = planted.ipKey().escaped() || planted.deviceKey().escaped();
    Statistics.label("readable, escaped").collect(planted.readable(), escaped);
    assertThat(planted.body().contains(planted.ip()) && planted.body().contains(planted.deviceId()))
        .as("the generated body carries both values").isTrue();

    String redacted = REDACTOR.redact(planted.body());

    assertThat(redacted.contains(planted.ip())).as("the ip is in clear in the redacted %s", planted).isFalse();
    assertThat(redacted.contains(planted.deviceId())).as("the device id is in clear in the redacted %s", planted)
        .isFalse();
    // Each of readable or not, keys escaped or not, is tried.
    Statistics.label("readable, escaped").coverage(coverage -> {
      for (boolean readable : new boolean[] {true, false}) {
        for (boolean anyEscaped : new boolean[] {true, false}) {
          coverage.check(readable, anyEscaped).count(n -> n > 0);
        }
      }
    });
  }

  @Property(tries = 1000)
  void aReadableEmbeddingKeepsItsStructureAndMasksEachValueAsItsField(@ForAll("readableBodies") Planted planted) {
    String redacted = REDACTOR.redact(planted.body());

    // A mask holds no character that JSON escapes, so it shows as written at any level of embedding.
    assertThat(redacted).as("the redacted %s", planted)
        .contains(MASKER.mask(PiiField.IP, planted.ip()))
        .contains(MASKER.mask(PiiField.DEVICE_ID, planted.deviceId()))
        .doesNotContain(MASKER.mask(PiiField.BODY, planted.body()));
  }

  // ------------------------------------------------------------------ generators

  @Provide
  Arbitrary<Planted> plantedBodies() {
    return planted(Arbitraries.integers().between(1, BodyRedactor.MAX_EMBEDDING + 2), levels(breakages()));
  }

  @Provide
  Arbitrary<Planted> readableBodies() {
    // The body is an object, and every embedded text is read: at most MAX_EMBEDDING of them.
    return planted(Arbitraries.integers().between(1, BodyRedactor.MAX_EMBEDDING + 1),
        levels(Arbitraries.just(Breakage.NONE))).filter(p -> p.levels().get(0).outermost() != Container.ARRAY);
  }

  private static Arbitrary<Planted> planted(Arbitrary<Integer> levelCount, Arbitrary<Level> level) {
    Arbitrary<String> ip = LoginArbitraries.addresses().map(IpAddress::canonical);
    Arbitrary<String> deviceId = Arbitraries.strings().numeric().ofLength(9)
        .map(d -> d.substring(0, 3) + "-" + d.substring(3, 5) + "-" + d.substring(5));
    return levelCount.flatMap(count -> Combinators.combine(
        spellings(PiiField.IP.jsonName()), spellings(PiiField.DEVICE_ID.jsonName()), ip, deviceId,
        level.list().ofSize(count)).as(Planted::of));
  }

  /** Spellings of {@code name}: each character as itself, or escaped with lower or upper case hex. */
  private static Arbitrary<Spelling> spellings(String name) {
    return Arbitraries.of(Form.class).list().ofSize(name.length()).map(forms -> new Spelling(name, forms));
  }

  private static Arbitrary<Level> levels(Arbitrary<Breakage> breakages) {
    return Combinators.combine(
        Arbitraries.of(Container.class).list().ofMaxSize(3),
        breakages,
        Arbitraries.of("", "", "", " ", "\n\t"))
        .as(Level::new);
  }

  private static Arbitrary<Breakage> breakages() {
    return Arbitraries.frequency(
        Tuple.of(12, Breakage.NONE),
        Tuple.of(2, Breakage.CUT_SHORT),
        Tuple.of(1, Breakage.SECOND_VALUE),
        Tuple.of(1, Breakage.SPOILT_START));
  }

  // ------------------------------------------------------------------ the model

  /** How one character of a key is written. */
  enum Form {
    ITSELF, LOWER_HEX, UPPER_HEX
  }

  /** A JSON spelling of a key. */
  record Spelling(String name, List<Form> forms) {
    String json() {
      StringBuilder json = new StringBuilder("\"");
      for (int i = 0; i < name.length(); i++) {
        String hex = String.format(Locale.ROOT, "\\u%04x", (int) name.charAt(i));
        json.append(switch (forms.get(i)) {
          case ITSELF -> String.valueOf(name.charAt(i));
          case LOWER_HEX -> hex;
          case UPPER_HEX -> "\\u" + hex.substring(2).toUpperCase(Locale.ROOT);
        });
      }
      return json.append('"').toString();
    }

    boolean escaped() {
      return forms.stream().anyMatch(form -> form != Form.ITSELF);
    }
  }

  /** What a JSON text is wrapped in. */
  enum Container {
    OBJECT("{\"a\":", "}"), ARRAY("[", "]"), MIXED("{\"n\":1.5,\"list\":[true,", ",null],\"s\":\"t\"}");

    final String open;
    final String close;

    Container(String open, String close) {
      this.open = open;
      this.close = close;
    }
  }

  /** How a JSON text is made unreadable, if it is. */
  enum Breakage {
    NONE, CUT_SHORT, SECOND_VALUE, SPOILT_START;

    String apply(String text) {
      return switch (this) {
        case NONE -> text;
        case CUT_SHORT -> text.substring(0, text.length() - 1);
        case SECOND_VALUE -> text + " {}";
        case SPOILT_START -> text.charAt(0) + ",," + text.substring(1);
      };
    }
  }

  /**
   * One JSON text: the outermost is the body; each other is held by a string in the one outside it;
   * the innermost holds the pair.
   */
  record Level(List<Container> containers, Breakage breakage, String leadingSpace) {
    String wrap(String content, boolean outermost) {
      String text = content;
      for (Container container : containers) {
        text = container.open + text + container.close;
      }
      return (outermost ? "" : leadingSpace) + breakage.apply(text);
    }

    /** The container that encloses the others, or null for none. */
    Container outermost() {
      return containers.isEmpty() ? null : containers.get(containers.size() - 1);
    }

    @Override
    public String toString() {
      return containers.stream().map(Enum::name).collect(Collectors.joining(">", "[", "]")) + " " + breakage;
    }
  }

  /**
   * A body with an ip and a device id planted under the given key spellings at the innermost level.
   * {@link #toString()} shows the shape and the key spellings, not the values.
   */
  record Planted(String body, Spelling ipKey, Spelling deviceKey, String ip, String deviceId, List<Level> levels) {
    static Planted of(Spelling ipKey, Spelling deviceKey, String ip, String deviceId, List<Level> levels) {
      String text = "{\"user_id\":\"u1\"," + ipKey.json() + ":" + LoginArbitraries.quote(ip) + ",\"locale\":\"RU\","
          + deviceKey.json() + ":" + LoginArbitraries.quote(deviceId) + "}";
      for (int i = levels.size() - 1; i >= 0; i--) {
        String content = i == levels.size() - 1 ? text : "{\"Message\":" + LoginArbitraries.quote(text) + "}";
        text = levels.get(i).wrap(content, i == 0);
      }
      return new Planted(text, ipKey, deviceKey, ip, deviceId, List.copyOf(levels));
    }

    boolean readable() {
      return levels.stream().allMatch(level -> level.breakage() == Breakage.NONE);
    }

    @Override
    public String toString() {
      return "body (" + body.length() + " chars) with keys " + ipKey.json() + " and " + deviceKey.json()
          + " in " + levels.size() + " levels of embedding, outermost first: " + levels;
    }
  }
}
