package dev.loginetl.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loginetl.postgres.MaskRewrapper.Column;
import dev.loginetl.postgres.MaskRewrapper.OneWay;
import dev.loginetl.postgres.MaskRewrapper.Outcome;
import dev.loginetl.postgres.MaskRewrapper.Rewrapped;
import dev.loginetl.postgres.MaskRewrapper.Unrevealable;
import dev.loginetl.postgres.testing.TestPostgres;
import dev.loginetl.postgres.testing.TestSchema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The job against a real PostgreSQL, with a stand-in for the keys: a mask {@code t1:0000000a:X}
 * rewraps to {@code t1:0000000b:X}; {@code h1:} masks are one-way; any other key is unknown.
 */
class RewrapJobIT {
  private static final String OLD = "t1:0000000a:";
  private static final String NEW = "t1:0000000b:";

  @RegisterExtension final TestSchema testSchema = TestSchema.migratedOn(TestPostgres.shared());
  private final TestPostgres db = testSchema.db();
  private final PostgresConfig config = testSchema.config();
  private final String schema = config.schema();

  @Test
  void rewrapsStaleMasksAndLeavesNullCurrentOneWayAndUnknownMasksAsTheyAre() {
    insert("u1", OLD + "ip1", OLD + "dev1");
    insert("u2", null, OLD + "dev2");
    insert("u3", NEW + "ip3", OLD + "dev3");
    insert("u4", null, null);
    insert("u5", "h1:00000001:hmacip", OLD + "dev5");
    insert("u6", "t1:0000000f:lost", "h1:00000001:hmacdev");

    RewrapReport report = RewrapJob.create(config, new StandIn(), 2).run(p -> {});

    assertThat(masks()).containsExactly(
        "u1 " + NEW + "ip1 " + NEW + "dev1",
        "u2 null " + NEW + "dev2",
        "u3 " + NEW + "ip3 " + NEW + "dev3",
        "u4 null null",
        "u5 h1:00000001:hmacip " + NEW + "dev5",
        "u6 t1:0000000f:lost h1:00000001:hmacdev");
    assertThat(report.complete()).isTrue();
    assertThat(report.pendingAtStart()).as(report.toString()).isEqualTo(5);
    assertThat(report.rowsExamined()).isEqualTo(5);
    assertThat(report.rowsUpdated()).isEqualTo(4);
    assertThat(report.masksRewrapped()).isEqualTo(5);
    assertThat(report.masksAlreadyCurrent()).isEqualTo(1);
    assertThat(report.oneWaySkipped()).isEqualTo(2);
    assertThat(report.unrevealableLeft()).isEqualTo(1);
    assertThat(report.unrevealableByReason()).isEqualTo(Map.of("UNKNOWN_KEY", 1L));
    assertThat(report.remainingEstimate()).isZero();
  }

  @Test
  void aJobStoppedAfterOneBatchResumesWhereItStoppedAndFinishes() {
    for (int i = 0; i < 25; i++) {
      insert("u" + i, OLD + "ip" + i, null);
    }
    List<RewrapReport> progress = new ArrayList<>();

    RewrapReport stopped = RewrapJob.create(config, new StandIn(), 10).run(p -> {
      progress.add(p);
      Thread.currentThread().interrupt();
    });
    boolean wasInterrupted = Thread.interrupted();

    assertThat(wasInterrupted).isTrue();
    assertThat(stopped.complete()).isFalse();
    assertThat(stopped.rowsUpdated()).isEqualTo(10);
    assertThat(stopped.remainingEstimate()).isEqualTo(15);
    assertThat(progress).singleElement().satisfies(p -> assertThat(p.rowsExamined()).isEqualTo(10));
    assertThat(countUnder(NEW)).isEqualTo(10);

    RewrapReport resumed = RewrapJob.create(config, new StandIn(), 10).run(p -> {});

    assertThat(resumed.complete()).isTrue();
    assertThat(resumed.pendingAtStart()).isEqualTo(15);
    assertThat(resumed.masksRewrapped()).isEqualTo(15);
    assertThat(resumed.masksAlreadyCurrent()).isEqualTo(10);
    assertThat(countUnder(NEW)).isEqualTo(25);
  }

  @Test
  void aFailureInsideABatchRollsBackThatBatchOnlyAndARerunFinishes() {
    for (int i = 0; i < 25; i++) {
      insert("u" + i, OLD + "ip" + i, null);
    }
    IllegalStateException boom = new IllegalStateException("cipher broke");
    AtomicInteger calls = new AtomicInteger();
    MaskRewrapper failingOnTheFifteenth = new StandIn() {
      @Override
      public Outcome rewrap(Column column, String mask) {
        if (calls.incrementAndGet() == 15) {
          throw boom;
        }
        return super.rewrap(column, mask);
      }
    };

    assertThatThrownBy(() -> RewrapJob.create(config, failingOnTheFifteenth, 10).run(p -> {}))
        .isSameAs(boom);
    assertThat(countUnder(NEW)).isEqualTo(10);
    assertThat(countUnder(OLD)).isEqualTo(15);

    RewrapJob.create(config, new StandIn(), 10).run(p -> {});

    assertThat(countUnder(NEW)).isEqualTo(25);
  }

  @Test
  void rowsOfDifferentPartitionsAtTheSamePlaceEachKeepTheirOwnMasks() {
    dev.loginetl.postgres.lifecycle.Partitions.ensure(config,
        dev.loginetl.postgres.lifecycle.PartitionGranularity.MONTH, java.time.LocalDate.of(2026, 1, 1),
        java.time.LocalDate.of(2026, 3, 1));
    // The first row of each partition: the same ctid, (0,1), in three tables.
    for (String date : List.of("2026-01-05", "2026-02-05", "2030-01-01")) {
      db.admin().useHandle(h -> h.createUpdate("INSERT INTO " + schema + ".user_logins"
              + " (user_id, masked_ip, masked_device_id, create_date) VALUES (:u, :ip, NULL, CAST(:d AS date))")
          .bind("u", "u-" + date).bind("ip", OLD + "ip-" + date).bind("d", date).execute());
    }

    RewrapReport report = RewrapJob.create(config, new StandIn(), 10).run(p -> {});

    assertThat(masks()).containsExactly(
        "u-2026-01-05 " + NEW + "ip-2026-01-05 null",
        "u-2026-02-05 " + NEW + "ip-2026-02-05 null",
        "u-2030-01-01 " + NEW + "ip-2030-01-01 null");
    assertThat(report.rowsUpdated()).isEqualTo(3);
  }

  @Test
  void refusesABatchSizeOutOfRange() {
    assertThatThrownBy(() -> RewrapJob.create(config, new StandIn(), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("batch size");
  }

  private void insert(String userId, String maskedIp, String maskedDeviceId) {
    db.admin().useHandle(h -> h.createUpdate("INSERT INTO " + schema + ".user_logins"
            + " (user_id, masked_ip, masked_device_id) VALUES (:u, :ip, :dev)")
        .bind("u", userId).bind("ip", maskedIp).bind("dev", maskedDeviceId)
        .execute());
  }

  private List<String> masks() {
    return db.admin().withHandle(h -> h.createQuery(
            "SELECT user_id, masked_ip, masked_device_id FROM " + schema + ".user_logins ORDER BY user_id")
        .map((rs, ctx) -> String.join(" ", Arrays.asList(
            rs.getString(1), String.valueOf(rs.getString(2)), String.valueOf(rs.getString(3)))))
        .list());
  }

  private long countUnder(String prefix) {
    return db.admin().withHandle(h -> h.createQuery(
            "SELECT count(*) FROM " + schema + ".user_logins WHERE starts_with(masked_ip, :p)")
        .bind("p", prefix).mapTo(Long.class).one());
  }

  private static class StandIn implements MaskRewrapper {
    @Override
    public String currentPrefix() {
      return NEW;
    }

    @Override
    public Outcome rewrap(Column column, String mask) {
      if (mask.startsWith("h1:")) {
        return new OneWay();
      }
      if (mask.startsWith(OLD)) {
        return new Rewrapped(NEW + mask.substring(OLD.length()));
      }
      return new Unrevealable("UNKNOWN_KEY");
    }
  }
}
