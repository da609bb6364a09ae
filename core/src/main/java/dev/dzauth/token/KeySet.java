package dev.dzauth.token;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An immutable set of keys by {@code kid}: at most one active signing key, and any number of
 * further keys that only verify. Rotation makes a new set ({@link #rotateTo}, {@link #retire});
 * hand it to a {@link KeySetHolder} to put it into service. Thread-safe.
 */
public final class KeySet {

  /** A set with no key: it verifies nothing (a verify-only verifier before its first fetch). */
  static final KeySet EMPTY = new KeySet(null, List.of());

  private final @Nullable TokenKey active;
  private final Map<String, TokenKey> byId;

  private KeySet(@Nullable TokenKey active, List<TokenKey> keys) {
    Map<String, TokenKey> map = new LinkedHashMap<>();
    for (TokenKey k : keys) {
      TokenKey previous = map.put(k.id(), k);
      if (previous != null && !previous.equals(k)) {
        throw new IllegalArgumentException("two different keys share kid " + k.id());
      }
    }
    if (active != null && !active.canSign()) {
      throw new IllegalArgumentException("active key " + active.id() + " has no private material");
    }
    this.active = active;
    this.byId = Collections.unmodifiableMap(map);
  }

  /** A set whose active signing key is {@code active}, verifying also with {@code others}. */
  public static KeySet of(TokenKey active, TokenKey... others) {
    List<TokenKey> all = new ArrayList<>();
    all.add(Objects.requireNonNull(active, "active"));
    all.addAll(List.of(others));
    return new KeySet(active, all);
  }

  /** A set that only verifies (a service that never mints). */
  public static KeySet verificationOnly(TokenKey... keys) {
    if (keys.length == 0) {
      throw new IllegalArgumentException("a key set needs at least one key");
    }
    return new KeySet(null, List.of(keys));
  }

  /**
   * Parses a JWK Set (RFC 7517 §5). Keys whose {@code alg} is absent get one from their type. Every
   * key needs a {@code kid}.
   *
   * @param json the JWK Set JSON
   * @param activeKid the kid of the signing key, or {@code null} for the first key that can sign
   *     (none: a verification-only set)
   * @throws IllegalArgumentException when the JSON is not a JWK Set or a key is unusable
   */
  public static KeySet parseJwkSet(String json, @Nullable String activeKid) {
    JWKSet set;
    try {
      set = JWKSet.parse(json);
    } catch (java.text.ParseException e) {
      throw new IllegalArgumentException("not a JWK Set: " + e.getMessage(), e);
    }
    List<TokenKey> keys = new ArrayList<>();
    for (JWK jwk : set.getKeys()) {
      keys.add(TokenKey.fromJwk(jwk, null));
    }
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("the JWK Set holds no keys");
    }
    TokenKey active = null;
    if (activeKid != null) {
      active =
          keys.stream()
              .filter(k -> k.id().equals(activeKid))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "no key with kid " + activeKid + " in the JWK Set"));
    } else {
      active = keys.stream().filter(TokenKey::canSign).findFirst().orElse(null);
    }
    return new KeySet(active, keys);
  }

  /**
   * Loads keys from a file: a JWK Set or PEM text, as {@link #parse} tells them apart.
   *
   * @param activeKid as in {@link #parse}
   * @throws IOException when the file cannot be read
   * @throws IllegalArgumentException when it holds no usable keys
   */
  public static KeySet load(Path file, @Nullable String activeKid) throws IOException {
    return parse(Files.readString(file, StandardCharsets.UTF_8), activeKid);
  }

  /**
   * Parses the content of a key file: a JWK Set (text starting with <code>{</code>, see {@link
   * #parseJwkSet}) or PEM text (anything else, see {@link TokenKey#fromPem}: a private key,
   * optionally followed by its public key, signs; a public key alone only verifies). The one place
   * a key file's format is decided: the init-params, the Spring properties and the demo all read
   * their bytes and hand them here.
   *
   * @param activeKid for a JWK Set, as in {@link #parseJwkSet}; for PEM, the kid to give the key
   *     (or {@code null} for its thumbprint)
   * @throws IllegalArgumentException when the text holds no usable keys
   */
  public static KeySet parse(String text, @Nullable String activeKid) {
    if (text.stripLeading().startsWith("{")) {
      return parseJwkSet(text, activeKid);
    }
    TokenKey key = TokenKey.fromPem(activeKid, text);
    return key.canSign() ? of(key) : verificationOnly(key);
  }

  /** The key new tokens are signed with, if this set can sign. */
  public Optional<TokenKey> activeKey() {
    return Optional.ofNullable(active);
  }

  /** The key named {@code kid}, or {@code null}. */
  public @Nullable TokenKey key(String kid) {
    return byId.get(kid);
  }

  /** All keys, the active one included, in the order they were added. */
  public List<TokenKey> keys() {
    return List.copyOf(byId.values());
  }

  /**
   * Rotation: a new set that signs with {@code newActive} and still verifies with every key of this
   * one (so tokens signed before keep working until their key is {@linkplain #retire retired}).
   */
  public KeySet rotateTo(TokenKey newActive) {
    List<TokenKey> all = new ArrayList<>(byId.values());
    all.removeIf(k -> k.id().equals(newActive.id()));
    all.add(newActive);
    return new KeySet(newActive, all);
  }

  /**
   * A new set without the key {@code kid}: tokens it signed stop verifying as soon as the new set
   * is in service. The active key cannot be retired; rotate away from it first.
   */
  public KeySet retire(String kid) {
    if (active != null && active.id().equals(kid)) {
      throw new IllegalArgumentException("cannot retire the active key " + kid + "; rotate first");
    }
    if (!byId.containsKey(kid)) {
      throw new IllegalArgumentException("no key with kid " + kid);
    }
    List<TokenKey> rest = new ArrayList<>(byId.values());
    rest.removeIf(k -> k.id().equals(kid));
    if (rest.isEmpty()) {
      throw new IllegalArgumentException("cannot retire the last key");
    }
    return new KeySet(active, rest);
  }

  /**
   * The public JWK Set (RFC 7517) of the asymmetric keys, for {@code /.well-known/jwks.json}. Never
   * contains private or secret material; HMAC keys are left out.
   */
  public String toPublicJwkSetJson() {
    List<JWK> pub = new ArrayList<>();
    for (TokenKey k : byId.values()) {
      if (k.isPublishable()) {
        pub.add(k.jwk().toPublicJWK());
      }
    }
    return new JWKSet(pub).toString(true);
  }

  /** The whole set as a JWK Set, private material included: for the operator's key file. */
  public String toJwkSetJson() {
    List<JWK> all = new ArrayList<>();
    for (TokenKey k : byId.values()) {
      all.add(k.jwk());
    }
    return new JWKSet(all).toString(false);
  }

  @Override
  public String toString() {
    return "KeySet{active="
        + (active == null ? "none" : active.id())
        + ", keys="
        + byId.keySet()
        + "}";
  }
}
