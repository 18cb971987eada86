package dev.loginetl.example;

import dev.loginetl.core.model.LoginRow;
import dev.loginetl.core.model.Rejection;
import dev.loginetl.core.port.LoginSink;
import dev.loginetl.testkit.LoginSinkContract;
import java.util.Map;
import java.util.Set;

/** The store keeps the {@link LoginSink} contract, as the testkit states it. */
class LoginStoreContractTest implements LoginSinkContract {
  private LoginStore store;

  @Override
  public LoginSink newSink() {
    store = new LoginStore();
    return store;
  }

  @Override
  public Map<String, LoginRow> storedRows() {
    return store.rows();
  }

  @Override
  public Map<String, Rejection> storedRejections() {
    return store.rejections();
  }

  @Override
  public Set<String> resolvedRejections() {
    return store.resolvedRejections();
  }
}
