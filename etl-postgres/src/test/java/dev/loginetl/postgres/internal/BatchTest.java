package dev.loginetl.postgres.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loginetl.core.model.LoginRow;
import dev.loginetl.core.model.RejectReason;
import dev.loginetl.core.model.Rejection;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchTest {

  @Test
  void keepsTheFirstOfRepeatedIdsAndReportsTheRepeats() {
    LoginRow first = row("a", "first");
    Batch batch = Batch.of(List.of(first, row("b", "x"), row("a", "second")),
        List.of(rejection("r"), rejection("r"), rejection("a")));

    assertThat(batch.rows()).extracting(LoginRow::userId).containsExactly("first", "x");
    assertThat(batch.rejections()).extracting(Rejection::messageId).containsExactly("a", "r");
    assertThat(batch.duplicates()).containsExactlyInAnyOrder("a", "r");
  }

  @Test
  void sortsByCodePointsAsCollateCDoes() {
    // U+FF21 sorts before U+1F600 by code point, but after its surrogates by UTF-16 unit.
    Batch batch = Batch.of(List.of(row("\ud83d\ude00", "u"), row("\uff21", "u"), row("b", "u"), row("a", "u")), List.of());

    assertThat(batch.rows()).extracting(LoginRow::messageId).containsExactly("a", "b", "\uff21", "\ud83d\ude00");
  }

  @Test
  void refusesTextPostgresCannotStoreNamingTheColumnButNotTheValue() {
    LoginRow withNul = new LoginRow("m1", "user", null, "secret\u0000ip", null, null, null, null, LocalDate.EPOCH);

    assertThatThrownBy(() -> Batch.of(List.of(withNul), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the masked_ip of message m1 contains U+0000, which PostgreSQL text cannot hold");
  }

  @Test
  void refusesNullElements() {
    assertThatThrownBy(() -> Batch.of(java.util.Arrays.asList(row("a", "u"), null), List.of()))
        .isInstanceOf(NullPointerException.class);
  }

  private static LoginRow row(String id, String user) {
    return new LoginRow(id, user, null, null, null, null, null, null, LocalDate.EPOCH);
  }

  private static Rejection rejection(String id) {
    return new Rejection(id, RejectReason.NOT_JSON, "the body is not valid JSON", "{}");
  }
}
