package dev.loginetl.pii.mask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loginetl.core.model.PiiField;
import dev.loginetl.core.port.Masker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What the {@link Masker} port promises, checked against each implementation: deterministic,
 * separated by field, never containing the value, printable, naming strategy and key, short enough
 * for ordinary values, safe for concurrent use.
 */
interface MaskerContract {
  /** A masker under a fixed key. */
  Masker masker();

  /** Another masker under the same key, built from scratch as another process would. */
  Masker sameKeyElsewhere();

  /** A masker under another key. */
  Masker otherKey();

  /** The tag masks start with. */
  String tag();

  List<String> ORDINARY_VALUES =
      List.of(
          "203.0.113.7",
          "2001:db8::8a2e:370:7334",
          "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255",
          "3f2b1c9e-7d44-4a51-9b0e-2c6d8f1a5e77",
          "123-45-6789",
          "Zoë's iPhone \ud83d\udcf1",
          "d".repeat(128));

  @Test
  default void masksTheSameValueTheSameWay() {
    Masker masker = masker();
    for (String value : ORDINARY_VALUES) {
      assertThat(masker.mask(PiiField.IP, value)).isEqualTo(masker.mask(PiiField.IP, value));
    }
  }

  @Test
  default void masksTheSameWayInAnotherProcessWithTheSameKey() {
    for (String value : ORDINARY_VALUES) {
      assertThat(sameKeyElsewhere().mask(PiiField.DEVICE_ID, value))
          .isEqualTo(masker().mask(PiiField.DEVICE_ID, value));
    }
  }

  @Test
  default void masksDifferentlyUnderAnotherKey() {
    for (String value : ORDINARY_VALUES) {
      assertThat(otherKey().mask(PiiField.IP, value).substring(12))
          .isNotEqualTo(masker().mask(PiiField.IP, value).substring(12));
    }
  }

  @Test
  default void masksTheSameValueDifferentlyInEachField() {
    Masker masker = masker();
    for (String value : ORDINARY_VALUES) {
      List<String> payloads = new ArrayList<>();
      for (PiiField field : PiiField.values()) {
        payloads.add(masker.mask(field, value).substring(12));
      }
      assertThat(payloads).doesNotHaveDuplicates();
    }
  }

  @Test
  default void maskIsPrintableAsciiNamingStrategyAndKey() {
    Masker masker = masker();
    String prefix = masker.mask(PiiField.IP, "x").substring(0, 12);
    assertThat(prefix).matches(tag() + ":[0-9a-f]{8}:");
    for (String value : ORDINARY_VALUES) {
      for (PiiField field : PiiField.values()) {
        assertThat(masker.mask(field, value)).startsWith(prefix).matches("[a-z0-9]{2}:[0-9a-f]{8}:[A-Za-z0-9_-]+");
      }
    }
  }

  @Test
  default void ordinaryIpAndDeviceIdMasksFitIn256Characters() {
    for (String value : ORDINARY_VALUES) {
      assertThat(masker().mask(PiiField.IP, value)).hasSizeLessThanOrEqualTo(256);
      assertThat(masker().mask(PiiField.DEVICE_ID, value)).hasSizeLessThanOrEqualTo(256);
    }
  }

  @Test
  default void maskNeverContainsTheValue() {
    for (String value : ORDINARY_VALUES) {
      for (PiiField field : PiiField.values()) {
        assertThat(masker().mask(field, value)).doesNotContain(value);
      }
    }
  }

  @Test
  default void masksAWholeBodyOf256KiB() {
    String body = "{\"ip\":\"203.0.113.7\"," + "x".repeat(256 * 1024) + "}";
    String mask = masker().mask(PiiField.BODY, body);
    assertThat(mask).startsWith(tag() + ":").doesNotContain("203.0.113.7");
    assertThat(masker().mask(PiiField.BODY, body)).isEqualTo(mask);
  }

  @Test
  default void masksTheSameFromManyThreads() throws Exception {
    Masker masker = masker();
    List<String> values = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      values.add("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255));
    }
    Masker elsewhere = sameKeyElsewhere();
    List<String> expected = new ArrayList<>();
    for (String value : values) {
      expected.add(elsewhere.mask(PiiField.IP, value));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<String>>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        results.add(pool.submit(() -> {
          List<String> masks = new ArrayList<>();
          for (String value : values) {
            masks.add(masker.mask(PiiField.IP, value));
          }
          return masks;
        }));
      }
      for (Future<List<String>> result : results) {
        assertThat(result.get()).isEqualTo(expected);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  default void refusesNullArguments() {
    assertThatThrownBy(() -> masker().mask(null, "x")).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> masker().mask(PiiField.IP, null)).isInstanceOf(NullPointerException.class);
  }
}
