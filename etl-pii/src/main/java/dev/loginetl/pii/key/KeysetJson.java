package dev.loginetl.pii.key;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.loginetl.pii.PiiConfigException;

/** Tells the shape of keyset JSON before Tink parses it, to say precisely what is wrong. */
final class KeysetJson {
  /** Associated data of encrypted keysets: none, like Tink's own tools. */
  static final byte[] ASSOCIATED_DATA = new byte[0];

  private static final ObjectMapper MAPPER =
      JsonMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

  enum Shape {
    CLEARTEXT,
    ENCRYPTED
  }

  private KeysetJson() {}

  /**
   * Whether {@code json} is a cleartext or an encrypted keyset.
   *
   * @param subject how the message names the input, e.g. {@code "The key file /etc/k.json"}
   * @param fix how to fix a malformed input, the end of the sentence
   * @throws PiiConfigException when it is neither (the parser's message, which may quote the input,
   *     is dropped)
   */
  static Shape shapeOf(String json, String subject, String fix) {
    if (json.isBlank()) {
      throw new PiiConfigException(subject + " is empty: " + fix + ".");
    }
    JsonNode tree;
    try {
      tree = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new PiiConfigException(subject + " is not JSON, so it is not a Tink keyset: " + fix + ".");
    }
    if (tree != null && tree.isObject()) {
      if (tree.path("encryptedKeyset").isTextual()) {
        return Shape.ENCRYPTED;
      }
      if (tree.path("key").isArray()) {
        return Shape.CLEARTEXT;
      }
    }
    throw new PiiConfigException(subject + " is JSON but not a Tink keyset: " + fix + ".");
  }
}
