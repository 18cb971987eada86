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
   * The network of a login's {@code ip}, as {@code 203.0.113.0/24} ({@code masked_ip_net}). Not a
   * field of the message: its name only separates its masks from those of {@link #IP}, so a
   * network's mask never equals an address's.
   */
  IP_NETWORK("ip_network"),
  /**
   * A whole message body that could not be parsed, kept with a rejection: nobody can tell which of
   * its parts are personal, so all of it is masked.
   */
  BODY("body");

  private final String jsonName;

  PiiField(String jsonName) {
    this.jsonName = jsonName;
  }

  /**
   * The field's name in the message JSON ({@code ip_network} names no field of the message); also
   * what separates the fields' masks: the associated data of reversible masks, the subkey label of
   * one-way ones.
   */
  public String jsonName() {
    return jsonName;
  }
}
