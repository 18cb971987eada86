package dev.loginetl.sqs;

import java.time.Duration;

/** The forwarder contract, to a FIFO dead-letter queue on ElasticMQ through the real SDK client. */
class SqsFifoRejectionForwarderContractIT extends SqsRejectionForwarderContractIT {
  @Override
  String newDeadLetterQueue(SqsQueueAdmin admin) {
    return admin.createFifoQueue(ElasticMq.uniqueQueueName("dlq") + ".fifo", Duration.ofSeconds(30));
  }
}
