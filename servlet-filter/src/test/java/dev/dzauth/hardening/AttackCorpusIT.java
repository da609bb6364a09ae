package dev.dzauth.hardening;

import static dev.dzauth.servlet.testing.Http.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dzauth.lifecycle.CreateTokenRequest;
import dev.dzauth.lifecycle.CreatedToken;
import dev.dzauth.servlet.testing.HardenedServer;
import dev.dzauth.testing.AttackCorpus;
import dev.dzauth.testing.Tokens;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The hardening attack corpus end to end, over real sockets against the filter and the token API on
 * Jetty: every crafted token of {@link AttackCorpus} plus the HTTP-level attacks (scheme casing,
 * duplicate headers, the query string, whitespace, invalid UTF-8 and NUL bytes sent raw, a 1 MB
 * header, business mismatches, lifecycle states), each with its expected status. Prints the figure
 * line: cases tried, rejected with the right status, 5xx.
 */
final class AttackCorpusIT {

  private record Row(String name, Set<Integer> expected, int got) {}

  @Test
  void everyAttackIsAnsweredWithItsStatusAndNothingIs5xx() throws Exception {
    try (HardenedServer s = new HardenedServer()) {
      List<Row> rows = new ArrayList<>();
      Instant now = Instant.now();
      String good = AttackCorpus.valid(HardenedServer.ISSUER, s.hs, now, s::activate);
      CreatedToken minted = s.service.create(s.alice, CreateTokenRequest.named("minted"));
      String biz = s.alice.businessId();

      // Controls: these must be accepted.
      rows.add(
          row(
              "control: crafted valid token",
              Set.of(200),
              s.http.get("/me", bearer(good)).status()));
      rows.add(
          row(
              "control: minted token",
              Set.of(200),
              s.http.get("/me", bearer(minted.token())).status()));
      rows.add(
          row(
              "scheme 'bearer'",
              Set.of(200),
              s.http.get("/me", "Authorization", "bearer " + good).status()));
      rows.add(
          row(
              "scheme 'BEARER'",
              Set.of(200),
              s.http.get("/me", "Authorization", "BEARER " + good).status()));
      rows.add(
          row(
              "x-business-id in upper case",
              Set.of(200),
              s.http
                  .get("/api/v1/tokens", bearer(minted.token(), "x-business-id", biz.toUpperCase()))
                  .status()));

      // Every crafted token of the corpus: 401.
      for (AttackCorpus.Case c :
          AttackCorpus.cases(HardenedServer.ISSUER, s.hs, s.es, now, s::activate)) {
        int status =
            c.token().chars().allMatch(ch -> ch >= 0x21 && ch < 0x7f)
                ? s.http.get("/me", bearer(c.token())).status()
                : s.rawGet(
                    "/me", ("Authorization: Bearer " + c.token()).getBytes(StandardCharsets.UTF_8));
        // Over Jetty's 8 KiB request-header limit: 431 before the filter, acceptable.
        rows.add(
            row(
                c.name(),
                c.name().contains("NUL") || c.name().contains("non-ASCII")
                    ? Set.of(400, 401)
                    : c.token().length() > 8_000 ? Set.of(401, 431) : Set.of(401),
                status));
      }

      // HTTP-level attacks.
      rows.add(row("no Authorization", Set.of(401), s.http.get("/me").status()));
      rows.add(
          row(
              "Basic scheme",
              Set.of(401),
              s.http.get("/me", "Authorization", "Basic ZHo6ZHo=").status()));
      rows.add(
          row(
              "Bearer without credentials",
              Set.of(401),
              s.http.get("/me", "Authorization", "Bearer").status()));
      rows.add(
          row(
              "token in the query string",
              Set.of(401),
              s.http.get("/me?access_token=" + good).status()));
      rows.add(
          row(
              "token in the query string of the API",
              Set.of(401),
              s.http.get("/api/v1/tokens?access_token=" + good).status()));
      rows.add(
          row(
              "token in a form body",
              Set.of(401),
              s.http
                  .send(
                      "POST",
                      "/me",
                      "access_token=" + good,
                      "Content-Type",
                      "application/x-www-form-urlencoded")
                  .status()));
      rows.add(
          row(
              "two Authorization headers (both valid)",
              Set.of(401),
              s.rawGet(
                  "/me",
                  ascii("Authorization: Bearer " + good),
                  ascii("Authorization: Bearer " + good))));
      rows.add(
          row(
              "two Authorization headers (valid, then Basic)",
              Set.of(401),
              s.rawGet(
                  "/me",
                  ascii("Authorization: Bearer " + good),
                  ascii("Authorization: Basic ZHo6ZHo="))));
      rows.add(
          row(
              "space inside the token",
              Set.of(401),
              s.http
                  .get(
                      "/me",
                      "Authorization",
                      "Bearer " + good.substring(0, 30) + " " + good.substring(30))
                  .status()));
      rows.add(
          row(
              "tab inside the token",
              Set.of(401),
              s.rawGet(
                  "/me",
                  ascii(
                      "Authorization: Bearer "
                          + good.substring(0, 30)
                          + "\t"
                          + good.substring(30)))));
      rows.add(
          row(
              "two tokens",
              Set.of(401),
              s.http.get("/me", "Authorization", "Bearer " + good + " " + good).status()));
      rows.add(
          row(
              "invalid UTF-8 in the header",
              Set.of(400, 401),
              s.rawGet(
                  "/me",
                  concat(
                      ascii("Authorization: Bearer dz_"),
                      new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF, (byte) 0xFE}))));
      rows.add(
          row(
              "invalid UTF-8 in the scheme",
              Set.of(400, 401),
              s.rawGet(
                  "/me",
                  concat(
                      ascii("Authorization: Be"),
                      new byte[] {(byte) 0xFF},
                      ascii("rer " + good)))));
      rows.add(
          row(
              "NUL byte in the header",
              Set.of(400, 401),
              s.rawGet(
                  "/me",
                  concat(
                      ascii("Authorization: Bearer " + good.substring(0, 20)),
                      new byte[] {0},
                      ascii(good.substring(20))))));
      rows.add(
          row(
              "NUL byte after the token",
              Set.of(400, 401),
              s.rawGet("/me", concat(ascii("Authorization: Bearer " + good), new byte[] {0}))));
      rows.add(
          row(
              "1 MB Authorization header",
              TOO_LARGE,
              s.rawGet("/me", ascii("Authorization: Bearer dz_" + "A".repeat(1 << 20)))));
      rows.add(
          row(
              "1 MB of other headers",
              TOO_LARGE,
              s.rawGet(
                  "/me",
                  ascii("Authorization: Bearer " + good),
                  ascii("X-Pad: " + "B".repeat(1 << 20)))));
      rows.add(
          row(
              "wrong x-business-id",
              Set.of(403),
              s.http
                  .get("/api/v1/tokens", bearer(minted.token(), "x-business-id", "other-business"))
                  .status()));
      rows.add(
          row(
              "two x-business-id headers",
              Set.of(403),
              s.rawGet(
                  "/api/v1/tokens",
                  ascii("Authorization: Bearer " + minted.token()),
                  ascii("x-business-id: " + biz),
                  ascii("x-business-id: " + biz))));

      // Lifecycle states of real tokens.
      CreatedToken revoked = s.service.create(s.alice, CreateTokenRequest.named("revoked"));
      s.service.revoke(s.alice, revoked.record().id(), "attack corpus");
      CreatedToken suspended = s.service.create(s.alice, CreateTokenRequest.named("suspended"));
      s.service.suspend(s.alice, suspended.record().id());
      CreatedToken deleted = s.service.create(s.alice, CreateTokenRequest.named("deleted"));
      s.service.delete(s.alice, deleted.record().id());
      rows.add(
          row("revoked token", Set.of(401), s.http.get("/me", bearer(revoked.token())).status()));
      rows.add(
          row(
              "suspended token",
              Set.of(401),
              s.http.get("/me", bearer(suspended.token())).status()));
      rows.add(
          row("deleted token", Set.of(401), s.http.get("/me", bearer(deleted.token())).status()));

      long fiveXx = rows.stream().filter(r -> r.got() >= 500).count();
      List<Row> wrong = rows.stream().filter(r -> !r.expected().contains(r.got())).toList();
      long rejections = rows.stream().filter(r -> !r.expected().contains(200)).count();
      long rightRejections =
          rows.stream()
              .filter(r -> !r.expected().contains(200) && r.expected().contains(r.got()))
              .count();
      System.out.printf(
          "[dz-auth hardening] HTTP attack corpus: %d cases tried (%d controls accepted), %d/%d"
              + " rejected with the right status, %d 5xx%n",
          rows.size(), rows.size() - rejections, rightRejections, rejections, fiveXx);
      assertThat(wrong).as("cases answered with another status").isEmpty();
      assertThat(fiveXx).isZero();
      assertThat(s.http.get("/me", bearer(good)).status())
          .as("the server still serves")
          .isEqualTo(200);
    }
  }

  @Test
  void aFloodOfUnknownKidsMakesNoOutboundConnectionCachesNothingAndStaysFast() throws Exception {
    try (HardenedServer s = new HardenedServer();
        ServerSocket keyServer =
            new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      String url = "http://127.0.0.1:" + keyServer.getLocalPort() + "/keys.json";
      Instant now = Instant.now();
      assertThat(
              s.http
                  .get(
                      "/me",
                      bearer(AttackCorpus.valid(HardenedServer.ISSUER, s.hs, now, s::activate)))
                  .status())
          .isEqualTo(200);
      long cached = s.verifier.stats().size();
      long statusLookups = s.statuses.stats().hits() + s.statuses.stats().misses();
      int flood = 2_000;
      AtomicInteger refused = new AtomicInteger();
      long t0 = System.nanoTime();
      long slowest = 0;
      for (int i = 0; i < flood; i++) {
        Map<String, Object> header = Tokens.header(s.hs);
        header.put("kid", "unknown-" + i);
        if (i % 2 == 0) {
          header.put(i % 4 == 0 ? "jku" : "x5u", url);
        }
        Map<String, Object> claims =
            Tokens.claims(HardenedServer.ISSUER, now, java.time.Duration.ofHours(1));
        s.activate((String) claims.get("jti"));
        long r0 = System.nanoTime();
        int status = s.http.get("/me", bearer(Tokens.sign(s.hs, header, claims))).status();
        slowest = Math.max(slowest, System.nanoTime() - r0);
        if (status == 401) {
          refused.incrementAndGet();
        }
      }
      long millis = (System.nanoTime() - t0) / 1_000_000;
      keyServer.setSoTimeout(200);
      boolean connected;
      try {
        keyServer.accept().close();
        connected = true;
      } catch (SocketTimeoutException e) {
        connected = false;
      }
      System.out.printf(
          "[dz-auth hardening] HTTP kid flood: %d requests, %d refused (401) in %d ms (slowest %d"
              + " ms), verified cache %d -> %d, status lookups +%d, outbound connections %d%n",
          flood,
          refused.get(),
          millis,
          slowest / 1_000_000,
          cached,
          s.verifier.stats().size(),
          s.statuses.stats().hits() + s.statuses.stats().misses() - statusLookups,
          connected ? 1 : 0);
      assertThat(refused.get()).isEqualTo(flood);
      assertThat(connected).as("a connection to the jku/x5u URL").isFalse();
      assertThat(s.verifier.stats().size()).isEqualTo(cached);
      assertThat(s.statuses.stats().hits() + s.statuses.stats().misses()).isEqualTo(statusLookups);
      assertThat(millis).isLessThan(30_000);
    }
  }

  /** Jetty answers 431, or closes the connection (-1) while the client is still sending. */
  private static final Set<Integer> TOO_LARGE = Set.of(431, 400, 413, -1);

  private static Row row(String name, Set<Integer> expected, int got) {
    return new Row(name, expected, got);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
