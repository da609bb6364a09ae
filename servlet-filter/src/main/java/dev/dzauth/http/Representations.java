package dev.dzauth.http;

import dev.dzauth.lifecycle.CreatedToken;
import dev.dzauth.lifecycle.EffectiveStatus;
import dev.dzauth.lifecycle.OwnerChangeResult;
import dev.dzauth.lifecycle.RolledToken;
import dev.dzauth.lifecycle.TokenEventPage;
import dev.dzauth.lifecycle.TokenPage;
import dev.dzauth.lifecycle.TokenService;
import dev.dzauth.status.OwnerChange;
import dev.dzauth.store.TokenEvent;
import dev.dzauth.store.TokenRecord;
import dev.dzauth.token.TokenFormat;
import java.time.Instant;
import java.util.Locale;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON shapes of docs/API.md (The token object) and docs/openapi.json: {@code APITokenResponse}
 * and the envelopes around it.
 */
final class Representations {

  private Representations() {}

  /**
   * The token object ({@code TokenInfo}): the 11 fields of the seed's {@code APITokenResponse}, in
   * its order and unchanged; then the extensions {@code token_scope} ({@code account} or {@code
   * environment}), {@code environment_id} ({@code null} for an account token), {@code created_by}
   * (the creating caller's subject) and {@code updated_at} (the record's last change); and {@code
   * replaced_by}, the successor's id, on a token replaced by a roll only.
   */
  static ObjectNode token(TokenRecord r) {
    ObjectNode n = Json.object();
    n.put("id", r.id());
    n.put("jti", r.jti());
    n.put("name", r.name());
    n.put("description", r.description());
    n.put("token_prefix", r.tokenPrefix());
    n.put("token_type", TokenFormat.TOKEN_TYPE_API);
    n.put("created_at", Json.time(r.createdAt()));
    n.put("last_used_at", Json.time(r.lastUsedAt()));
    n.put("expires_at", Json.time(r.expiresAt()));
    n.put("revoked_at", Json.time(r.revokedAt()));
    n.put("revocation_reason", r.revocationReason());
    String environment = r.environmentId();
    n.put(
        "token_scope",
        environment == null ? TokenService.ACCOUNT_SCOPE : TokenService.ENVIRONMENT_SCOPE);
    n.put("environment_id", environment);
    n.put("created_by", r.createdBy());
    n.put("updated_at", Json.time(r.updatedAt()));
    String successor = r.rolledTo();
    if (successor != null) {
      n.put("replaced_by", successor);
    }
    return n;
  }

  /** {@code APITokenResponse} with {@code status} and {@code available_actions}. */
  static ObjectNode tokenDetails(TokenRecord r, Instant now) {
    ObjectNode n = token(r);
    n.put("status", EffectiveStatus.of(r, now).apiValue());
    EffectiveStatus.AvailableActions a = EffectiveStatus.availableActions(r, now);
    ObjectNode actions = n.putObject("available_actions");
    actions.put("activate", a.activate());
    actions.put("delete", a.delete());
    actions.put("revoke", a.revoke());
    actions.put("suspend", a.suspend());
    return n;
  }

  /** {@code APITokenCreateResponse}. */
  static ObjectNode created(CreatedToken created) {
    ObjectNode n = Json.object();
    n.put("token", created.token());
    n.set("token_info", token(created.record()));
    return n;
  }

  /**
   * {@code RolledTokenResponse}: the successor as a create answers it ({@code token}, shown this
   * once, and {@code token_info}), and the replaced token as {@code previous_token_info}, whose
   * {@code expires_at} is the end of its grace period and {@code replaced_by} the successor's id.
   */
  static ObjectNode rolled(RolledToken rolled) {
    ObjectNode n = Json.object();
    n.put("token", rolled.token());
    n.set("token_info", token(rolled.successor()));
    n.set("previous_token_info", token(rolled.previous()));
    return n;
  }

  /**
   * {@code OwnerChangeResponse}: whose tokens, what, whether it was a dry run, how many tokens it
   * moved (or would move), and when a change was made its time, actor and reason ({@code null}
   * otherwise: a dry run, or nothing to change).
   */
  static ObjectNode ownerChange(OwnerChangeResult result) {
    ObjectNode n = Json.object();
    n.put("business_id", result.owner().businessId());
    n.put("subject", result.owner().subject());
    n.put("action", result.action().name().toLowerCase(Locale.ROOT));
    n.put("dry_run", result.dryRun());
    n.put("affected", result.affected());
    OwnerChange change = result.change();
    n.put("effective_at", change == null ? null : Json.time(change.at()));
    n.put("performed_by", change == null ? null : change.by());
    n.put("reason", change == null ? null : change.reason());
    return n;
  }

  /** The list page: items, total, limit, next_cursor, prev_cursor, has_next, has_prev. */
  static ObjectNode page(TokenPage page) {
    ObjectNode n = Json.object();
    ArrayNode items = n.putArray("items");
    for (TokenRecord r : page.items()) {
      items.add(token(r));
    }
    if (page.total() == null) {
      n.putNull("total");
    } else {
      n.put("total", page.total());
    }
    n.put("limit", page.limit());
    n.put("next_cursor", page.nextCursor());
    n.put("prev_cursor", page.prevCursor());
    n.put("has_next", page.hasNext());
    n.put("has_prev", page.hasPrev());
    return n;
  }

  /**
   * {@code TokenEventPage}: the list page's paging fields that a forward-only page has — items,
   * limit, next_cursor, has_next.
   */
  static ObjectNode events(TokenEventPage page) {
    ObjectNode n = Json.object();
    ArrayNode items = n.putArray("items");
    for (TokenEvent e : page.items()) {
      items.add(event(e));
    }
    n.put("limit", page.limit());
    n.put("next_cursor", page.nextCursor());
    n.put("has_next", page.hasNext());
    return n;
  }

  /**
   * {@code TokenEvent}: what happened to the token, when, by whom and from where (the client
   * address and user agent the adapter saw); never a token.
   */
  static ObjectNode event(TokenEvent e) {
    ObjectNode n = Json.object();
    n.put("id", e.id());
    n.put("type", e.type().apiValue());
    n.put("occurred_at", Json.time(e.occurredAt()));
    n.put("token_id", e.tokenId());
    n.put("jti", e.jti());
    n.put("actor", e.actor());
    n.put("reason", e.reason());
    n.put("client_ip", e.clientIp());
    n.put("user_agent", e.userAgent());
    return n;
  }

  /** {@code SuccessEnvelope[APITokenRevokeResponse]}. */
  static ObjectNode revoked(TokenRecord r) {
    ObjectNode n = Json.object();
    n.put("success", true);
    n.put("message", "Token revoked");
    n.put("code", "token_revoked");
    ObjectNode data = n.putObject("data");
    data.put("id", r.id());
    data.put("jti", r.jti());
    data.put("name", r.name());
    data.put("revoked_at", Json.time(r.revokedAt()));
    data.put("revoked_by", r.revokedBy());
    data.put("revocation_reason", r.revocationReason());
    return n;
  }
}
