package dev.loginetl.core.testing;

import com.google.common.hash.Hashing;
import dev.loginetl.core.model.PiiField;
import dev.loginetl.core.port.Masker;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A deterministic, field-separated {@link Masker} for etl-core's own tests:
 * {@code test:<field>:<sha256 prefix>}, the same values as the testkit's {@code TestMasker}, which
 * etl-core's tests cannot use (etl-testkit depends on etl-core). Not secure (no key). Counts its calls.
 */
public final class TestMasker implements Masker {
  private final AtomicLong calls = new AtomicLong();

  @Override
  public String mask(PiiField field, String value) {
    calls.incrementAndGet();
    String digest =
        Hashing.sha256().hashString(field.jsonName() + "\u0000" + value, StandardCharsets.UTF_8).toString();
    return "test:" + field.jsonName() + ":" + digest.substring(0, 24);
  }

  /** How many values this masker has masked. */
  public long calls() {
    return calls.get();
  }
}
