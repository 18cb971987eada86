package dev.loginetl.app.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loginetl.app.faults.Ledger.Planned;
import dev.loginetl.app.faults.Ledger.Tally;
import dev.loginetl.core.port.DeadLetterAttributes;
import dev.loginetl.sqs.SqsQueueAdmin;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * The packaged runner on a FIFO queue with several message groups and a FIFO dead-letter queue,
 * against real ElasticMQ and PostgreSQL, with a small in-flight bound and small batches: SQS holds a
 * group back while one of its messages is in flight, and nothing may wait on that.
 */
@Tag(Faults.TAG)
class FifoIT {
  private static final int MESSAGES = 1_200;
  private static final int GROUPS = 8;

  @Test
  void storesEveryMessageOfEveryGroupOnceAndForwardsTheRejectedInTheirGroups(@TempDir Path dir) throws Exception {
    FaultServers servers = FaultServers.shared();
    String queueUrl;
    String dlqUrl;
    try (SqsQueueAdmin admin = SqsQueueAdmin.open(servers.sqsClient())) {
      queueUrl = admin.createFifoQueue("fifo-logins.fifo", Duration.ofSeconds(30));
      dlqUrl = admin.createFifoQueue("fifo-logins-dlq.fifo", Duration.ofSeconds(30));
    }
    String jdbcUrl = servers.newDatabase();
    List<Planned> planned = Logins.mixed("fifo", MESSAGES, 10, Faults.random("fifo"));

    try (Ledger ledger = new Ledger(servers, queueUrl).inGroups(GROUPS)) {
      ledger.send(planned);
      Runner.Ended run = Runner.runToEnd(dir.resolve("run.log"), Runner.run(queueUrl, jdbcUrl, Faults.keyFile(dir),
          "--until-empty", "--dlq-url", dlqUrl, "--max-in-flight", "40", "--batch-size", "25", "--receivers", "3"),
          Duration.ofMinutes(5));
      int exit = run.exit();
      String output = run.output();
      Runner.Summary summary = run.summary();
      Tally tally = ledger.check(jdbcUrl);
      List<Message> dead = drain(servers, dlqUrl);
      Map<String, String> groupOfBody = new HashMap<>();
      planned.forEach(p -> groupOfBody.put(p.body(), ledger.groupOf(p.body())));
      Set<String> rejectedKeys = keys(jdbcUrl);
      System.out.println(tally.line("fifo", 0) + "; dead-lettered " + dead.size() + " in groups "
          + dead.stream().map(m -> m.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID)).distinct().sorted().toList());

      assertThat(exit).as("exit code").isZero();
      assertThat(output).doesNotContain("Exception").doesNotContain("ERROR");
      assertThat(tally.lost()).as("lost: %s", tally).isZero();
      assertThat(tally.duplicated()).as("duplicated: %s", tally).isZero();
      assertThat(tally.misplaced()).as("misplaced: %s", tally).isZero();
      assertThat(tally.rows() + tally.rejections()).isEqualTo(MESSAGES);
      assertThat(tally.rejections()).isEqualTo(MESSAGES / 10);
      assertThat(ledger.queueTotal()).as("queue empty").isZero();
      assertThat(summary.deleted()).isEqualTo(MESSAGES);
      assertThat(output).contains("forwarded to the dead-letter queue " + MESSAGES / 10);
      assertThat(dead).hasSize(MESSAGES / 10);
      assertThat(dead).allSatisfy(m -> {
        assertThat(m.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID))
            .as("kept its group").isEqualTo(groupOfBody.get(m.body()));
        assertThat(rejectedKeys).contains(m.messageAttributes().get(DeadLetterAttributes.MESSAGE_ID).stringValue());
      });
    }
  }

  /** Every message of the dead-letter queue, received and deleted. */
  private static List<Message> drain(FaultServers servers, String url) {
    List<Message> all = new ArrayList<>();
    try (SqsClient sqs = Ledger.client(servers)) {
      int empty = 0;
      while (empty < 2) {
        List<Message> got = sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)
            .messageAttributeNames("All").messageSystemAttributeNames(MessageSystemAttributeName.MESSAGE_GROUP_ID))
            .messages();
        empty = got.isEmpty() ? empty + 1 : 0;
        for (Message m : got) {
          all.add(m);
          sqs.deleteMessage(r -> r.queueUrl(url).receiptHandle(m.receiptHandle()));
        }
      }
    }
    return all;
  }

  private static Set<String> keys(String jdbcUrl) throws Exception {
    Set<String> keys = new HashSet<>();
    try (Connection db = DriverManager.getConnection(jdbcUrl, "postgres", "");
        Statement statement = db.createStatement();
        ResultSet rs = statement.executeQuery("SELECT message_id FROM user_logins_rejected")) {
      while (rs.next()) {
        keys.add(rs.getString(1));
      }
    }
    return keys;
  }
}
