package dev.loginetl.sqs;

import dev.loginetl.core.port.RejectionForwarder;
import dev.loginetl.testkit.RejectionForwarderContract;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** The forwarder contract, to a FIFO dead-letter queue on ElasticMQ through the real SDK client. */
@ExtendWith(ElasticMq.class)
class SqsFifoRejectionForwarderContractIT implements RejectionForwarderContract {
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
    queueUrl = admin.createFifoQueue(ElasticMq.uniqueQueueName("dlq") + ".fifo", Duration.ofSeconds(30));
    return SqsRejectionForwarder.open(ElasticMq.clientConfig(), queueUrl, VERSION);
  }

  @Override
  public List<Forwarded> forwarded(int atLeast) {
    return DeadLetterQueueReader.messages(queueUrl, atLeast);
  }
}
