package dev.loginetl.testkit;

import dev.loginetl.core.model.LoginRow;
import dev.loginetl.core.model.Rejection;
import dev.loginetl.core.port.LoginSink;
import java.util.Map;
import java.util.Set;

class InMemorySinkContractTest implements LoginSinkContract {
  private InMemorySink sink;

  @Override
  public LoginSink newSink() {
    sink = new InMemorySink();
    return sink;
  }

  @Override
  public Map<String, LoginRow> storedRows() {
    return sink.rows();
  }

  @Override
  public Map<String, Rejection> storedRejections() {
    return sink.rejections();
  }

  @Override
  public Set<String> resolvedRejections() {
    return sink.resolvedRejections();
  }
}
