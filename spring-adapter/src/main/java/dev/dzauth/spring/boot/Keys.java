package dev.dzauth.spring.boot;

import dev.dzauth.token.KeySet;
import dev.dzauth.token.SignatureAlgorithm;
import dev.dzauth.token.TokenKey;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;

/** Reads {@code dz.auth.keys.location} and hands its text to core's {@code KeySet.parse}. */
final class Keys {

  private static final Logger LOG = LoggerFactory.getLogger(DzAuthAutoConfiguration.class);

  private Keys() {}

  static KeySet load(DzAuthProperties.Keys keys) {
    Resource location = keys.getLocation();
    String kid = keys.getActiveKid();
    if (location == null) {
      LOG.warn(
          "dz.auth.keys.location is not set: signing with an ephemeral ES256 key; tokens stop"
              + " verifying at restart. Not for production.");
      return KeySet.of(
          TokenKey.generate(SignatureAlgorithm.ES256, kid != null ? kid : "ephemeral"));
    }
    String text;
    try (InputStream in = location.getInputStream()) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InvalidPropertyException(
          "dz.auth.keys.location: cannot read " + location.getDescription() + ": " + e.getMessage(),
          e);
    }
    try {
      return KeySet.parse(text, kid);
    } catch (IllegalArgumentException e) {
      throw new InvalidPropertyException(
          "dz.auth.keys.location: "
              + location.getDescription()
              + " holds no usable keys: "
              + e.getMessage(),
          e);
    }
  }
}
