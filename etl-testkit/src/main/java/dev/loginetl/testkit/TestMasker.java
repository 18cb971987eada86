package dev.loginetl.testkit;

import com.google.common.hash.Hashing;
import dev.loginetl.core.model.PiiField;
import dev.loginetl.core.port.Masker;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A deterministic, field-separated {@link Masker} for tests: {@code test:<field>:<sha256 prefix>}.
 * Not secure (no key); never use it outside tests. Counts its calls.
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

  public long calls() {
    return calls.get();
  }
}
