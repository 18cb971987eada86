package dev.loginetl.sqs;

import dev.loginetl.core.port.RejectionForwarder;
import dev.loginetl.testkit.RejectionForwarderContract;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** The forwarder contract, to a standard dead-letter queue on ElasticMQ through the real SDK client. */
@ExtendWith(ElasticMq.class)
class SqsRejectionForwarderContractIT implements RejectionForwarderContract {
  private static SqsQueueAdmin admin;
  private String queueUrl;

  @BeforeAll
  static void openAdmin() {
    admin = SqsQueueAdmin.open(ElasticMq.clientConfig());
  }

  @AfterAll
  static void closeAdmin() {
    admin.close();
  }

  @Override
  public RejectionForwarder newForwarder() {
    queueUrl = newDeadLetterQueue(admin);
    return SqsRejectionForwarder.open(ElasticMq.clientConfig(), queueUrl, VERSION);
  }

  /** A fresh dead-letter queue for one test; its URL. */
  String newDeadLetterQueue(SqsQueueAdmin admin) {
    return admin.createQueue(ElasticMq.uniqueQueueName("dlq"), Duration.ofSeconds(30));
  }

  @Override
  public List<Forwarded> forwarded(int atLeast) {
    return DeadLetterQueueReader.messages(queueUrl, atLeast);
  }
}
