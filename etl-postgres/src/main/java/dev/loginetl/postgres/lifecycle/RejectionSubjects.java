package dev.loginetl.postgres.lifecycle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.Map;

/**
 * Whether a rejection's redacted body names a user. A rejection keeps the body as received, with
 * {@code ip} and {@code device_id} masked but {@code user_id} as it was; so it names the user when:
 *
 * <ul>
 *   <li>the body is JSON and a {@code user_id} member anywhere in it (a bare login, an EventBridge
 *       {@code detail}) equals the id, or a string member that is itself JSON (an SNS {@code
 *       Message}) does so;
 *   <li>the body is not JSON (a body too broken to read could be anybody's) and holds the id as a
 *       whole token: not next to a letter, digit, {@code -}, {@code _} or {@code .}.
 * </ul>
 *
 * <p>Stateless; thread-safe.
 */
final class RejectionSubjects {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_DEPTH = 4;

  private RejectionSubjects() {}

  static boolean names(String body, String userId) {
    if (body == null || body.indexOf(userId) < 0) {
      return false;
    }
    JsonNode tree = parse(body);
    return tree == null ? asToken(body, userId) : names(tree, userId, 0);
  }

  private static boolean names(JsonNode node, String userId, int depth) {
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> member = it.next();
        if (member.getKey().equals("user_id") && member.getValue().isTextual()
            && member.getValue().textValue().equals(userId)) {
          return true;
        }
        if (names(member.getValue(), userId, depth)) {
          return true;
        }
      }
    } else if (node.isArray()) {
      for (JsonNode item : node) {
        if (names(item, userId, depth)) {
          return true;
        }
      }
    } else if (node.isTextual() && depth < MAX_DEPTH && node.textValue().contains(userId)) {
      String text = node.textValue().strip();
      if (text.startsWith("{")) {
        JsonNode inner = parse(text);
        return inner == null ? asToken(text, userId) : names(inner, userId, depth + 1);
      }
    }
    return false;
  }

  private static JsonNode parse(String text) {
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private static boolean asToken(String text, String userId) {
    for (int at = text.indexOf(userId); at >= 0; at = text.indexOf(userId, at + 1)) {
      int end = at + userId.length();
      if ((at == 0 || !idChar(text.charAt(at - 1))) && (end == text.length() || !idChar(text.charAt(end)))) {
        return true;
      }
    }
    return false;
  }

  private static boolean idChar(char c) {
    return Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.';
  }
}
