package dev.loginetl.core.transform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loginetl.core.model.IpAttributes;
import dev.loginetl.core.model.LoginRow;
import dev.loginetl.core.model.Outcome;
import dev.loginetl.core.model.ReceivedMessage;
import dev.loginetl.core.port.IpEnricher;
import dev.loginetl.core.testing.LoginArbitraries;
import dev.loginetl.core.testing.TestMasker;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Enrichment never rejects a message and never changes what the rules decide: whatever the body
 * and whatever the enricher answers (attributes, nothing, or an exception it should not throw), the
 * outcome is the one without an enricher, except for the row's {@code ip_country}, {@code ip_asn}
 * and {@code ip_asn_org}.
 */
class IpEnrichmentProperties {
  private static final Instant SENT = Instant.parse("2026-11-21T10:00:00Z");
  private static final Clock CLOCK = Clock.fixed(SENT, ZoneOffset.UTC);
  private static final TestMasker MASKER = new TestMasker();
  private static final LoginTransformer PLAIN = new LoginTransformer(MASKER, EnvelopeMode.AUTO, CLOCK);

  @Property(tries = 1000)
  void enrichmentChangesOnlyTheIpAttributesOfARow(@ForAll("bodies") String body, @ForAll("enrichers") IpEnricher enricher) {
    LoginTransformer enriching =
        new LoginTransformer(MASKER, EnvelopeMode.AUTO, CLOCK, IpAnalytics.DEFAULT.withEnricher(enricher));
    ReceivedMessage message = new ReceivedMessage("m-1", body, SENT, 1, "m-1");

    Outcome plain = PLAIN.transform(message);
    Outcome enriched = enriching.transform(message);

    if (plain instanceof Outcome.Parsed parsed) {
      assertThat(enriched).isInstanceOf(Outcome.Parsed.class);
      LoginRow row = ((Outcome.Parsed) enriched).row();
      assertThat(withoutAttributes(row)).isEqualTo(parsed.row());
      assertThat(((Outcome.Parsed) enriched).ignoredFields()).isEqualTo(parsed.ignoredFields());
    } else {
      assertThat(enriched).isEqualTo(plain);
    }
  }

  private static LoginRow withoutAttributes(LoginRow row) {
    return row.withIp(row.maskedIpNet(), IpAttributes.NONE);
  }

  @Provide
  Arbitrary<String> bodies() {
    return Arbitraries.oneOf(
        LoginArbitraries.validBodies(),
        LoginArbitraries.jsonLikeBodies(),
        LoginArbitraries.hostileLogins().map(LoginArbitraries.Hostile::body),
        Arbitraries.strings().ofMaxLength(40));
  }

  @Provide
  Arbitrary<IpEnricher> enrichers() {
    Arbitrary<IpAttributes> attributes = net.jqwik.api.Combinators.combine(
            Arbitraries.strings().ofLength(2).injectNull(0.2),
            Arbitraries.longs().between(-5, 5_000_000_000L).injectNull(0.2),
            Arbitraries.strings().ofMaxLength(300).injectNull(0.2))
        .as(IpAttributes::new);
    return Arbitraries.oneOf(
        attributes.map(answer -> (IpEnricher) address -> answer),
        Arbitraries.just(IpEnricher.NONE),
        Arbitraries.just(address -> {
          throw new IllegalStateException("a database being replaced");
        }),
        Arbitraries.just(address -> null));
  }
}
