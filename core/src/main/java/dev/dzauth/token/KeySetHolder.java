package dev.dzauth.token;

import java.util.Objects;

/**
 * The key set in service, shared by a {@link TokenMinter}, a {@link TokenVerifier} and the JWK Set
 * endpoint. {@link #replace} puts a rotated set into service atomically: from that moment new
 * tokens use its active key and tokens of retired keys stop verifying, cached or not. Thread-safe;
 * reads are a single volatile load.
 */
public final class KeySetHolder {

  private volatile KeySet current;

  private KeySetHolder(KeySet initial) {
    this.current = Objects.requireNonNull(initial, "initial");
  }

  /** A ring serving {@code keys}. */
  public static KeySetHolder of(KeySet keys) {
    return new KeySetHolder(keys);
  }

  /** The key set in service now. */
  public KeySet current() {
    return current;
  }

  /** Puts {@code keys} into service. */
  public void replace(KeySet keys) {
    this.current = Objects.requireNonNull(keys, "keys");
  }
}
