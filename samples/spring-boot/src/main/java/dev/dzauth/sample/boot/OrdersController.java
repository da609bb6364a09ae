package dev.dzauth.sample.boot;

import dev.dzauth.servlet.DzPrincipal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The orders of the caller's business; needs the scope {@code orders:read}. */
@RestController
public class OrdersController {

  /** The caller (subject and business) and their orders (none: this is a sample). */
  @GetMapping("/orders")
  @PreAuthorize("hasAuthority('SCOPE_orders:read')")
  public Map<String, Object> orders(@AuthenticationPrincipal DzPrincipal caller) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("subject", caller.subject());
    body.put("business_id", caller.businessId());
    body.put("orders", List.of());
    return body;
  }
}
