package dev.loginetl.postgres.internal;

import static java.util.Objects.requireNonNull;

import dev.loginetl.core.model.LoginRow;
import dev.loginetl.core.model.Rejection;
import dev.loginetl.core.model.StorableText;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * One call's rows and rejections, ready to write: each message id once per table (the first
 * occurrence wins, later ones are {@link #duplicates()}), and sorted by message id in code-point
 * order, which is the order of PostgreSQL's "C" collation. Every transaction takes its row locks in
 * that one order, so concurrent writers of overlapping batches wait for each other but never
 * deadlock.
 *
 * @param rows distinct by message id, sorted
 * @param rejections distinct by message id, sorted
 * @param duplicates ids that appeared more than once in the rows, or in the rejections, of the call
 */
public record Batch(List<LoginRow> rows, List<Rejection> rejections, Set<String> duplicates) {

  /** Code-point order: what {@code COLLATE "C"} does on UTF-8 (String.compareTo differs on surrogates). */
  public static final Comparator<String> CODE_POINT_ORDER = Batch::compareCodePoints;

  public Batch {
    rows = List.copyOf(rows);
    rejections = List.copyOf(rejections);
    duplicates = Set.copyOf(duplicates);
  }

  /**
   * Prepares a call's input.
   *
   * @throws NullPointerException when a list or one of its elements is null
   * @throws IllegalArgumentException when a value holds text PostgreSQL cannot store (U+0000 or an
   *     unpaired surrogate), which the core's rules never let through
   */
  public static Batch of(List<LoginRow> rows, List<Rejection> rejections) {
    requireNonNull(rows, "rows");
    requireNonNull(rejections, "rejections");
    Set<String> duplicates = new HashSet<>();
    List<LoginRow> distinctRows = distinct(rows, LoginRow::messageId, duplicates);
    List<Rejection> distinctRejections = distinct(rejections, Rejection::messageId, duplicates);
    for (LoginRow row : distinctRows) {
      checkStorable(row.messageId(), "message_id", row.messageId());
      checkStorable(row.messageId(), "sqs_message_id", row.sqsMessageId());
      checkStorable(row.messageId(), "user_id", row.userId());
      checkStorable(row.messageId(), "device_type", row.deviceType());
      checkStorable(row.messageId(), "masked_ip", row.maskedIp());
      checkStorable(row.messageId(), "masked_device_id", row.maskedDeviceId());
      checkStorable(row.messageId(), "locale", row.locale());
      checkStorable(row.messageId(), "app_version_raw", row.appVersionRaw());
      checkStorable(row.messageId(), "masked_ip_net", row.maskedIpNet());
      checkStorable(row.messageId(), "ip_asn_org", row.ipAsnOrg());
    }
    for (Rejection rejection : distinctRejections) {
      checkStorable(rejection.messageId(), "message_id", rejection.messageId());
      checkStorable(rejection.messageId(), "sqs_message_id", rejection.sqsMessageId());
      checkStorable(rejection.messageId(), "detail", rejection.detail());
      checkStorable(rejection.messageId(), "redacted_body", rejection.redactedBody());
    }
    return new Batch(distinctRows, distinctRejections, duplicates);
  }

  public boolean isEmpty() {
    return rows.isEmpty() && rejections.isEmpty();
  }

  /** The items with one per id, first wins, sorted by id; the ids seen again go to {@code duplicates}. */
  public static <T> List<T> distinct(List<T> items, Function<T, String> id, Set<String> duplicates) {
    Map<String, T> byId = new LinkedHashMap<>(Math.max(16, items.size() * 4 / 3 + 1));
    for (T item : items) {
      requireNonNull(item, "a list of rows or rejections holds a null");
      String key = id.apply(item);
      if (byId.putIfAbsent(key, item) != null) {
        duplicates.add(key);
      }
    }
    List<T> sorted = new ArrayList<>(byId.values());
    sorted.sort(Comparator.comparing(id, CODE_POINT_ORDER));
    return sorted;
  }

  private static void checkStorable(String messageId, String column, String value) {
    StorableText.Flaw flaw = StorableText.flaw(value);
    if (flaw != null) {
      String whose = StorableText.isStorable(messageId) ? "message " + messageId : "a message";
      throw new IllegalArgumentException("the " + column + " of " + whose + " " + flaw.predicate());
    }
  }

  private static int compareCodePoints(String a, String b) {
    int shorter = Math.min(a.length(), b.length());
    for (int i = 0; i < shorter; i++) {
      char ca = a.charAt(i);
      char cb = b.charAt(i);
      if (ca != cb) {
        // UTF-16 order is code-point order except that surrogates (code points from U+10000) sort
        // below U+E000..U+FFFF: lift them above. Two surrogates compare as their code points do.
        return codeUnitRank(ca) - codeUnitRank(cb);
      }
    }
    return a.length() - b.length();
  }

  private static int codeUnitRank(char c) {
    return Character.isSurrogate(c) ? c + 0x10000 : c;
  }
}
