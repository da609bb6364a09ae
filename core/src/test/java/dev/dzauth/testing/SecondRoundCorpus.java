package dev.dzauth.testing;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The second hardening round's black-box attacks (issue 13), over raw sockets against any server of
 * the API (the demo, the Spring sample on Tomcat or Jetty): a token with its letter case changed on
 * a keep-alive connection, token ids that no store can hold, bodies that never fully arrive, and
 * requests the container itself refuses. Each row says what was expected and what came back; {@link
 * #summary} prints the figures.
 */
public final class SecondRoundCorpus {

  /** One attack: the statuses it may get, what it got (-1: closed without an answer), and how. */
  public record Row(
      String name, Set<Integer> expected, int got, boolean jsonDetail, boolean serverHeader) {
    public boolean asExpected() {
      return expected.contains(got);
    }
  }

  private SecondRoundCorpus() {}

  /**
   * Runs every attack against {@code 127.0.0.1:port}; {@code token} has tokens:read and
   * tokens:write.
   */
  public static List<Row> run(int port, String token) throws IOException {
    List<Row> rows = new ArrayList<>();
    try (RawHttpConnection c = new RawHttpConnection(port)) {
      rows.add(row("control: the token", Set.of(200), c.get("/api/v1/me", bearer(token))));
      for (Map.Entry<String, String> v : CaseVariants.of(token).entrySet()) {
        rows.add(
            row(
                "keep-alive: " + v.getKey(),
                Set.of(401),
                c.get("/api/v1/me", bearer(v.getValue()))));
      }
    }
    try (RawHttpConnection c = new RawHttpConnection(port)) {
      rows.add(
          row(
              "fresh connection: Bearer dz_",
              Set.of(401),
              c.get("/api/v1/me", "Authorization: Bearer dz_")));
      rows.add(row("fresh connection: control", Set.of(200), c.get("/api/v1/me", bearer(token))));
      for (Map.Entry<String, String> v : CaseVariants.of(token).entrySet()) {
        rows.add(
            row(
                "fresh connection: " + v.getKey(),
                Set.of(401),
                c.get("/api/v1/me", bearer(v.getValue()))));
      }
      rows.add(row("id %C3%A9", Set.of(404), c.get("/api/v1/tokens/%C3%A9", bearer(token))));
      rows.add(
          row(
              "id with a trailing space",
              Set.of(404),
              c.get("/api/v1/tokens/" + UUID.randomUUID() + "%20", bearer(token))));
    }
    String partial =
        "POST /api/v1/tokens HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + bearer(token)
            + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"name\":\"";
    rows.add(raw(port, "stalled body", Set.of(408), partial, false));
    rows.add(raw(port, "short body, then end of stream", Set.of(400, -1), partial, true));
    String big = "a".repeat(20_000);
    rows.add(raw(port, "container: bad request line", Set.of(400), "GARBAGE\r\n\r\n", false));
    rows.add(
        raw(
            port,
            "container: bad URI",
            Set.of(400),
            "GET /%zz HTTP/1.1\r\nHost: x\r\n\r\n",
            false));
    rows.add(
        raw(
            port,
            "container: URI too long",
            Set.of(414, 400),
            "GET /" + big + " HTTP/1.1\r\nHost: x\r\n\r\n",
            false));
    rows.add(
        raw(
            port,
            "container: header too large",
            Set.of(431, 400),
            "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + big + "\r\n\r\n",
            false));
    rows.add(
        raw(
            port,
            "container: HTTP/1.7",
            Set.of(505, 400),
            "GET / HTTP/1.7\r\nHost: x\r\n\r\n",
            false));
    return rows;
  }

  /** {@code [dz-auth hardening] second round on <where>: …} */
  public static String summary(String where, List<Row> rows) {
    long controls = rows.stream().filter(r -> r.expected().contains(200)).count();
    long attacks = rows.size() - controls;
    long right = rows.stream().filter(r -> !r.expected().contains(200) && r.asExpected()).count();
    long fiveXx =
        rows.stream().filter(r -> r.got() >= 500 && !r.expected().contains(r.got())).count();
    List<Row> container = rows.stream().filter(r -> r.name().startsWith("container:")).toList();
    long json = container.stream().filter(Row::jsonDetail).count();
    long server = rows.stream().filter(Row::serverHeader).count();
    return String.format(
        "[dz-auth hardening] second round on %s: %d cases (%d controls accepted), %d/%d attacks"
            + " answered as expected, %d unexpected 5xx, container errors as {\"detail\"} JSON"
            + " %d/%d, Server header on %d answers",
        where, rows.size(), controls, right, attacks, fiveXx, json, container.size(), server);
  }

  private static String bearer(String token) {
    return "Authorization: Bearer " + token;
  }

  private static Row row(String name, Set<Integer> expected, RawHttpConnection.Response r) {
    return new Row(name, expected, r.status(), isJsonDetail(r), r.headers().containsKey("server"));
  }

  private static Row raw(
      int port, String name, Set<Integer> expected, String request, boolean halfClose)
      throws IOException {
    try (RawHttpConnection c = new RawHttpConnection(port)) {
      c.send(request.getBytes(StandardCharsets.ISO_8859_1));
      if (halfClose) {
        c.shutdownOutput();
      }
      return row(name, expected, c.read());
    } catch (EOFException | SocketException closed) {
      return new Row(name, expected, -1, false, false);
    }
  }

  private static boolean isJsonDetail(RawHttpConnection.Response r) {
    String type = r.headers().getOrDefault("content-type", "");
    return type.startsWith("application/json") && r.body().startsWith("{\"detail\":");
  }
}
