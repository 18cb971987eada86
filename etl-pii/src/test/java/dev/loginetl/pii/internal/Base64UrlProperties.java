package dev.loginetl.pii.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

class Base64UrlProperties {
  @Property
  void encodesLikeTheJdkWithoutPadding(@ForAll @Size(max = 300) byte[] bytes) {
    byte[] out = new byte[Base64Url.encodedLength(bytes.length)];
    int end = Base64Url.encode(bytes, 0, bytes.length, out, 0);
    assertThat(end).isEqualTo(out.length);
    assertThat(new String(out, java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
  }

  @Property
  void decodesWhatItEncodes(@ForAll @Size(max = 300) byte[] bytes) {
    String text = "t1:00000000:" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    assertThat(Base64Url.decode(text, 12)).isEqualTo(bytes);
  }

  @Example
  void refusesTextThatIsNotCanonicalUnpaddedBase64url() {
    assertThat(Base64Url.decode("AA==", 0)).as("padding").isNull();
    assertThat(Base64Url.decode("AB", 0)).as("non-zero unused bits").isNull();
    assertThat(Base64Url.decode("AAB", 0)).as("non-zero unused bits").isNull();
    assertThat(Base64Url.decode("A", 0)).as("impossible length").isNull();
    assertThat(Base64Url.decode("AA+/", 0)).as("standard alphabet").isNull();
    assertThat(Base64Url.decode("AAé_", 0)).as("non-ASCII").isNull();
    assertThat(Base64Url.decode("AA", 0)).containsExactly(0);
  }
}
