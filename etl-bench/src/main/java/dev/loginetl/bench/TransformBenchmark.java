package dev.loginetl.bench;

import dev.loginetl.testdata.MessageGenerator;
import dev.loginetl.core.model.Outcome;
import dev.loginetl.core.model.ReceivedMessage;
import dev.loginetl.core.transform.EnvelopeMode;
import dev.loginetl.core.transform.IpAnalytics;
import dev.loginetl.core.transform.LoginParser;
import dev.loginetl.core.transform.LoginTransformer;
import dev.loginetl.core.transform.ParseResult;
import dev.loginetl.geoip.GeoIpDatabases;
import dev.loginetl.geoip.MmdbEnricher;
import dev.loginetl.pii.MaskingStrategy;
import dev.loginetl.pii.key.PiiKeyset;
import dev.loginetl.pii.mask.Maskers;
import dev.loginetl.testdata.MmdbWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The pipeline's per-message CPU work on one thread: {@link #transform} is what a receiver does for
 * each message (parse, rules, mask ip and device_id, build the row, or reject); {@link #parse} is
 * the parser alone, to show what masking adds. With {@code enrichment=on} the transform also looks
 * each ip up in a country and an ASN database ({@link MmdbEnricher}) of 65,536 IPv4 /16 networks
 * this benchmark writes; {@code off} runs without databases (the network is masked either way), so
 * the difference is the lookups' cost per message. Bodies come from the benchmark's generator (shaped
 * like the sample, 1% malformed, values repeating), cycled through 8,192 of them. Throughput is
 * messages per second on one core.
 *
 * <pre>
 * ./mvnw -q -pl etl-bench -am package -DskipTests
 * java -jar etl-bench/target/benchmarks.jar -f 1 -wi 3 -i 5
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 2, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class TransformBenchmark {
  private static final int BODIES = 8192;

  @Param({"hmac", "tokenize"})
  public String masking;

  @Param({"off", "on"})
  public String enrichment;

  private MmdbEnricher enricher;

  private ReceivedMessage[] messages;
  private LoginTransformer transformer;
  private int next;

  @Setup
  public void setUp() throws IOException {
    MessageGenerator generator = new MessageGenerator(42);
    Instant sent = Instant.parse("2026-11-21T12:00:00Z");
    messages = new ReceivedMessage[BODIES];
    for (int i = 0; i < BODIES; i++) {
      messages[i] = new ReceivedMessage("message-" + i, generator.next().body(), sent.plusMillis(i), 1, "handle-" + i);
    }
    MaskingStrategy strategy = MaskingStrategy.fromName(masking);
    IpAnalytics analytics = IpAnalytics.DEFAULT;
    if (enrichment.equals("on")) {
      enricher = databases();
      analytics = analytics.withEnricher(enricher);
    }
    transformer = new LoginTransformer(Maskers.create(strategy, PiiKeyset.generate(strategy)), EnvelopeMode.AUTO,
        analytics);
  }

  @TearDown
  public void tearDown() {
    if (enricher != null) {
      enricher.close();
    }
  }

  /** A country and an ASN database of every IPv4 /16, with 200 distinct records each. */
  private static MmdbEnricher databases() throws IOException {
    Path dir = Files.createTempDirectory("loginetl-bench-geoip");
    MmdbWriter country = MmdbWriter.create("Bench-Country", "TransformBenchmark");
    MmdbWriter asn = MmdbWriter.create("Bench-ASN", "TransformBenchmark");
    List<String> codes = List.of("RU", "DE", "US", "BR", "IN", "JP", "NL", "FR", "PT", "KE");
    for (int net = 0; net < 65_536; net++) {
      String cidr = (net >>> 8) + "." + (net & 0xFF) + ".0.0/16";
      country.network(cidr, Map.of("country", Map.of("iso_code", codes.get(net % codes.size()))));
      asn.network(cidr, Map.of("autonomous_system_number", 64_512L + net % 200,
          "autonomous_system_organization", "Bench network " + net % 200));
    }
    Path countryFile = country.write(dir.resolve("country.mmdb"));
    Path asnFile = asn.write(dir.resolve("asn.mmdb"));
    countryFile.toFile().deleteOnExit();
    asnFile.toFile().deleteOnExit();
    dir.toFile().deleteOnExit();
    return MmdbEnricher.open(GeoIpDatabases.of(countryFile, asnFile));
  }

  @Benchmark
  public Outcome transform() {
    ReceivedMessage message = messages[next];
    next = (next + 1) & (BODIES - 1);
    return transformer.transform(message);
  }

  @Benchmark
  public ParseResult parse() {
    ReceivedMessage message = messages[next];
    next = (next + 1) & (BODIES - 1);
    return LoginParser.parse(message.body());
  }
}
