package dev.loginetl.pii.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loginetl.pii.testing.PiiValues;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class Wtf8Properties {
  @Provide
  Arbitrary<String> anyString() {
    return PiiValues.anyValue();
  }

  @Provide
  Arbitrary<String> wellFormed() {
    return PiiValues.astral();
  }

  @Property
  void decodingAnEncodingGivesTheStringBack(@ForAll("anyString") String s) {
    assertThat(Wtf8.decode(Wtf8.encode(s))).isEqualTo(s);
  }

  @Property
  void wellFormedStringsEncodeAsUtf8(@ForAll("wellFormed") String s) {
    assertThat(Wtf8.encode(s)).isEqualTo(s.getBytes(StandardCharsets.UTF_8));
  }

  @Property
  void encodedLengthIsTheLengthOfTheEncoding(@ForAll("anyString") String s) {
    assertThat(Wtf8.encodedLength(s)).isEqualTo(Wtf8.encode(s).length);
  }

  @Property
  void differentStringsEncodeDifferently(@ForAll("anyString") String a, @ForAll("anyString") String b) {
    Assume.that(!a.equals(b));
    assertThat(Wtf8.encode(a)).isNotEqualTo(Wtf8.encode(b));
  }

  @Property
  void hmacOverChunksEqualsHmacOverTheWholeEncoding(@ForAll("anyString") String s) {
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) 7);
    byte[] streamed = new byte[32];
    new HmacSha256(key).macWtf8(s, streamed, 0);
    assertThat(streamed).isEqualTo(HmacSha256.mac(key, Wtf8.encode(s)));
  }

  @Example
  void unpairedSurrogatesStayDistinct() {
    // String.getBytes would turn both into '?', so they would share masks.
    assertThat(Wtf8.encode("\ud800")).isNotEqualTo(Wtf8.encode("\udbff"));
    assertThat(Wtf8.encode("\ud800")).containsExactly(0xED, 0xA0, 0x80);
    assertThat(Wtf8.decode(Wtf8.encode("a\udc00\ud800b"))).isEqualTo("a\udc00\ud800b");
  }

  @Example
  void chunkBoundariesInsideMultiByteCharactersAreHandled() {
    // 1,023 ASCII bytes, then a 4-byte character straddling the 1,024-byte chunk.
    String s = "x".repeat(1023) + "\ud83d\udcf1" + "é".repeat(600);
    byte[] key = new byte[32];
    byte[] streamed = new byte[32];
    new HmacSha256(key).macWtf8(s, streamed, 0);
    assertThat(streamed).isEqualTo(HmacSha256.mac(key, s.getBytes(StandardCharsets.UTF_8)));
  }

  @Example
  void refusesBytesThatNoStringEncodesTo() {
    byte[][] invalid = {
      {(byte) 0xC0, (byte) 0x80}, // overlong NUL
      {(byte) 0xE0, (byte) 0x80, (byte) 0x80}, // overlong
      {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // beyond U+10FFFF
      {(byte) 0xED, (byte) 0xA0, (byte) 0x80, (byte) 0xED, (byte) 0xB0, (byte) 0x80}, // split pair
      {(byte) 0xE2, (byte) 0x82}, // truncated
      {(byte) 0x80}, // lone continuation
    };
    for (byte[] bytes : invalid) {
      assertThatThrownBy(() -> Wtf8.decode(bytes)).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
