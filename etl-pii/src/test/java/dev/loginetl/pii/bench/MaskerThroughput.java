package dev.loginetl.pii.bench;

import dev.loginetl.core.model.PiiField;
import dev.loginetl.core.port.Masker;
import dev.loginetl.pii.MaskingStrategy;
import dev.loginetl.pii.key.PiiKeyset;
import dev.loginetl.pii.mask.Maskers;

/**
 * A rough single-thread throughput figure for each strategy; not a test (timings belong in
 * benchmarks). Run from {@code etl-pii} after {@code mvn test-compile}, with the module's
 * classpath in {@code cp.txt} (e.g. from {@code mvn dependency:build-classpath}):
 *
 * <pre>
 * java -cp "target/classes:target/test-classes:$(cat cp.txt)" dev.loginetl.pii.bench.MaskerThroughput
 * </pre>
 */
public final class MaskerThroughput {
  private MaskerThroughput() {}

  public static void main(String[] args) {
    String[] ips = new String[4096];
    String[] devices = new String[4096];
    for (int i = 0; i < ips.length; i++) {
      ips[i] = "10." + (i >> 8) + "." + (i & 255) + "." + (i * 7 & 255);
      devices[i] = new java.util.UUID(i * 0x9E3779B97F4A7C15L, ~i).toString();
    }
    for (MaskingStrategy strategy : MaskingStrategy.values()) {
      Masker masker = Maskers.create(strategy, PiiKeyset.generate(strategy));
      long sink = 0;
      for (int round = 0; round < 8; round++) {
        int n = 2_000_000;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
          int j = i & 4095;
          sink += masker.mask(PiiField.IP, ips[j]).length();
          sink += masker.mask(PiiField.DEVICE_ID, devices[j]).length();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (round >= 5) {
          System.out.printf("%-8s %6.0f ns/value  %5.2f M values/s%n",
              strategy, seconds * 1e9 / (2.0 * n), 2.0 * n / seconds / 1e6);
        }
      }
      if (sink == 42) {
        System.out.println();
      }
    }
  }
}
