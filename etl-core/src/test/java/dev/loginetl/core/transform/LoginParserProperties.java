package dev.loginetl.core.transform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loginetl.core.testing.LoginArbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class LoginParserProperties {

  @Property(tries = 2000)
  void parsingAnyStringGivesAResult(@ForAll String body) {
    assertThat(LoginParser.parse(body)).isNotNull();
  }

  @Property(tries = 2000)
  void parsingAnyBytesGivesAResult(@ForAll byte[] body) {
    assertThat(LoginParser.parse(body)).isNotNull();
  }

  @Property(tries = 2000)
  void parsingJsonLikeTextGivesAResult(@ForAll("jsonLike") String body) {
    assertThat(LoginParser.parse(body)).isNotNull();
  }

  @Property(tries = 1000)
  void aRejectionNeverQuotesAValueFromTheBody(@ForAll("hostileLogins") LoginArbitraries.Hostile login) {
    ParseResult result = LoginParser.parse(login.body());

    if (result instanceof ParseResult.Invalid invalid) {
      assertThat(invalid.detail()).doesNotContain(login.marker());
    }
  }

  @Provide
  Arbitrary<String> jsonLike() {
    return LoginArbitraries.jsonLikeBodies();
  }

  @Provide
  Arbitrary<LoginArbitraries.Hostile> hostileLogins() {
    return LoginArbitraries.hostileLogins();
  }
}
