package dev.loginetl.core.model;

/**
 * The values that are personal data and pass through a {@link dev.loginetl.core.port.Masker}.
 * Each field masks differently, so the same text in two fields gives two unrelated masks.
 */
public enum PiiField {
  /** The {@code ip} field of a login. */
  IP("ip"),
  /** The {@code device_id} field of a login. */
  DEVICE_ID("device_id"),
  /**
   * A whole message body that could not be parsed, kept with a rejection: nobody can tell which of
   * its parts are personal, so all of it is masked.
   */
  BODY("body");

  private final String jsonName;

  PiiField(String jsonName) {
    this.jsonName = jsonName;
  }

  /** The field's name in the message JSON; also the associated data of reversible masks. */
  public String jsonName() {
    return jsonName;
  }
}
