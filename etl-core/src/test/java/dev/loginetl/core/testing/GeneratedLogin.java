package dev.loginetl.core.testing;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A login that keeps every rule, as a model: what each field holds and how the body is spelled.
 * The values the rules must produce are read off the model, never computed by the code under test.
 *
 * <p>{@link #toString()} shows neither {@code ip} nor {@code device_id}.
 *
 * @param userId non-blank, at most 128 code points, valid text
 * @param extras members no rule reads; their names are none of the fields read
 * @param layout how the body is spelled
 */
public record GeneratedLogin(
    String userId,
    Slot<String> deviceType,
    Slot<IpSpelling> ip,
    Slot<String> deviceId,
    Slot<String> locale,
    Slot<VersionSpelling> appVersion,
    List<Json.Member> extras,
    Json.Layout layout) {

  /** The fields the rules read, by their JSON names. */
  public static final List<String> FIELDS_READ =
      List.of("user_id", "device_type", "ip", "device_id", "locale", "app_version");

  /** What an optional field holds in the body: nothing, JSON null, or a value. */
  public record Slot<T>(State state, T value) {
    /** How an optional field is present. */
    public enum State {
      ABSENT,
      NULL,
      VALUE
    }

    public Slot {
      requireNonNull(state, "state");
      if ((state == State.VALUE) != (value != null)) {
        throw new IllegalArgumentException("a value exactly when the state is VALUE");
      }
    }

    /** The value, or null when the field is absent or JSON null. */
    public T orNull() {
      return value;
    }

    Json.Member member(String name, Function<T, Json> json) {
      return state == State.ABSENT ? null : new Json.Member(name, value == null ? Json.NULL : json.apply(value));
    }

    @Override
    public String toString() {
      return state == State.VALUE ? String.valueOf(value) : state.toString();
    }
  }

  public GeneratedLogin {
    requireNonNull(userId, "userId");
    requireNonNull(deviceType, "deviceType");
    requireNonNull(ip, "ip");
    requireNonNull(deviceId, "deviceId");
    requireNonNull(locale, "locale");
    requireNonNull(appVersion, "appVersion");
    extras = List.copyOf(extras);
    requireNonNull(layout, "layout");
  }

  /** The body's members, fields read first, extras last (the layout may shuffle them). */
  public List<Json.Member> members() {
    List<Json.Member> members = new ArrayList<>();
    members.add(new Json.Member("user_id", new Json.Str(userId)));
    addIfPresent(members, deviceType.member("device_type", Json.Str::new));
    addIfPresent(members, ip.member("ip", spelling -> new Json.Str(spelling.text())));
    addIfPresent(members, deviceId.member("device_id", Json.Str::new));
    addIfPresent(members, locale.member("locale", Json.Str::new));
    addIfPresent(members, appVersion.member("app_version", VersionSpelling::json));
    members.addAll(extras);
    return members;
  }

  /**
   * The body's members with {@code name} set to {@code value}, or without it when {@code value} is
   * null: the way to break one rule.
   */
  public List<Json.Member> membersWith(String name, Json value) {
    List<Json.Member> members = new ArrayList<>();
    for (Json.Member member : members()) {
      if (!member.name().equals(name)) {
        members.add(member);
      }
    }
    if (value != null) {
      members.add(new Json.Member(name, value));
    }
    return members;
  }

  /** The message body. */
  public String body() {
    return new Json.Obj(members()).write(layout);
  }

  /** The ip as the rules read it before masking, or null. */
  public String canonicalIp() {
    return ip.orNull() == null ? null : ip.orNull().canonical();
  }

  /** The app_version text as received, or null. */
  public String appVersionText() {
    return appVersion.orNull() == null ? null : appVersion.orNull().text();
  }

  /** The app_version's ordered integer, or null. */
  public Integer appVersionEncoding() {
    return appVersion.orNull() == null ? null : appVersion.orNull().encoding();
  }

  private static void addIfPresent(List<Json.Member> members, Json.Member member) {
    if (member != null) {
      members.add(member);
    }
  }

  @Override
  public String toString() {
    return "GeneratedLogin[userId=" + userId + ", deviceType=" + deviceType + ", ip=" + ip
        + ", deviceId=" + (deviceId.orNull() == null ? deviceId : "***") + ", locale=" + locale
        + ", appVersion=" + appVersion + ", extras=" + extras.size() + ", layout=" + layout + "]";
  }
}
