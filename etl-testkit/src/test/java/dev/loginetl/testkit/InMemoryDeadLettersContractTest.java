package dev.loginetl.testkit;

import dev.loginetl.core.port.RejectionForwarder;
import java.util.List;

class InMemoryDeadLettersContractTest implements RejectionForwarderContract {
  private InMemoryDeadLetters deadLetters;

  @Override
  public RejectionForwarder newForwarder() {
    deadLetters = new InMemoryDeadLetters(VERSION);
    return deadLetters;
  }

  @Override
  public List<Forwarded> forwarded(int atLeast) {
    return deadLetters.letters().stream().map(l -> new Forwarded(l.body(), l.attributes())).toList();
  }
}
