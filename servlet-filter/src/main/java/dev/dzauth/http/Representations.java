package dev.dzauth.http;

import dev.dzauth.lifecycle.CreatedToken;
import dev.dzauth.lifecycle.EffectiveStatus;
import dev.dzauth.lifecycle.TokenPage;
import dev.dzauth.store.TokenRecord;
import dev.dzauth.token.TokenFormat;
import java.time.Instant;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON shapes of docs/API.md (The token object) and docs/openapi.json: {@code APITokenResponse}
 * and the envelopes around it.
 */
final class Representations {

  private Representations() {}

  /** {@code APITokenResponse}: the 11 fields of docs/openapi.json, in its order. */
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
    return n;
  }

  /** {@code APITokenResponse} with {@code status} and {@code available_actions}. */
  static ObjectNode tokenDetails(TokenRecord r, Instant now) {
    ObjectNode n = token(r);
    EffectiveStatus status = EffectiveStatus.of(r, now);
    n.put("status", status.apiValue());
    EffectiveStatus.AvailableActions a = status.availableActions();
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
