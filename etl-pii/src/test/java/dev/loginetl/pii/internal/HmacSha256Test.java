package dev.loginetl.pii.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The HMAC-SHA256 engine against RFC 4231, through both the byte and the string paths. */
class HmacSha256Test {
  private static byte[] repeat(int b, int n) {
    byte[] out = new byte[n];
    Arrays.fill(out, (byte) b);
    return out;
  }

  private static byte[] from1To(int n) {
    byte[] out = new byte[n];
    for (int i = 0; i < n; i++) {
      out[i] = (byte) (i + 1);
    }
    return out;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  private static String viaString(byte[] key, String data) {
    byte[] out = new byte[HmacSha256.LENGTH];
    new HmacSha256(key).macWtf8(data, out, 0);
    return hex(out);
  }

  private static final String TC6_DATA = "Test Using Larger Than Block-Size Key - Hash Key First";
  private static final String TC7_DATA =
      "This is a test using a larger than block-size key and a larger than block-size data."
          + " The key needs to be hashed before being used by the HMAC algorithm.";

  @Test
  void matchesRfc4231TestCase1() {
    byte[] key = repeat(0x0b, 20);
    String expected = "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7";
    assertThat(hex(HmacSha256.mac(key, ascii("Hi There")))).isEqualTo(expected);
    assertThat(viaString(key, "Hi There")).isEqualTo(expected);
  }

  @Test
  void matchesRfc4231TestCase2KeyShorterThanOutput() {
    byte[] key = ascii("Jefe");
    String data = "what do ya want for nothing?";
    String expected = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
    assertThat(hex(HmacSha256.mac(key, ascii(data)))).isEqualTo(expected);
    assertThat(viaString(key, data)).isEqualTo(expected);
  }

  @Test
  void matchesRfc4231TestCase3() {
    assertThat(hex(HmacSha256.mac(repeat(0xaa, 20), repeat(0xdd, 50))))
        .isEqualTo("773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe");
  }

  @Test
  void matchesRfc4231TestCase4() {
    assertThat(hex(HmacSha256.mac(from1To(25), repeat(0xcd, 50))))
        .isEqualTo("82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b");
  }

  @Test
  void matchesRfc4231TestCase6KeyLargerThanBlock() {
    byte[] key = repeat(0xaa, 131);
    String expected = "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54";
    assertThat(hex(HmacSha256.mac(key, ascii(TC6_DATA)))).isEqualTo(expected);
    assertThat(viaString(key, TC6_DATA)).isEqualTo(expected);
  }

  @Test
  void matchesRfc4231TestCase7KeyAndDataLargerThanBlock() {
    byte[] key = repeat(0xaa, 131);
    String expected = "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2";
    assertThat(hex(HmacSha256.mac(key, ascii(TC7_DATA)))).isEqualTo(expected);
    assertThat(viaString(key, TC7_DATA)).isEqualTo(expected);
  }

  @Test
  void engineGivesTheSameResultWhenReused() {
    HmacSha256 engine = new HmacSha256(repeat(0x0b, 20));
    byte[] first = new byte[32];
    byte[] second = new byte[32];
    engine.macWtf8("Hi There", first, 0);
    engine.macWtf8("something else", second, 0);
    engine.macWtf8("Hi There", second, 0);
    assertThat(second).isEqualTo(first);
  }

  @Test
  void toStringShowsNoKey() {
    assertThat(new HmacSha256(repeat(0x41, 32)).toString()).isEqualTo("HmacSha256[***]");
  }
}
