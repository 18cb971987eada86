package dev.loginetl.core.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loginetl.core.model.IpAttributes;
import dev.loginetl.core.model.LoginRow;
import dev.loginetl.core.model.Outcome;
import dev.loginetl.core.model.PiiField;
import dev.loginetl.core.model.ReceivedMessage;
import dev.loginetl.core.port.IpEnricher;
import dev.loginetl.core.testing.TestMasker;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IpAnalyticsTest {
  private static final Instant SENT = Instant.parse("2026-11-21T10:00:00Z");
  private static final TestMasker MASKER = new TestMasker();

  private static String network(IpAnalytics analytics, String ip) {
    return analytics.network(IpAnalytics.address(ip));
  }

  @Test
  void givesTheSlash24OfAnIpv4AddressAndTheSlash48OfAnIpv6OneByDefault() {
    assertThat(network(IpAnalytics.DEFAULT, "203.0.113.77")).isEqualTo("203.0.113.0/24");
    assertThat(network(IpAnalytics.DEFAULT, "2001:db8:1:2:3::5")).isEqualTo("2001:db8:1::/48");
  }

  @Test
  void countsAnIpv4MappedAddressAsIpv4() {
    // The parser gives an IPv4-mapped address its IPv4 form; the transformer's network follows.
    LoginRow mapped = row("{\"user_id\":\"u\",\"ip\":\"::ffff:203.0.113.9\"}", IpAnalytics.DEFAULT);
    LoginRow plain = row("{\"user_id\":\"u\",\"ip\":\"203.0.113.200\"}", IpAnalytics.DEFAULT);
    assertThat(mapped.maskedIpNet()).isEqualTo(MASKER.mask(PiiField.IP_NETWORK, "203.0.113.0/24"));
    assertThat(plain.maskedIpNet()).isEqualTo(mapped.maskedIpNet());
  }

  @Test
  void takesItsPrefixesFromItsSettings() {
    IpAnalytics wide = new IpAnalytics(IpEnricher.NONE, 16, 32);
    assertThat(network(wide, "203.0.113.77")).isEqualTo("203.0.0.0/16");
    assertThat(network(wide, "2001:db8:1:2::5")).isEqualTo("2001:db8::/32");
    assertThat(network(new IpAnalytics(IpEnricher.NONE, 32, 128), "2001:db8::5")).isEqualTo("2001:db8::5/128");
    assertThat(network(new IpAnalytics(IpEnricher.NONE, 0, 0), "203.0.113.77")).isEqualTo("0.0.0.0/0");
  }

  @Test
  void refusesAPrefixLongerThanTheAddress() {
    assertThatThrownBy(() -> new IpAnalytics(IpEnricher.NONE, 33, 48))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/33");
    assertThatThrownBy(() -> new IpAnalytics(IpEnricher.NONE, 24, 129))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/129");
  }

  @Test
  void masksTheNetworkInItsOwnDomainSoItNeverEqualsAnAddressMask() {
    // 203.0.113.0/32 is a network whose text, without its suffix, is an address.
    LoginRow row = row("{\"user_id\":\"u\",\"ip\":\"203.0.113.0\"}", new IpAnalytics(IpEnricher.NONE, 32, 128));
    assertThat(row.maskedIpNet()).isEqualTo(MASKER.mask(PiiField.IP_NETWORK, "203.0.113.0/32"));
    assertThat(row.maskedIpNet()).isNotEqualTo(row.maskedIp());
    assertThat(MASKER.mask(PiiField.IP_NETWORK, "203.0.113.0")).isNotEqualTo(MASKER.mask(PiiField.IP, "203.0.113.0"));
  }

  @Test
  void storesTheEnrichersAttributesAndAsksOnlyForIpLiterals() {
    List<InetAddress> asked = new ArrayList<>();
    int[] notAddresses = {0};
    IpEnricher enricher = new IpEnricher() {
      @Override
      public IpAttributes enrich(InetAddress address) {
        asked.add(address);
        return new IpAttributes("nl", 1103L, "SURFnet");
      }

      @Override
      public void notAnAddress() {
        notAddresses[0]++;
      }
    };
    IpAnalytics analytics = IpAnalytics.DEFAULT.withEnricher(enricher);

    LoginRow v6 = row("{\"user_id\":\"u\",\"ip\":\"2001:DB8:0:0::1\"}", analytics);
    LoginRow host = row("{\"user_id\":\"u\",\"ip\":\"example.org\"}", analytics);
    LoginRow none = row("{\"user_id\":\"u\"}", analytics);

    assertThat(v6.ipCountry()).isEqualTo("NL");
    assertThat(v6.ipAsn()).isEqualTo(1103L);
    assertThat(v6.ipAsnOrg()).isEqualTo("SURFnet");
    assertThat(v6.maskedIpNet()).isEqualTo(MASKER.mask(PiiField.IP_NETWORK, "2001:db8::/48"));
    assertThat(host.maskedIpNet()).isNull();
    assertThat(host.ipCountry()).isNull();
    assertThat(none.maskedIpNet()).isNull();
    assertThat(asked).extracting(InetAddress::getHostAddress).containsExactly("2001:db8:0:0:0:0:0:1");
    assertThat(notAddresses[0]).isEqualTo(1);
  }

  @Test
  void keepsOnlyWhatTheColumnsHold() {
    assertThat(new IpAttributes("USA", 4_294_967_296L, " ")).isEqualTo(IpAttributes.NONE);
    assertThat(new IpAttributes("d\u00e9", -1L, "nul\u0000here")).isEqualTo(IpAttributes.NONE);
    String org = "x".repeat(127) + "\uD83D\uDE00" + "y";
    assertThat(new IpAttributes("de", 4_294_967_295L, org).asnOrg()).isEqualTo("x".repeat(127));
    assertThat(new IpAttributes("de", 4_294_967_295L, org).country()).isEqualTo("DE");
  }

  private static LoginRow row(String body, IpAnalytics analytics) {
    LoginTransformer transformer =
        new LoginTransformer(MASKER, EnvelopeMode.AUTO, Clock.fixed(SENT, ZoneOffset.UTC), analytics);
    Outcome outcome = transformer.transform(new ReceivedMessage("m-1", body, SENT, 1, "m-1"));
    assertThat(outcome).isInstanceOf(Outcome.Parsed.class);
    return ((Outcome.Parsed) outcome).row();
  }
}
