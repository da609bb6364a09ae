package dev.dzauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dzauth.DzAuthException.Violation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A violation's {@code ctx} keeps the order it was given in (pydantic's), and stays immutable. */
final class ViolationContextOrderTests {

  @Test
  void contextKeepsItsOrder() {
    Map<String, Object> ctx = new LinkedHashMap<>();
    ctx.put("field_type", "List");
    ctx.put("min_length", 1);
    ctx.put("actual_length", 0);
    Violation v = new Violation(List.of("body", "tokens"), "too_short", "m", null, ctx);

    ctx.put("later", 2);

    assertThat(v.context().keySet()).containsExactly("field_type", "min_length", "actual_length");
    assertThatThrownBy(() -> v.context().put("x", 1))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void nullKeysAndValuesAreRefused() {
    Map<String, Object> ctx = new LinkedHashMap<>();
    ctx.put("le", null);
    assertThatThrownBy(() -> new Violation(List.of("body"), "t", "m", null, ctx))
        .isInstanceOf(NullPointerException.class);
  }
}
