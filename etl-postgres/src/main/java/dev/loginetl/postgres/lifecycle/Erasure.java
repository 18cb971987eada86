package dev.loginetl.postgres.lifecycle;

import static java.util.Objects.requireNonNull;

import dev.loginetl.postgres.PostgresConfig;
import dev.loginetl.postgres.internal.Sessions;
import dev.loginetl.postgres.internal.SqlErrors;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.jdbi.v3.core.Handle;

/**
 * Erases people: deletes their rows of {@code user_logins} in every partition (one statement, which
 * reaches each partition through its {@code user_id} index), and the rejections whose body names
 * them ({@link RejectionSubjects}), and records one row per person in {@code data_lifecycle_audit}
 * with the keyed hash of the user id, never the id itself. People are erased {@value #CHUNK} to a
 * transaction: a person's rows, rejections and audit row go together or not at all.
 *
 * <p>Erasing a person with no rows succeeds and records zero. Erasing again is harmless, and the
 * audit then shows the earlier erasures beside what was found this time.
 *
 * <p>Stateless; thread-safe. No session state: works through a pooler in transaction mode.
 */
public final class Erasure {
  static final int CHUNK = 500;

  private Erasure() {}

  /**
   * Erases each of {@code userIds} (duplicates once).
   *
   * @param subjectHash the keyed hash of a user id, as recorded in the audit
   * @return one result per distinct user id, in the order given
   */
  public static List<ErasureResult> erase(PostgresConfig config, List<String> userIds, UnaryOperator<String> subjectHash) {
    requireNonNull(config, "config");
    requireNonNull(subjectHash, "subjectHash");
    List<String> distinct = new ArrayList<>(new LinkedHashSet<>(userIds));
    List<ErasureResult> results = new ArrayList<>();
    try {
      for (int from = 0; from < distinct.size(); from += CHUNK) {
        List<String> chunk = distinct.subList(from, Math.min(distinct.size(), from + CHUNK));
        results.addAll(Sessions.jdbi(config, "loginetl-erase")
            .inTransaction(h -> eraseChunk(h, config.schema(), chunk, subjectHash)));
      }
    } catch (RuntimeException e) {
      throw SqlErrors.translate(e, Sessions.context(config), "erasing users");
    }
    return results;
  }

  private static List<ErasureResult> eraseChunk(Handle h, String schema, List<String> users, UnaryOperator<String> hash) {
    String q = '"' + schema + '"';
    String[] ids = users.toArray(String[]::new);
    Map<String, Long> rows = new HashMap<>();
    h.createQuery("WITH gone AS (DELETE FROM " + q + ".user_logins WHERE user_id = ANY(?) RETURNING user_id)"
            + " SELECT user_id, count(*) FROM gone GROUP BY user_id")
        .bind(0, ids)
        .map((rs, ctx) -> rows.put(rs.getString(1), rs.getLong(2)))
        .list();
    // Narrowed in SQL to bodies that hold one of the ids as text; decided here, reading each body.
    Map<String, Long> rejections = new HashMap<>();
    List<String> rejected = new ArrayList<>();
    h.createQuery("SELECT message_id, redacted_body FROM " + q + ".user_logins_rejected"
            + " WHERE EXISTS (SELECT 1 FROM unnest(?::text[]) AS u(id) WHERE strpos(redacted_body, u.id) > 0)")
        .bind(0, ids)
        .map((rs, ctx) -> {
          String body = rs.getString(2);
          boolean any = false;
          for (String user : users) {
            if (RejectionSubjects.names(body, user)) {
              rejections.merge(user, 1L, Long::sum);
              any = true;
            }
          }
          if (any) {
            rejected.add(rs.getString(1));
          }
          return any;
        })
        .list();
    if (!rejected.isEmpty()) {
      h.createUpdate("DELETE FROM " + q + ".user_logins_rejected WHERE message_id = ANY(?)")
          .bind(0, rejected.toArray(String[]::new)).execute();
    }
    List<ErasureResult> results = new ArrayList<>();
    for (String user : users) {
      String subject = hash.apply(user);
      long earlier = h.createQuery("SELECT count(*) FROM " + q + ".data_lifecycle_audit"
              + " WHERE action = 'erasure' AND subject_hash = ?")
          .bind(0, subject).mapTo(Long.class).one();
      ErasureResult result = new ErasureResult(subject, rows.getOrDefault(user, 0L),
          rejections.getOrDefault(user, 0L), earlier);
      h.createUpdate("INSERT INTO " + q + ".data_lifecycle_audit (action, subject_hash, rows_deleted,"
              + " rejections_deleted, detail) VALUES ('erasure', ?, ?, ?, CAST(? AS jsonb))")
          .bind(0, subject).bind(1, result.rows()).bind(2, result.rejections())
          .bind(3, "{\"earlier_erasures\":" + earlier + "}")
          .execute();
      results.add(result);
    }
    return results;
  }
}
