package dev.dzauth.http;

import static dev.dzauth.servlet.testing.Http.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dzauth.lifecycle.Caller;
import dev.dzauth.lifecycle.CreateTokenRequest;
import dev.dzauth.lifecycle.CreatedToken;
import dev.dzauth.lifecycle.TokenService;
import dev.dzauth.servlet.testing.DemoFixture;
import dev.dzauth.servlet.testing.Http.Response;
import dev.dzauth.store.TokenRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/v1/tokens/leaks} over HTTP against the demo's shape on Jetty: live tokens of any
 * owner revoked with reason {@code reported leaked} and the reporter named, the same 200 whatever
 * the strings were, the 422s that never echo a string, the scope, the per-token rate limit and the
 * body bound.
 */
final class LeakReportsApiIT {

  private static final String JSON = "application/json";

  private static DemoFixture fx;

  @BeforeAll
  static void start() throws Exception {
    fx = new DemoFixture();
  }

  @AfterAll
  static void stop() {
    fx.close();
  }

  private static Caller owner(String subject, String business) {
    return new Caller(subject, business, Set.of(TokenApi.READ_SCOPE, TokenApi.WRITE_SCOPE));
  }

  private static CreatedToken token(Caller owner) {
    return fx.demo.service().create(owner, new CreateTokenRequest("t", null, 30, null));
  }

  /** A reporter's token in a business of its own. */
  private static CreatedToken reporter() {
    return fx.demo
        .service()
        .create(
            new Caller(
                "scanner", UUID.randomUUID().toString(), Set.of(TokenApi.REPORT_LEAKS_SCOPE)),
            CreateTokenRequest.named("scanner"));
  }

  private static Response report(String reporterToken, String body) {
    return fx.http.post(
        TokenApi.LEAKS_PATH,
        body,
        bearer(reporterToken, "Content-Type", JSON, "User-Agent", "leak-scanner/1.0"));
  }

  /** The status line of a leak report that declares {@code length} bytes and sends none. */
  private static String declaredOnly(String reporterToken, int length) {
    try (Socket socket = new Socket("127.0.0.1", fx.demo.port())) {
      socket.setSoTimeout(10_000);
      String head =
          "POST "
              + TokenApi.LEAKS_PATH
              + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
              + reporterToken
              + "\r\nContent-Type: application/json\r\nContent-Length: "
              + length
              + "\r\n\r\n";
      socket.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      byte[] line = new byte[12];
      int n = socket.getInputStream().readNBytes(line, 0, line.length);
      return new String(line, 0, n, StandardCharsets.ISO_8859_1) + " ";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String tokens(List<String> strings) {
    StringBuilder b = new StringBuilder("{\"tokens\":[");
    for (int i = 0; i < strings.size(); i++) {
      b.append(i == 0 ? "" : ",").append('"').append(strings.get(i)).append('"');
    }
    return b.append("]}").toString();
  }

  private static Map<String, String> compared(Response r) {
    Map<String, String> h = new TreeMap<>();
    r.headers()
        .map()
        .forEach(
            (name, values) -> {
              if (!name.equalsIgnoreCase("date")) {
                h.put(name.toLowerCase(java.util.Locale.ROOT), String.join(",", values));
              }
            });
    return h;
  }

  @Test
  void liveTokensOfAnyOwnerAreRevokedAndTheAnswerSaysOnlyHowManyStringsCame() {
    Caller alice = owner("alice", UUID.randomUUID().toString());
    Caller bob = owner("bob", UUID.randomUUID().toString());
    CreatedToken alices = token(alice);
    CreatedToken bobs = token(bob);
    CreatedToken revokedBefore = token(alice);
    fx.demo.service().revoke(alice, revokedBefore.record().id(), "rotated");
    CreatedToken untouched = token(alice);
    CreatedToken scanner = reporter();

    Response r =
        report(
            scanner.token(),
            tokens(
                List.of(
                    alices.token(),
                    bobs.token(),
                    revokedBefore.token(),
                    alices.token(),
                    "dz_garbage",
                    "ghp_not_ours")));

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"received\":6}");
    assertThat(r.header("Cache-Control")).isEqualTo("no-store");
    for (CreatedToken t : List.of(alices, bobs)) {
      Caller ownerOf = t == alices ? alice : bob;
      TokenRecord record = fx.demo.service().get(ownerOf, t.record().id());
      assertThat(record.revocationReason()).isEqualTo(TokenService.REPORTED_LEAKED_REASON);
      assertThat(record.revokedBy()).isEqualTo("leak-report:scanner");
      assertThat(fx.http.get("/api/v1/me", bearer(t.token())).status()).isEqualTo(401);
    }
    TokenRecord first = fx.demo.service().get(alice, revokedBefore.record().id());
    assertThat(first.revocationReason()).as("the first revocation stays").isEqualTo("rotated");
    assertThat(fx.http.get("/api/v1/me", bearer(untouched.token())).status()).isEqualTo(200);
    // The revocation's event names the reporter and where the report came from.
    var events = fx.demo.service().store();
    try {
      var last = events.events(alices.record().id(), null, 10);
      assertThat(last.get(last.size() - 1).userAgent()).isEqualTo("leak-scanner/1.0");
      assertThat(last.get(last.size() - 1).clientIp()).isEqualTo("127.0.0.1");
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aReportOfLiveTokensAndOneOfGarbageGetTheSameAnswer() {
    Caller alice = owner("alice", UUID.randomUUID().toString());
    List<String> live = new ArrayList<>();
    List<String> garbage = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      live.add(token(alice).token());
      garbage.add("dz_" + "x".repeat(i + 10));
    }
    Response ofLive = report(reporter().token(), tokens(live));
    Response ofGarbage = report(reporter().token(), tokens(garbage));

    assertThat(ofLive.status()).isEqualTo(ofGarbage.status()).isEqualTo(200);
    assertThat(ofLive.body()).isEqualTo(ofGarbage.body()).isEqualTo("{\"received\":3}");
    assertThat(compared(ofLive)).isEqualTo(compared(ofGarbage));
  }

  @Test
  void invalidBodiesAre422sThatNeverEchoAString() {
    String scanner = reporter().token();
    String secret = token(owner("alice", UUID.randomUUID().toString())).token();
    Map<String, String> cases = new java.util.LinkedHashMap<>();
    cases.put(
        "",
        "[{\"type\":\"missing\",\"loc\":[\"body\"],\"msg\":\"Field required\",\"input\":null}]");
    cases.put(
        "[\"" + secret + "\"]",
        "[{\"type\":\"model_attributes_type\",\"loc\":[\"body\"],\"msg\":\"Input should be a valid"
            + " dictionary or object to extract fields from\",\"input\":null}]");
    cases.put(
        "{\"token\":[\"" + secret + "\"]}",
        "[{\"type\":\"missing\",\"loc\":[\"body\",\"tokens\"],\"msg\":\"Field required\","
            + "\"input\":null}]");
    cases.put(
        "{\"tokens\":\"" + secret + "\"}",
        "[{\"type\":\"list_type\",\"loc\":[\"body\",\"tokens\"],\"msg\":\"Input should be a valid"
            + " list\",\"input\":null}]");
    cases.put(
        "{\"tokens\":[]}",
        "[{\"type\":\"too_short\",\"loc\":[\"body\",\"tokens\"],\"msg\":\"List should have at least"
            + " 1 item after validation, not 0\",\"input\":null,\"ctx\":{\"field_type\":\"List\","
            + "\"min_length\":1,\"actual_length\":0}}]");
    cases.put(
        "{\"tokens\":[\"" + secret + "\",5]}",
        "[{\"type\":\"string_type\",\"loc\":[\"body\",\"tokens\",1],\"msg\":\"Input should be a"
            + " valid string\",\"input\":null}]");
    cases.put(
        "{\"tokens\":[\"" + secret + "x".repeat(4096) + "\"]}",
        "[{\"type\":\"string_too_long\",\"loc\":[\"body\",\"tokens\",0],\"msg\":\"String should"
            + " have at most 4096 characters\",\"input\":null,\"ctx\":{\"max_length\":4096}}]");
    cases.put(
        "{\"tokens\":[" + secret + "]}",
        "[{\"type\":\"json_invalid\",\"loc\":[\"body\",11],\"msg\":\"JSON decode error\","
            + "\"input\":{},\"ctx\":{\"error\":\"Invalid JSON\"}}]");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      Response r = report(scanner, c.getKey());
      assertThat(r.status()).as(c.getKey()).isEqualTo(422);
      assertThat(r.body()).as(c.getKey()).isEqualTo("{\"detail\":" + c.getValue() + "}");
      assertThat(r.body()).doesNotContain(secret.substring(3, 40));
    }
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 1001; i++) {
      many.add("dz_" + i);
    }
    Response tooMany = report(reporter().token(), tokens(many));
    assertThat(tooMany.status()).isEqualTo(422);
    assertThat(tooMany.body())
        .isEqualTo(
            "{\"detail\":[{\"type\":\"too_long\",\"loc\":[\"body\",\"tokens\"],\"msg\":\"List"
                + " should have at most 1000 items after validation, not 1001\",\"input\":null,"
                + "\"ctx\":{\"field_type\":\"List\",\"max_length\":1000,\"actual_length\":1001}}]}");
    // None of those revoked the token whose string they carried.
    assertThat(fx.http.get("/api/v1/me", bearer(secret)).status()).isEqualTo(200);
  }

  @Test
  void theReporterNeedsTheScope() {
    CreatedToken plain = token(owner("alice", UUID.randomUUID().toString()));
    Response r = report(plain.token(), tokens(List.of(plain.token())));
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.header("WWW-Authenticate")).contains("scope=\"tokens:report-leaks\"");
    assertThat(fx.http.get("/api/v1/me", bearer(plain.token())).status()).isEqualTo(200);
    Response anonymous =
        fx.http.post(TokenApi.LEAKS_PATH, tokens(List.of("dz_x")), "Content-Type", JSON);
    assertThat(anonymous.status()).isEqualTo(401);
    // Other methods are the token routes': there is no token "leaks".
    assertThat(fx.http.get(TokenApi.LEAKS_PATH, bearer(plain.token())).status()).isEqualTo(404);
  }

  @Test
  void eachReportingTokenIsRateLimited() {
    CreatedToken scanner = reporter();
    for (int i = 0; i < TokenApi.DEFAULT_LEAK_REPORTS_PER_MINUTE; i++) {
      assertThat(report(scanner.token(), tokens(List.of("dz_" + i))).status()).isEqualTo(200);
    }
    Response limited = report(scanner.token(), tokens(List.of("dz_x")));
    assertThat(limited.status()).isEqualTo(429);
    assertThat(Integer.parseInt(limited.header("Retry-After"))).isBetween(1, 6);
    assertThat(limited.body())
        .isEqualTo("{\"detail\":\"Rate limit exceeded: 10 leak reports per minute\"}");
    // An invalid body counts too, and another reporting token has its own bucket.
    assertThat(report(scanner.token(), "[]").status()).isEqualTo(429);
    assertThat(report(reporter().token(), tokens(List.of("dz_x"))).status()).isEqualTo(200);
  }

  @Test
  void aThousandTokensFitTheRoutesBodyBoundAndMoreThanAMebibyteIs413() {
    Caller alice = owner("alice", UUID.randomUUID().toString());
    CreatedToken live = token(alice);
    List<String> thousand = new ArrayList<>();
    thousand.add(live.token());
    for (int i = 1; i < 1000; i++) {
      thousand.add("dz_" + "y".repeat(1000) + i);
    }
    String body = tokens(thousand);
    assertThat(body.length()).isGreaterThan(TokenApi.DEFAULT_MAX_BODY_BYTES);
    Response r = report(reporter().token(), body);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"received\":1000}");
    assertThat(fx.http.get("/api/v1/me", bearer(live.token())).status()).isEqualTo(401);

    // Declared beyond the route's bound: 413 before any of it is read.
    assertThat(declaredOnly(reporter().token(), TokenApi.LEAK_REPORT_MAX_BODY_BYTES + 1))
        .startsWith("HTTP/1.1 413 ");
    // Every other route keeps the API's own bound.
    String bigCreate = "{\"name\":\"" + "n".repeat(TokenApi.DEFAULT_MAX_BODY_BYTES) + "\"}";
    assertThat(
            fx.http
                .post(
                    TokenApi.TOKENS_PATH,
                    bigCreate,
                    bearer(fx.demo.bootstrapToken(), "Content-Type", JSON))
                .status())
        .isEqualTo(413);
  }
}
