package dev.dzauth.spring.conformance;

import dev.dzauth.servlet.DzPrincipal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import tools.jackson.databind.json.JsonMapper;

/** The protected resource's answer on both sides: the principal as JSON, the same bytes. */
final class PrincipalJson {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private PrincipalJson() {}

  static byte[] bytes(DzPrincipal p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("token_id", p.tokenId());
    m.put("jti", p.jti());
    m.put("subject", p.subject());
    m.put("business_id", p.businessId());
    m.put("scopes", new TreeSet<>(p.scopes()));
    m.put("token_scope", p.tokenScope());
    m.put("environment_id", p.environmentId());
    return JSON.writeValueAsBytes(m);
  }
}
