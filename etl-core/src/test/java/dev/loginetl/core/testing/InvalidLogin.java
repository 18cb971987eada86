package dev.loginetl.core.testing;

import static java.util.Objects.requireNonNull;

import dev.loginetl.core.model.RejectReason;
import java.util.ArrayList;
import java.util.List;

/**
 * A body that breaks exactly one rule, with the rejection the rules give it.
 *
 * @param kind how the body was broken, shown where a failure is reported
 * @param body the body
 * @param reason the reason the rules give
 * @param field the field the rejection names, or null when the rule is about the whole body
 * @param planted texts of at least {@value #PLANTED_MIN} characters that the body holds, none of
 *     which a rejection's detail may quote
 * @param document the body as a JSON object, or null when the body is not one JSON object
 */
public record InvalidLogin(
    String kind, String body, RejectReason reason, String field, List<String> planted, Json document) {
  /** The shortest text that is looked for in a detail: shorter ones could occur by chance. */
  public static final int PLANTED_MIN = 6;

  public InvalidLogin {
    requireNonNull(kind, "kind");
    requireNonNull(body, "body");
    requireNonNull(reason, "reason");
    planted = List.copyOf(planted);
  }

  /**
   * A case whose planted texts are every string, number and name of at least {@value #PLANTED_MIN}
   * characters in {@code values}, except the names of fields read (a detail names those).
   */
  public static InvalidLogin of(
      String kind, String body, RejectReason reason, String field, List<Json> values, Json document) {
    List<String> planted = new ArrayList<>();
    values.forEach(value -> plant(value, planted));
    return new InvalidLogin(kind, body, reason, field, planted, document);
  }

  private static void plant(Json value, List<String> planted) {
    if (value instanceof Json.Str str) {
      plant(str.text(), planted);
    } else if (value instanceof Json.Num num) {
      plant(num.literal(), planted);
    } else if (value instanceof Json.Arr arr) {
      arr.items().forEach(item -> plant(item, planted));
    } else if (value instanceof Json.Obj obj) {
      for (Json.Member member : obj.members()) {
        plant(member.name(), planted);
        plant(member.value(), planted);
      }
    }
  }

  private static void plant(String text, List<String> planted) {
    if (text.codePointCount(0, text.length()) >= PLANTED_MIN && !GeneratedLogin.FIELDS_READ.contains(text)) {
      planted.add(text);
    }
  }

  @Override
  public String toString() {
    return "InvalidLogin[" + kind + ", reason=" + reason + ", field=" + field + ", body length " + body.length() + "]";
  }
}
