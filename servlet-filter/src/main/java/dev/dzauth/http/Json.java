package dev.dzauth.http;

import dev.dzauth.DzAuthException.Violation;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The one Jackson configuration of the HTTP layer: bounded reading, plain writing. */
final class Json {

  /** Deepest nesting a body may have; the API's bodies are one level deep. */
  static final int MAX_NESTING_DEPTH = 32;

  static final JsonMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(MAX_NESTING_DEPTH)
                          .maxNumberLength(1000)
                          .build())
                  .build())
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .build();

  private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_INSTANT;

  private Json() {}

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  static JsonNode read(byte[] body) {
    return MAPPER.readTree(body);
  }

  static byte[] write(@Nullable Object value) {
    return MAPPER.writeValueAsBytes(value);
  }

  /** ISO-8601 in UTC with a {@code Z}, to the microsecond at most (as pydantic writes them). */
  static @Nullable String time(@Nullable Instant at) {
    return at == null ? null : ISO.format(at.truncatedTo(ChronoUnit.MICROS));
  }

  /** A {@code ValidationError} of FastAPI: type, loc, msg, input, and ctx unless empty. */
  static Map<String, Object> violation(Violation v) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", v.type());
    m.put("loc", v.location());
    m.put("msg", v.message());
    m.put("input", v.input());
    if (!v.context().isEmpty()) {
      m.put("ctx", v.context());
    }
    return m;
  }

  static byte[] detail(Object detail) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("detail", detail);
    return write(m);
  }

  static byte[] violations(List<Violation> violations) {
    return detail(violations.stream().map(Json::violation).toList());
  }
}
