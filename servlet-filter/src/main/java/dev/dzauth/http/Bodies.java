package dev.dzauth.http;

import dev.dzauth.DzAuthException;
import dev.dzauth.DzAuthException.Violation;
import dev.dzauth.lifecycle.CreateTokenRequest;
import dev.dzauth.lifecycle.TokenService;
import dev.dzauth.lifecycle.Violations;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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
      List.of("name", "description", "expires_in_days", "scopes", "token_scope", "environment_id");

  private static final List<String> TOKEN_SCOPES =
      List.of(TokenService.ACCOUNT_SCOPE, TokenService.ENVIRONMENT_SCOPE);

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
   * {@code TokenCreateRequest} ({@code APITokenCreate} with {@code scopes}, {@code token_scope} and
   * {@code environment_id}): the body is required. Types and shapes are checked here, lengths and
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
    List<Object> tokenScopeLoc = List.of("body", "token_scope");
    JsonNode tokenScopeNode = tree.get("token_scope");
    String tokenScope = null;
    if (tokenScopeNode != null && !tokenScopeNode.isNull()) {
      if (tokenScopeNode.isString()) {
        tokenScope = tokenScopeNode.stringValue();
      } else {
        // pydantic's Literal answers any other type with literal_error too.
        Violation v = Violations.literal(tokenScopeLoc, "", TOKEN_SCOPES);
        violations.add(
            new Violation(v.location(), v.type(), v.message(), tokenScopeNode, v.context()));
      }
    }
    String environmentId =
        optionalString(tree.get("environment_id"), List.of("body", "environment_id"), violations);

    if (violations.isEmpty()) {
      return new CreateTokenRequest(name, description, days, scopes, tokenScope, environmentId);
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
            mistyped.contains("scopes") ? null : scopes,
            mistyped.contains("token_scope") ? null : tokenScope,
            mistyped.contains("environment_id") ? null : environmentId);
    violations.addAll(service.violations(others));
    violations.sort(
        Comparator.comparingInt(
            v -> FIELD_ORDER.indexOf(v.location().size() > 1 ? v.location().get(1) : "")));
    throw DzAuthException.invalid(violations);
  }

  /**
   * {@code expires_in_days}: {@code int | None}, 1 to 365, in pydantic's lax mode (see {@link
   * #laxInteger}).
   */
  private static @Nullable Integer expiresInDays(JsonNode node, List<Violation> violations) {
    if (node.isNull()) {
      return null;
    }
    BigInteger value = laxInteger(node, List.of("body", "expires_in_days"), violations);
    if (value == null) {
      return null;
    }
    // The range is the service's policy (TokenService.create checks it, once); a magnitude beyond
    // an int is out of every range, so it is handed over saturated.
    return value
        .max(BigInteger.valueOf(Integer.MIN_VALUE))
        .min(BigInteger.valueOf(Integer.MAX_VALUE))
        .intValue();
  }

  /**
   * An {@code int} in pydantic's lax mode: an integral float ({@code 30.0}) and an integer string
   * ({@code "30"}) are integers; a fractional number is {@code int_from_float}; another string is
   * {@code int_parsing}; {@code true}, {@code null} and anything else is {@code int_type}. Returns
   * {@code null} after adding the violation; a magnitude beyond {@code Long.MAX_VALUE} comes back
   * saturated (no range here reaches it).
   */
  private static @Nullable BigInteger laxInteger(
      JsonNode node, List<Object> loc, List<Violation> violations) {
    if (node.isIntegralNumber()) {
      return node.bigIntegerValue();
    }
    if (node.isNumber()) {
      BigDecimal d = node.decimalValue();
      if (d.signum() != 0 && d.stripTrailingZeros().scale() > 0) {
        violations.add(Violations.intFromFloat(loc, node));
        return null;
      }
      // Compared as a decimal first: 1e99999999 must not be expanded into a 100-million-digit
      // integer.
      return d.abs().compareTo(LARGEST_EXACT) > 0
          ? BigInteger.valueOf(d.signum()).multiply(LARGEST_EXACT.toBigInteger())
          : d.toBigInteger();
    }
    if (node.isString()) {
      String s = node.stringValue().strip();
      if (!INTEGER.matcher(s).matches()) {
        violations.add(Violations.intParsing(loc, node.stringValue()));
        return null;
      }
      return new BigInteger(s);
    }
    violations.add(Violations.intType(loc, node));
    return null;
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

  /**
   * The roll body, {@code RollRequest | None}: {@code grace_period_seconds}, an {@code int} read in
   * pydantic's lax mode ({@link #laxInteger}); an empty body, {@code null}, {@code {}} or an absent
   * field are 0 (no grace). {@code null} as the value is {@code int_type}, as for a pydantic {@code
   * int} field with a default. The range (0 to the service's maximum) is the service's, checked by
   * {@link TokenService#roll}.
   */
  static Duration rollGracePeriod(byte[] body) {
    JsonNode tree = tree(body);
    if (tree == null || tree.isNull()) {
      return Duration.ZERO;
    }
    if (!tree.isObject()) {
      throw DzAuthException.invalid(List.of(Violations.objectType(List.of("body"), tree)));
    }
    JsonNode node = tree.get("grace_period_seconds");
    if (node == null) {
      return Duration.ZERO;
    }
    List<Violation> violations = new ArrayList<>();
    BigInteger seconds = laxInteger(node, List.of("body", "grace_period_seconds"), violations);
    if (seconds == null) {
      throw DzAuthException.invalid(violations);
    }
    long clamped =
        seconds
            .max(BigInteger.valueOf(Long.MIN_VALUE))
            .min(BigInteger.valueOf(Long.MAX_VALUE))
            .longValue();
    return Duration.ofSeconds(clamped);
  }

  /** The longest {@code subject} of an owner-level change: the longest {@code sub} a token has. */
  static final int MAX_SUBJECT_LENGTH = 255;

  /**
   * The body of an owner-level change ({@code POST /api/v1/admin/tokens/{action}}).
   *
   * @param subject whose tokens in the caller's business, or {@code null} for every subject's
   * @param reason why, or {@code null}
   * @param dryRun whether only to count
   */
  record OwnerChangeBody(@Nullable String subject, @Nullable String reason, boolean dryRun) {}

  /**
   * {@code OwnerChangeRequest}: the body is required (no body is {@code missing}, so an empty POST
   * never changes a whole business); {@code subject} a string of 1 to 255 characters or {@code
   * null}/absent (every subject), {@code reason} a string of at most 1000 characters or {@code
   * null}, {@code dry_run} a lax boolean (absent: false). Every violation is reported at once, in
   * field order.
   */
  static OwnerChangeBody ownerChange(byte[] body) {
    JsonNode tree = tree(body);
    if (tree == null || tree.isNull()) {
      throw DzAuthException.invalid(List.of(Violations.missing(List.of("body"), null)));
    }
    if (!tree.isObject()) {
      throw DzAuthException.invalid(List.of(Violations.objectType(List.of("body"), tree)));
    }
    List<Violation> violations = new ArrayList<>();
    List<Object> subjectLoc = List.of("body", "subject");
    String subject = optionalString(tree.get("subject"), subjectLoc, violations);
    if (subject != null && subject.isEmpty()) {
      violations.add(Violations.stringTooShort(subjectLoc, subject, 1));
    } else if (subject != null && subject.length() > MAX_SUBJECT_LENGTH) {
      violations.add(Violations.stringTooLong(subjectLoc, subject, MAX_SUBJECT_LENGTH));
    }
    List<Object> reasonLoc = List.of("body", "reason");
    String reason = optionalString(tree.get("reason"), reasonLoc, violations);
    if (reason != null && reason.length() > TokenService.MAX_REASON_LENGTH) {
      violations.add(Violations.stringTooLong(reasonLoc, reason, TokenService.MAX_REASON_LENGTH));
    }
    boolean dryRun = false;
    JsonNode dryRunNode = tree.get("dry_run");
    if (dryRunNode != null) {
      Boolean b = laxBoolean(dryRunNode, List.of("body", "dry_run"), violations);
      dryRun = b != null && b;
    }
    if (!violations.isEmpty()) {
      throw DzAuthException.invalid(violations);
    }
    return new OwnerChangeBody(subject, reason, dryRun);
  }

  private static final Set<String> TRUE = Set.of("1", "on", "t", "true", "y", "yes");
  private static final Set<String> FALSE = Set.of("0", "off", "f", "false", "n", "no");

  /**
   * A {@code bool} in pydantic's lax mode (JSON input): {@code true}/{@code false}; the numbers 0
   * and 1 ({@code 0.0}, {@code 1.0} too); the strings {@code 1/0}, {@code on/off}, {@code t/f},
   * {@code true/false}, {@code y/n}, {@code yes/no} in any case. Another number or string is {@code
   * bool_parsing}; {@code null}, an object or an array is {@code bool_type}.
   */
  private static @Nullable Boolean laxBoolean(
      JsonNode node, List<Object> loc, List<Violation> violations) {
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isNumber()) {
      BigDecimal d = node.decimalValue();
      if (d.compareTo(BigDecimal.ZERO) == 0) {
        return false;
      }
      if (d.compareTo(BigDecimal.ONE) == 0) {
        return true;
      }
    } else if (node.isString()) {
      String v = node.stringValue().toLowerCase(java.util.Locale.ROOT);
      if (TRUE.contains(v)) {
        return true;
      }
      if (FALSE.contains(v)) {
        return false;
      }
    } else {
      violations.add(
          new Violation(loc, "bool_type", "Input should be a valid boolean", node, Map.of()));
      return null;
    }
    violations.add(
        new Violation(
            loc,
            "bool_parsing",
            "Input should be a valid boolean, unable to interpret input",
            node,
            Map.of()));
    return null;
  }
}
