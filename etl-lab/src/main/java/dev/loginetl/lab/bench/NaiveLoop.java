package dev.loginetl.lab.bench;

import dev.loginetl.core.EtlException;
import dev.loginetl.core.model.LoginRow;
import dev.loginetl.core.model.Outcome;
import dev.loginetl.core.model.ReceivedMessage;
import dev.loginetl.core.model.Rejection;
import dev.loginetl.core.transform.LoginTransformer;
import dev.loginetl.postgres.PostgresConfig;
import dev.loginetl.postgres.PostgresSchema;
import dev.loginetl.sqs.SqsMessageSource;
import dev.loginetl.sqs.SqsSourceConfig;
import java.sql.Connection;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Phase 3, the typical exercise answer: one thread receives one message, transforms it with the same
 * rules and masker, inserts one row in autocommit, deletes the message, and goes round again until a
 * receive comes back empty. Written to a fresh schema of its own.
 */
final class NaiveLoop {
  private NaiveLoop() {}

  static BenchReport.Phase run(BenchSetup setup, String queueUrl, String schema, Seeder.Seeded seeded,
      Resources resources) throws InterruptedException {
    PostgresConfig database = setup.database(schema, 1);
    PostgresSchema.migrate(database);
    String quoted = '"' + schema + '"';
    String insertRow = "INSERT INTO " + quoted + ".user_logins (message_id, user_id, device_type, masked_ip,"
        + " masked_device_id, locale, app_version, app_version_raw, create_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
        + " ON CONFLICT DO NOTHING";
    String insertRejection = "INSERT INTO " + quoted + ".user_logins_rejected (message_id, reason, detail, redacted_body)"
        + " VALUES (?, ?, ?, ?) ON CONFLICT (message_id) DO NOTHING";
    LoginTransformer transformer = new LoginTransformer(setup.masker());
    StageClock transform = new StageClock();
    StageClock write = new StageClock();
    long loaded = 0;
    long rejected = 0;
    long deleted = 0;
    try (TimedSource source = new TimedSource(SqsMessageSource.open(
            SqsSourceConfig.of(setup.sqs(), queueUrl).withWaitTime(BenchSetup.WAIT_TIME)));
        Connection connection = DriverManager.getConnection(setup.jdbcUrl(), setup.login());
        PreparedStatement rows = connection.prepareStatement(insertRow);
        PreparedStatement rejections = connection.prepareStatement(insertRejection)) {
      connection.setAutoCommit(true);
      resources.start();
      long start = System.nanoTime();
      long lastDelete = start;
      BenchReport.Cpu cpu = null;
      long peak = 0;
      while (true) {
        if (Thread.interrupted()) {
          throw new InterruptedException();
        }
        List<ReceivedMessage> messages = source.receive(1);
        if (messages.isEmpty()) {
          break;
        }
        long t = System.nanoTime();
        Outcome outcome = transformer.transform(messages.get(0));
        transform.add(t, 1);
        t = System.nanoTime();
        if (outcome instanceof Outcome.Parsed parsed) {
          loaded += insert(rows, parsed.row());
        } else {
          rejected += insert(rejections, ((Outcome.Rejected) outcome).rejection());
        }
        write.add(t, 1);
        source.acknowledge(messages);
        deleted++;
        lastDelete = System.nanoTime();
        if (deleted == seeded.sent()) {
          cpu = resources.cpu();
          peak = resources.peakHeapBytes();
        }
      }
      if (cpu == null) {
        cpu = resources.cpu();
        peak = resources.peakHeapBytes();
      }
      double wall = (System.nanoTime() - start) / 1e9;
      double seconds = (lastDelete - start) / 1e9;
      Map<String, BenchReport.Stage> stages = new LinkedHashMap<>();
      stages.put("receive", source.receive.snapshot(seconds));
      stages.put("transform", transform.snapshot(seconds));
      stages.put("write", write.snapshot(seconds));
      stages.put("delete", source.acknowledge.snapshot(seconds));
      return new BenchReport.Phase("naive loop", seeded.sent(), BareDrain.round3(seeded.seconds()), deleted,
          BareDrain.round3(seconds), BareDrain.round3(wall), StageClock.round(deleted / seconds, 0), peak,
          loaded, rejected, null, stages, cpu);
    } catch (SQLException e) {
      throw new EtlException("the naive loop could not write to PostgreSQL: " + e.getMessage(), e);
    }
  }

  private static int insert(PreparedStatement statement, LoginRow row) throws SQLException {
    statement.setString(1, row.messageId());
    statement.setString(2, row.userId());
    statement.setString(3, row.deviceType());
    statement.setString(4, row.maskedIp());
    statement.setString(5, row.maskedDeviceId());
    statement.setString(6, row.locale());
    if (row.appVersion() == null) {
      statement.setNull(7, Types.INTEGER);
    } else {
      statement.setInt(7, row.appVersion());
    }
    statement.setString(8, row.appVersionRaw());
    statement.setDate(9, Date.valueOf(row.createDate()));
    return statement.executeUpdate();
  }

  private static int insert(PreparedStatement statement, Rejection rejection) throws SQLException {
    statement.setString(1, rejection.messageId());
    statement.setString(2, rejection.reason().name());
    statement.setString(3, rejection.detail());
    statement.setString(4, rejection.redactedBody());
    return statement.executeUpdate();
  }
}
