package dev.dzauth.lifecycle;

import dev.dzauth.DzAuthException.Violation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Validation errors worded and typed as pydantic v2 words and types them, so that clients of the
 * API keep working (docs/API.md, 422 validation errors). The one place these messages are written;
 * adapters use it for the errors they find while reading JSON and query strings, the lifecycle for
 * range and policy checks.
 */
public final class Violations {

  private Violations() {}

  /** {@code missing}: a required field is absent. */
  public static Violation missing(List<Object> loc, @Nullable Object input) {
    return new Violation(loc, "missing", "Field required", input, Map.of());
  }

  /** {@code string_type}. */
  public static Violation stringType(List<Object> loc, @Nullable Object input) {
    return new Violation(loc, "string_type", "Input should be a valid string", input, Map.of());
  }

  /** {@code string_too_short}. */
  public static Violation stringTooShort(List<Object> loc, String input, int min) {
    return new Violation(
        loc,
        "string_too_short",
        "String should have at least " + min + " character" + (min == 1 ? "" : "s"),
        input,
        Map.of("min_length", min));
  }

  /** {@code string_too_long}. */
  public static Violation stringTooLong(List<Object> loc, String input, int max) {
    return new Violation(
        loc,
        "string_too_long",
        "String should have at most " + max + " character" + (max == 1 ? "" : "s"),
        input.length() > 1024 ? input.substring(0, 1024) : input,
        Map.of("max_length", max));
  }

  /** {@code int_type}. */
  public static Violation intType(List<Object> loc, @Nullable Object input) {
    return new Violation(loc, "int_type", "Input should be a valid integer", input, Map.of());
  }

  /** {@code int_from_float}: a number with a fractional part where an integer is expected. */
  public static Violation intFromFloat(List<Object> loc, Object input) {
    return new Violation(
        loc,
        "int_from_float",
        "Input should be a valid integer, got a number with a fractional part",
        input,
        Map.of());
  }

  /** {@code int_parsing}: a query value that is not an integer. */
  public static Violation intParsing(List<Object> loc, String input) {
    return new Violation(
        loc,
        "int_parsing",
        "Input should be a valid integer, unable to parse string as an integer",
        input,
        Map.of());
  }

  /** {@code bool_parsing}: a query value that is not a boolean. */
  public static Violation boolParsing(List<Object> loc, String input) {
    return new Violation(
        loc,
        "bool_parsing",
        "Input should be a valid boolean, unable to interpret input",
        input,
        Map.of());
  }

  /** {@code greater_than_equal}. */
  public static Violation greaterThanEqual(List<Object> loc, Object input, long min) {
    return new Violation(
        loc,
        "greater_than_equal",
        "Input should be greater than or equal to " + min,
        input,
        Map.of("ge", min));
  }

  /** {@code less_than_equal}. */
  public static Violation lessThanEqual(List<Object> loc, Object input, long max) {
    return new Violation(
        loc,
        "less_than_equal",
        "Input should be less than or equal to " + max,
        input,
        Map.of("le", max));
  }

  /** {@code literal_error}: a value outside a fixed set, e.g. {@code 'next' or 'prev'}. */
  public static Violation literal(List<Object> loc, String input, List<String> expected) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < expected.size(); i++) {
      if (i > 0) {
        b.append(i == expected.size() - 1 ? " or " : ", ");
      }
      b.append('\'').append(expected.get(i)).append('\'');
    }
    return new Violation(
        loc, "literal_error", "Input should be " + b, input, Map.of("expected", b.toString()));
  }

  /** {@code list_type}. */
  public static Violation listType(List<Object> loc, @Nullable Object input) {
    return new Violation(loc, "list_type", "Input should be a valid list", input, Map.of());
  }

  /** {@code model_attributes_type}: the body is not a JSON object. */
  public static Violation objectType(List<Object> loc, @Nullable Object input) {
    return new Violation(
        loc,
        "model_attributes_type",
        "Input should be a valid dictionary or object to extract fields from",
        input,
        Map.of());
  }

  /** {@code json_invalid}: the body is not JSON. */
  public static Violation jsonInvalid(int position, String error) {
    return new Violation(
        List.of("body", position),
        "json_invalid",
        "JSON decode error",
        Map.of(),
        Map.of("error", error));
  }

  /** {@code value_error}: a rule of ours, explained in {@code message}. */
  public static Violation valueError(List<Object> loc, @Nullable Object input, String message) {
    Map<String, Object> ctx = new LinkedHashMap<>();
    ctx.put("error", message);
    return new Violation(loc, "value_error", "Value error, " + message, input, ctx);
  }
}
