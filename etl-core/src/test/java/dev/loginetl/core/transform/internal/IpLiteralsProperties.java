package dev.loginetl.core.transform.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loginetl.core.model.Outcome;
import dev.loginetl.core.model.PiiField;
import dev.loginetl.core.model.ReceivedMessage;
import dev.loginetl.core.testing.IpAddress;
import dev.loginetl.core.testing.IpSpelling;
import dev.loginetl.core.testing.LoginArbitraries.AddressSpellings;
import dev.loginetl.core.testing.LoginArbitraries;
import dev.loginetl.core.testing.TestMasker;
import dev.loginetl.core.transform.LoginTransformer;
import java.util.Random;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple.Tuple2;

/**
 * Rule 5: an ip that is an IPv4 or IPv6 literal is masked in its canonical form, so that every
 * spelling of one address masks alike and different addresses mask differently; any other text is
 * masked as sent. The canonical text is computed by the test's own address model (RFC 5952; an
 * IPv4-mapped address as its IPv4 form). Failures print no address.
 */
class IpLiteralsProperties {
  private static final TestMasker MASKER = new TestMasker();
  private static final LoginTransformer TRANSFORMER = new LoginTransformer(MASKER);

  @Property(tries = 1000)
  void everySpellingOfAnAddressMasksAsItsCanonicalText(@ForAll("addressSpellings") AddressSpellings address) {
    String canonical = address.address().canonical();
    for (int i = 0; i < address.spellings().size(); i++) {
      String spelling = address.spellings().get(i);

      assertThat(IpLiterals.canonical(spelling).equals(canonical))
          .as("spelling %d of %s canonicalises to the address's RFC 5952 text", i, address)
          .isTrue();
      assertThat(maskedIp(spelling)).as("mask of spelling %d", i).isEqualTo(MASKER.mask(PiiField.IP, canonical));
    }
  }

  @Property(tries = 1000)
  void differentAddressesHaveDifferentCanonicalTexts(
      @ForAll("distinctAddressPairs") Tuple2<IpAddress, IpAddress> pair, @ForAll long seed) {
    Random random = new Random(seed);

    String first = IpLiterals.canonical(pair.get1().spell(random));
    String second = IpLiterals.canonical(pair.get2().spell(random));

    assertThat(first.equals(second)).as("two different addresses canonicalise alike: %s", pair).isFalse();
  }

  @Property(tries = 1000)
  void textThatIsNoIpLiteralIsKeptAsSent(@ForAll("notIpLiterals") IpSpelling ip) {
    assertThat(IpLiterals.canonical(ip.text()).equals(ip.text())).as("%s is kept as sent", ip).isTrue();
  }

  @Provide
  Arbitrary<AddressSpellings> addressSpellings() {
    return LoginArbitraries.addressSpellings();
  }

  @Provide
  Arbitrary<Tuple2<IpAddress, IpAddress>> distinctAddressPairs() {
    return LoginArbitraries.distinctAddressPairs();
  }

  @Provide
  Arbitrary<IpSpelling> notIpLiterals() {
    return LoginArbitraries.notIpLiterals().map(text -> new IpSpelling(text, text, IpSpelling.Kind.OTHER));
  }

  private static String maskedIp(String ip) {
    String body = "{\"user_id\":\"u\",\"ip\":" + LoginArbitraries.quote(ip) + "}";
    Outcome outcome = TRANSFORMER.transform(new ReceivedMessage("m", body, null, 1, "h"));
    assertThat(outcome).isInstanceOf(Outcome.Parsed.class);
    return ((Outcome.Parsed) outcome).row().maskedIp();
  }
}
