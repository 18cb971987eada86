package dev.loginetl.core.transform.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AppVersionTest {

  @ParameterizedTest
  @CsvSource({
    "2.3.0, 2003000",
    "2.3, 2003000",
    "0.60, 60000",
    "9.10, 9010000",
    "0.9.6, 9006",
    "2.00, 2000000",
    "v1.2.3, 1002003",
    "7, 7000000",
    "2146.999.999, 2146999999",
    "0, 0",
    "00000000002.0000000000003, 2003000"
  })
  void encodesVersionsOfTheAcceptedForm(String raw, int expected) {
    assertThat(AppVersion.encode(raw)).isEqualTo(OptionalInt.of(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "v", "1.", ".1", "1..2", "1.2.3.4", "2147.0.0", "1.1000", "1.2.1000", "1.2-beta", "V1.2", " 1.2", "1,2", "-1", "1e5", "\u0661.2", "99999999999"})
  void hasNoEncodingForAnythingElse(String raw) {
    assertThat(AppVersion.encode(raw)).isEmpty();
  }

  @Test
  void ordersTheExercisesVersionsAsNumbers() {
    int a = AppVersion.encode("0.9.6").getAsInt();
    int b = AppVersion.encode("0.60").getAsInt();
    int c = AppVersion.encode("9.10").getAsInt();

    assertThat(a).isLessThan(b);
    assertThat(b).isLessThan(c);
  }

  @Test
  void decodesToThreeParts() {
    assertThat(AppVersion.decode(2_003_000)).contains("2.3.0");
    assertThat(AppVersion.decode(-1)).isEmpty();
  }
}
