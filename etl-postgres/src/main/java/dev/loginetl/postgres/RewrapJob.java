package dev.loginetl.postgres;

import static java.util.Objects.requireNonNull;

import dev.loginetl.core.EtlException;
import dev.loginetl.postgres.MaskRewrapper.Column;
import dev.loginetl.postgres.MaskRewrapper.OneWay;
import dev.loginetl.postgres.MaskRewrapper.Outcome;
import dev.loginetl.postgres.MaskRewrapper.Rewrapped;
import dev.loginetl.postgres.MaskRewrapper.Unrevealable;
import dev.loginetl.postgres.internal.Sessions;
import dev.loginetl.postgres.internal.SqlErrors;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-makes the masks of {@code user_logins} ({@code masked_ip}, {@code masked_device_id}, {@code masked_ip_net}) that are
 * not under the current key, through a {@link MaskRewrapper}, after a key rotation; masks in {@code
 * user_logins_rejected.redacted_body} are not touched.
 *
 * <p><b>Guarantees:</b> rows are handled in batches of {@code batchSize}, each one transaction that
 * locks its rows ({@code FOR UPDATE SKIP LOCKED}, so two jobs at once share the work): a batch is
 * committed whole or not at all, so a job that is killed or fails leaves every row either rewrapped
 * or as it was. Running the job again resumes: rows already rewrapped no longer need it. NULL
 * masks, masks already under the current key, one-way masks and masks that cannot be opened are
 * left as they are; the last two are counted, by reason, never logged. Rows the loader writes
 * meanwhile are made under the current key and need nothing.
 *
 * <p>The job walks the table (each partition of a partitioned one, in turn) once in physical
 * ({@code ctid}) order, so rows it cannot rewrap are not counted twice in one run (an update moves a row to a new {@code ctid}; the job remembers
 * those of rows it updated that still hold a mask it cannot rewrap); a {@code VACUUM FULL} or
 * {@code CLUSTER} of the table during the run may make it miss rows, which the next run picks up.
 *
 * <p><b>Stopping:</b> interrupting the thread that runs {@link #run} stops it after the batch in
 * progress commits; the report then says it is not {@link RewrapReport#complete() complete}, and
 * the thread's interrupt flag stays set.
 *
 * <p><b>Privileges:</b> SELECT and UPDATE on {@code user_logins}.
 *
 * <p>Not thread-safe: one {@link #run} at a time per instance. Holds one connection while it runs.
 */
public final class RewrapJob {
  public static final int DEFAULT_BATCH_SIZE = 1_000;
  public static final int MAX_BATCH_SIZE = 100_000;

  private static final Logger log = LoggerFactory.getLogger(RewrapJob.class);

  private final PostgresConfig config;
  private final MaskRewrapper rewrapper;
  private final int batchSize;

  private RewrapJob(PostgresConfig config, MaskRewrapper rewrapper, int batchSize) {
    this.config = config;
    this.rewrapper = rewrapper;
    this.batchSize = batchSize;
  }

  /**
   * A job over the {@code user_logins} of {@code config}'s schema.
   *
   * @throws IllegalArgumentException when {@code batchSize} is not between 1 and {@value
   *     #MAX_BATCH_SIZE}
   */
  public static RewrapJob create(PostgresConfig config, MaskRewrapper rewrapper, int batchSize) {
    requireNonNull(config, "config");
    requireNonNull(rewrapper, "rewrapper");
    if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
      throw new IllegalArgumentException(
          "the batch size is " + batchSize + ": it must be between 1 and " + MAX_BATCH_SIZE);
    }
    return new RewrapJob(config, rewrapper, batchSize);
  }

  /**
   * Runs the job until every row has been examined, or until the thread is interrupted.
   *
   * @param progress called after each committed batch with the counts so far, on this thread
   * @return what the job did
   * @throws dev.loginetl.core.RetryableEtlException when the connection is lost or the server is
   *     unreachable; committed batches stay, running again resumes
   * @throws EtlException when the table cannot be read or updated
   * @throws RuntimeException what the {@link MaskRewrapper} throws, the batch rolled back
   */
  public RewrapReport run(Consumer<RewrapReport> progress) {
    requireNonNull(progress, "progress");
    String prefix = rewrapper.currentPrefix();
    if (prefix == null || prefix.isEmpty()) {
      throw new IllegalArgumentException("the rewrapper gives no prefix for current masks");
    }
    String table = Sessions.table(config, "user_logins");
    String stale =
        "((masked_ip IS NOT NULL AND NOT starts_with(masked_ip, :prefix))"
            + " OR (masked_device_id IS NOT NULL AND NOT starts_with(masked_device_id, :prefix))"
            + " OR (masked_ip_net IS NOT NULL AND NOT starts_with(masked_ip_net, :prefix)))";
    try (Handle handle = Sessions.jdbi(config, "loginetl-rewrap").open()) {
      long[] start =
          handle
              .createQuery(
                  "SELECT count(*) FILTER (WHERE " + stale + "),"
                      + " count(*) FILTER (WHERE starts_with(masked_ip, :prefix))"
                      + " + count(*) FILTER (WHERE starts_with(masked_device_id, :prefix))"
                      + " + count(*) FILTER (WHERE starts_with(masked_ip_net, :prefix))"
                      + " FROM " + table)
              .bind("prefix", prefix)
              .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2)})
              .one();
      Totals totals = new Totals(start[0], start[1]);
      log.info("rewrapping {} row(s) of {} not under the current key, {} per batch",
          start[0], table, batchSize);
      // A ctid names a row within one table: a partitioned user_logins is walked partition by
      // partition, each by its own name, or an update by ctid would reach every partition's row there.
      List<String> leaves = handle.createQuery("SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname)"
              + " FROM pg_partition_tree(to_regclass(:t)) AS p JOIN pg_class c ON c.oid = p.relid"
              + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE p.isleaf ORDER BY c.relname")
          .bind("t", table).mapTo(String.class).list();
      for (String leaf : leaves) {
        String select =
            "SELECT ctid::text, masked_ip, masked_device_id, masked_ip_net FROM " + leaf
                + " WHERE ctid > CAST(:after AS tid) AND " + stale
                + " ORDER BY ctid LIMIT :limit FOR UPDATE SKIP LOCKED";
        String update =
            "UPDATE " + leaf + " SET masked_ip = :ip, masked_device_id = :deviceId, masked_ip_net = :net"
                + " WHERE ctid = CAST(:ctid AS tid)";
        String after = "(0,0)";
        // ctids, in this run, of rows updated but still stale: skipped when the cursor reaches them.
        Set<String> revisited = new HashSet<>();
        while (!Thread.currentThread().isInterrupted()) {
          String cursor = after;
          Batch batch =
              handle.inTransaction(
                  h -> {
                    List<StoredRow> rows =
                        h.createQuery(select)
                            .bind("after", cursor)
                            .bind("prefix", prefix)
                            .bind("limit", batchSize)
                            .map((rs, ctx) -> new StoredRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                            .list();
                    Batch done = new Batch(rows.isEmpty() ? null : rows.get(rows.size() - 1).ctid());
                    try (PreparedBatch updates = h.prepareBatch(update)) {
                      for (StoredRow row : rows) {
                        if (revisited.remove(row.ctid())) {
                          continue;
                        }
                        String ip = done.decide(Column.MASKED_IP, row.maskedIp(), prefix);
                        String deviceId = done.decide(Column.MASKED_DEVICE_ID, row.maskedDeviceId(), prefix);
                        String net = done.decide(Column.MASKED_IP_NET, row.maskedIpNet(), prefix);
                        done.rows++;
                        if (same(ip, row.maskedIp()) && same(deviceId, row.maskedDeviceId())
                            && same(net, row.maskedIpNet())) {
                          continue;
                        }
                        done.updated++;
                        if (isStale(ip, prefix) || isStale(deviceId, prefix) || isStale(net, prefix)) {
                          // Still stale (its other mask is one-way or unrevealable): the update moves
                          // it to a new ctid, maybe ahead of the cursor, where it must not count twice.
                          done.revisits.add(
                              h.createQuery(update + " RETURNING ctid::text")
                                  .bind("ip", ip).bind("deviceId", deviceId).bind("net", net).bind("ctid", row.ctid())
                                  .mapTo(String.class)
                                  .one());
                        } else {
                          updates.bind("ip", ip).bind("deviceId", deviceId).bind("net", net).bind("ctid", row.ctid()).add();
                        }
                      }
                      if (updates.size() > 0) {
                        updates.execute();
                      }
                    }
                    return done;
                  });
          if (batch.lastCtid == null) {
            break;
          }
          after = batch.lastCtid;
          revisited.addAll(batch.revisits);
          totals.add(batch);
          progress.accept(totals.report(false));
        }
        if (Thread.currentThread().isInterrupted()) {
          break;
        }
      }
      if (!Thread.currentThread().isInterrupted()) {
        return totals.report(true);
      }
      log.info("rewrapping stopped on request after {} batch(es)", totals.batches);
      return totals.report(false);
    } catch (RewrapperFailed e) {
      throw e.failure;
    } catch (RuntimeException e) {
      throw SqlErrors.translate(e, Sessions.context(config), "rewrapping the masks of user_logins");
    }
  }

  private static boolean isStale(String mask, String prefix) {
    return mask != null && !mask.startsWith(prefix);
  }

  private static boolean same(String a, String b) {
    return a == null ? b == null : a.equals(b);
  }

  private record StoredRow(String ctid, String maskedIp, String maskedDeviceId, String maskedIpNet) {}

  /** One batch's decisions and counts, merged into the totals only once it commits. */
  private final class Batch {
    final String lastCtid;
    long rows;
    long updated;
    long rewrapped;
    long oneWay;
    final Map<String, Long> unrevealable = new HashMap<>();
    final List<String> revisits = new ArrayList<>();

    Batch(String lastCtid) {
      this.lastCtid = lastCtid;
    }

    /** The value the column should hold: the mask as it is, or re-made. */
    String decide(Column column, String mask, String prefix) {
      if (mask == null || mask.startsWith(prefix)) {
        return mask;
      }
      Outcome outcome;
      try {
        outcome = rewrapper.rewrap(column, mask);
      } catch (RuntimeException e) {
        throw new RewrapperFailed(e);
      }
      if (outcome instanceof Rewrapped rewrappedMask) {
        if (!rewrappedMask.mask().startsWith(prefix)) {
          throw new RewrapperFailed(
              new EtlException(
                  "the rewrapper made a " + column.sqlName() + " mask that is not under the current key"));
        }
        rewrapped++;
        return rewrappedMask.mask();
      }
      if (outcome instanceof OneWay) {
        oneWay++;
      } else if (outcome instanceof Unrevealable why) {
        unrevealable.merge(why.reason(), 1L, Long::sum);
      } else {
        throw new RewrapperFailed(new EtlException("the rewrapper gave no outcome for a mask"));
      }
      return mask;
    }
  }

  private static final class Totals {
    final long pendingAtStart;
    final long alreadyCurrent;
    long rows;
    long updated;
    long rewrapped;
    long oneWay;
    long batches;
    final Map<String, Long> unrevealable = new HashMap<>();

    Totals(long pendingAtStart, long alreadyCurrent) {
      this.pendingAtStart = pendingAtStart;
      this.alreadyCurrent = alreadyCurrent;
    }

    void add(Batch batch) {
      rows += batch.rows;
      updated += batch.updated;
      rewrapped += batch.rewrapped;
      oneWay += batch.oneWay;
      batch.unrevealable.forEach((reason, count) -> unrevealable.merge(reason, count, Long::sum));
      batches++;
    }

    RewrapReport report(boolean complete) {
      long unrevealableLeft = unrevealable.values().stream().mapToLong(Long::longValue).sum();
      return new RewrapReport(pendingAtStart, rows, updated, rewrapped, alreadyCurrent, oneWay,
          unrevealableLeft, unrevealable, batches, complete);
    }
  }

  /** Carries what the rewrapper threw past the SQL error translation. */
  private static final class RewrapperFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient RuntimeException failure;

    RewrapperFailed(RuntimeException failure) {
      super(null, null, false, false);
      this.failure = failure;
    }
  }
}
