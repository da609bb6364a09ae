package dev.dzauth.spring.boot;

import dev.dzauth.token.KeySet;
import dev.dzauth.token.SignatureAlgorithm;
import dev.dzauth.token.TokenKey;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;

/** Loads {@code dz.auth.keys.location} the way core's {@code KeySet.load} reads a file. */
final class Keys {

  private static final Logger LOG = LoggerFactory.getLogger(DzAuthAutoConfiguration.class);

  private Keys() {}

  static KeySet load(DzAuthProperties.Keys keys) {
    Resource location = keys.getLocation();
    String kid = keys.getActiveKid();
    if (location == null) {
      LOG.warn("dz.auth.keys.location is not set: signing with an ephemeral ES256 key; tokens stop"
          + " verifying at restart. Not for production.");
      return KeySet.of(TokenKey.generate(SignatureAlgorithm.ES256, kid != null ? kid : "ephemeral"));
    }
    String text;
    try (InputStream in = location.getInputStream()) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(
          "dz.auth.keys.location: cannot read " + location.getDescription() + ": " + e.getMessage(), e);
    }
    String name = location.getFilename() == null ? "" : location.getFilename().toLowerCase(Locale.ROOT);
    try {
      if (name.endsWith(".json") || name.endsWith(".jwks") || text.stripLeading().startsWith("{")) {
        return KeySet.parseJwkSet(text, kid);
      }
      TokenKey key = TokenKey.fromPem(kid, text);
      return key.canSign() ? KeySet.of(key) : KeySet.verificationOnly(key);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          "dz.auth.keys.location: " + location.getDescription() + " holds no usable keys: " + e.getMessage(), e);
    }
  }
}
