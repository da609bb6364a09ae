package dev.dzauth.http;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;

/**
 * The OpenAPI document served at {@value TokenApi#OPENAPI_PATH}: the jar's copy of {@code
 * docs/openapi.json} (the build copies it as the resource {@code dev/dzauth/http/openapi.json}),
 * read once, with a strong ETag of its SHA-256.
 */
final class OpenApiDocument {

  /** How long clients and caches may keep the document without asking again. */
  static final String CACHE_CONTROL = "public, max-age=3600";

  private static final byte[] BYTES = load();
  private static final String ETAG = etag(BYTES);

  private OpenApiDocument() {}

  /** 200 with the document (a copy of the bytes), its ETag and {@link #CACHE_CONTROL}. */
  static ApiResponse response() {
    return HttpErrors.response(
        200, Map.of("Cache-Control", CACHE_CONTROL, "ETag", ETAG), BYTES.clone());
  }

  private static byte[] load() {
    try (InputStream in = OpenApiDocument.class.getResourceAsStream("openapi.json")) {
      if (in == null) {
        throw new IllegalStateException("resource dev/dzauth/http/openapi.json is missing");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read dev/dzauth/http/openapi.json", e);
    }
  }

  private static String etag(byte[] bytes) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
      return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
