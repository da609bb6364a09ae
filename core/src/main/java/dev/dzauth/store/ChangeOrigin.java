package dev.dzauth.store;

import org.jspecify.annotations.Nullable;

/**
 * Who made a change and from where, as the adapter saw the request: recorded with the change's
 * {@link TokenEvent}. Every part is optional; the client's IP address and user agent are cut to
 * {@value #MAX_IP_LENGTH} and {@value #MAX_USER_AGENT_LENGTH} characters.
 *
 * @param actor who made it (the caller's subject), or {@code null}
 * @param clientIp the client's address as the adapter saw it, or {@code null}
 * @param userAgent the request's {@code User-Agent}, or {@code null}
 */
public record ChangeOrigin(
    @Nullable String actor, @Nullable String clientIp, @Nullable String userAgent) {

  /** The longest client address kept. */
  public static final int MAX_IP_LENGTH = 64;

  /** The longest user agent kept. */
  public static final int MAX_USER_AGENT_LENGTH = 512;

  private static final ChangeOrigin NONE = new ChangeOrigin(null, null, null);

  public ChangeOrigin {
    clientIp = cut(clientIp, MAX_IP_LENGTH);
    userAgent = cut(userAgent, MAX_USER_AGENT_LENGTH);
    actor = cut(actor, 255);
  }

  /** No actor, no request: a change made by the system (or by code that did not say). */
  public static ChangeOrigin none() {
    return NONE;
  }

  /** A change by {@code actor}, outside any request. */
  public static ChangeOrigin of(@Nullable String actor) {
    return actor == null ? NONE : new ChangeOrigin(actor, null, null);
  }

  private static @Nullable String cut(@Nullable String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }
}
