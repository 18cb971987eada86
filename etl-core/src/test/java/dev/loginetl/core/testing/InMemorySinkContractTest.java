package dev.loginetl.core.testing;

import dev.loginetl.core.model.LoginRow;
import dev.loginetl.core.model.Rejection;
import dev.loginetl.core.port.LoginSink;
import dev.loginetl.core.port.LoginSinkContract;
import java.util.Map;

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
}
