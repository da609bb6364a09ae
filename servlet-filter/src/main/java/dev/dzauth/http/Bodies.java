package dev.dzauth.http;

import dev.dzauth.DzAuthException;
import dev.dzauth.DzAuthException.Violation;
import dev.dzauth.lifecycle.CreateTokenRequest;
import dev.dzauth.lifecycle.TokenService;
import dev.dzauth.lifecycle.Violations;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reads JSON bodies as pydantic v2 (lax mode) would validate them for FastAPI, collecting every
 * violation before anything is built: the body is read as a tree, so a wrong type is reported as
 * such ({@code string_type}, {@code int_type}, …) rather than as a parse failure. Only types and
 * shapes are checked here; lengths and ranges (name and description lengths, the policy's {@code
 * expires_in_days} bounds) are the {@link TokenService}'s, checked there once.
 */
final class Bodies {

  private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,30}");

  /** Beyond this magnitude a number is out of every range here, whatever its exact value. */
  private static final BigDecimal LARGEST_EXACT = BigDecimal.valueOf(Long.MAX_VALUE);

  private static final List<Object> FIELD_ORDER =
      List.of("name", "description", "expires_in_days", "scopes");

  private Bodies() {}

  /** The body as a JSON tree, or {@code null} when it is empty. */
  static @Nullable JsonNode tree(byte[] body) {
    if (isBlank(body)) {
      return null;
    }
    try {
      return Json.read(body);
    } catch (NumberFormatException e) {
      // Jackson refuses a number beyond its limits (e.g. 8e888…888) with this, not a
      // JacksonException.
      throw DzAuthException.invalid(List.of(Violations.jsonInvalid(0, "Number out of range")));
    } catch (JacksonException e) {
      long at = e.getLocation() == null ? -1 : e.getLocation().getCharOffset();
      if (at < 0 && e.getLocation() != null) {
        at = e.getLocation().getByteOffset();
      }
      String why = e.getOriginalMessage() == null ? "Invalid JSON" : e.getOriginalMessage();
      int cut = why.indexOf('\n');
      why = cut < 0 ? why : why.substring(0, cut);
      why = why.length() > 200 ? why.substring(0, 200) : why;
      throw DzAuthException.invalid(List.of(Violations.jsonInvalid((int) Math.max(0, at), why)));
    }
  }

  private static boolean isBlank(byte[] body) {
    for (byte b : body) {
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code APITokenCreate}: the body is required. Types and shapes are checked here, lengths and
   * limits by {@code service} ({@link TokenService#violations}); when a field has the wrong type,
   * the service's findings on the others are reported with it, in field order, as pydantic reports
   * every violation at once.
   */
  static CreateTokenRequest createRequest(byte[] body, TokenService service) {
    JsonNode tree = tree(body);
    if (tree == null || tree.isNull()) {
      throw DzAuthException.invalid(List.of(Violations.missing(List.of("body"), null)));
    }
    if (!tree.isObject()) {
      throw DzAuthException.invalid(List.of(Violations.objectType(List.of("body"), tree)));
    }
    List<Violation> violations = new ArrayList<>();

    List<Object> nameLoc = List.of("body", "name");
    JsonNode nameNode = tree.get("name");
    String name = null;
    if (nameNode == null) {
      violations.add(Violations.missing(nameLoc, tree));
    } else if (!nameNode.isString()) {
      violations.add(Violations.stringType(nameLoc, nameNode));
    } else {
      name = nameNode.stringValue();
    }

    String description =
        optionalString(tree.get("description"), List.of("body", "description"), violations);

    Integer days = TokenService.DEFAULT_EXPIRES_IN_DAYS;
    JsonNode daysNode = tree.get("expires_in_days");
    if (daysNode != null) {
      days = expiresInDays(daysNode, violations);
    }

    Set<String> scopes = null;
    JsonNode scopesNode = tree.get("scopes");
    if (scopesNode != null && !scopesNode.isNull()) {
      List<Object> loc = List.of("body", "scopes");
      if (!scopesNode.isArray()) {
        violations.add(Violations.listType(loc, scopesNode));
      } else {
        scopes = new LinkedHashSet<>();
        int i = 0;
        for (JsonNode s : scopesNode.values()) {
          if (s.isString()) {
            scopes.add(s.stringValue());
          } else {
            violations.add(Violations.stringType(List.of("body", "scopes", i), s));
          }
          i++;
        }
      }
    }
    if (violations.isEmpty()) {
      return new CreateTokenRequest(name, description, days, scopes);
    }
    // Mistyped fields are replaced by values no limit refuses, so only the others are judged.
    Set<Object> mistyped = new HashSet<>();
    for (Violation v : violations) {
      mistyped.add(v.location().size() > 1 ? v.location().get(1) : "");
    }
    CreateTokenRequest others =
        new CreateTokenRequest(
            mistyped.contains("name") ? "x" : name,
            mistyped.contains("description") ? null : description,
            mistyped.contains("expires_in_days") ? Integer.valueOf(1) : days,
            mistyped.contains("scopes") ? null : scopes);
    violations.addAll(service.violations(others));
    violations.sort(
        Comparator.comparingInt(
            v -> FIELD_ORDER.indexOf(v.location().size() > 1 ? v.location().get(1) : "")));
    throw DzAuthException.invalid(violations);
  }

  /**
   * {@code expires_in_days}: {@code int | None}, 1 to 365, in pydantic's lax mode: an integral
   * float ({@code 30.0}) and an integer string ({@code "30"}) are integers; a fractional number is
   * {@code int_from_float}; another string is {@code int_parsing}; {@code true} and anything else
   * is {@code int_type}.
   */
  private static @Nullable Integer expiresInDays(JsonNode node, List<Violation> violations) {
    List<Object> loc = List.of("body", "expires_in_days");
    if (node.isNull()) {
      return null;
    }
    BigInteger value;
    if (node.isIntegralNumber()) {
      value = node.bigIntegerValue();
    } else if (node.isNumber()) {
      BigDecimal d = node.decimalValue();
      if (d.signum() != 0 && d.stripTrailingZeros().scale() > 0) {
        violations.add(Violations.intFromFloat(loc, node));
        return null;
      }
      // Compared as a decimal first: 1e99999999 must not be expanded into a 100-million-digit
      // integer.
      value =
          d.abs().compareTo(LARGEST_EXACT) > 0
              ? BigInteger.valueOf(d.signum()).multiply(LARGEST_EXACT.toBigInteger())
              : d.toBigInteger();
    } else if (node.isString()) {
      String s = node.stringValue().strip();
      if (!INTEGER.matcher(s).matches()) {
        violations.add(Violations.intParsing(loc, node.stringValue()));
        return null;
      }
      value = new BigInteger(s);
    } else {
      violations.add(Violations.intType(loc, node));
      return null;
    }
    // The range is the service's policy (TokenService.create checks it, once); a magnitude beyond
    // an int is out of every range, so it is handed over saturated.
    return value
        .max(BigInteger.valueOf(Integer.MIN_VALUE))
        .min(BigInteger.valueOf(Integer.MAX_VALUE))
        .intValue();
  }

  private static @Nullable String optionalString(
      @Nullable JsonNode node, List<Object> loc, List<Violation> violations) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isString()) {
      violations.add(Violations.stringType(loc, node));
      return null;
    }
    return node.stringValue();
  }

  /** {@code APITokenRevokeRequest | None}: the reason, or {@code null}. */
  static @Nullable String revokeReason(byte[] body) {
    JsonNode tree = tree(body);
    if (tree == null || tree.isNull()) {
      return null;
    }
    if (!tree.isObject()) {
      throw DzAuthException.invalid(List.of(Violations.objectType(List.of("body"), tree)));
    }
    List<Violation> violations = new ArrayList<>();
    String reason = optionalString(tree.get("reason"), List.of("body", "reason"), violations);
    if (!violations.isEmpty()) {
      throw DzAuthException.invalid(violations);
    }
    return reason;
  }
}
