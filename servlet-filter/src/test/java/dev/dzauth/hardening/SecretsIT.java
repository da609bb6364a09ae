package dev.dzauth.hardening;

import static dev.dzauth.servlet.testing.Http.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dzauth.DzAuthException;
import dev.dzauth.lifecycle.CreateTokenRequest;
import dev.dzauth.lifecycle.CreatedToken;
import dev.dzauth.servlet.testing.HardenedServer;
import dev.dzauth.servlet.testing.Http.Response;
import dev.dzauth.store.jdbc.JdbcTokenStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/**
 * No full token anywhere but in the create response: the test mints tokens through the API and the
 * service, drives them through success and every failure path (tampered, truncated, too long,
 * duplicated header, wrong business, suspended, revoked, deleted), then searches what the process
 * wrote to {@code System.out}/{@code System.err} (slf4j-simple's output), every exception message
 * and cause, and every column of every table of the JDBC store for each token and for each token's
 * signature segment, and the logs for the SECURITY.md gitleaks pattern.
 */
final class SecretsIT {

  private static final Pattern LEAK =
      Pattern.compile("\\bdz_eyJ[A-Za-z0-9_-]{10,}\\.eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{20,}");

  @Test
  void noMintedTokenAppearsInLogsExceptionMessagesOrTheDatabase() throws Exception {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:secrets-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
    JdbcTokenStore store = JdbcTokenStore.builder(h2).createSchemaIfMissing(true).build();
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream err = System.err;
    PrintStream out = System.out;
    List<String> tokens = new ArrayList<>();
    List<String> messages = new ArrayList<>();
    System.setErr(new PrintStream(new Tee(err, captured), true, StandardCharsets.UTF_8));
    System.setOut(new PrintStream(new Tee(out, captured), true, StandardCharsets.UTF_8));
    try (HardenedServer s = new HardenedServer(store)) {
      CreatedToken admin = s.service.create(s.alice, CreateTokenRequest.named("admin"));
      tokens.add(admin.token());
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        Response r =
            s.http.post("/api/v1/tokens", "{\"name\":\"t" + i + "\"}", bearer(admin.token()));
        assertThat(r.status()).isEqualTo(201);
        tokens.add(r.json().get("token").stringValue());
        ids.add(r.json().get("token_info").get("id").stringValue());
      }
      for (String t : tokens) {
        assertThat(s.http.get("/me", bearer(t)).status()).isEqualTo(200);
      }
      s.http.get("/api/v1/tokens", bearer(admin.token()));
      s.http.post("/api/v1/tokens/" + ids.get(0) + "/suspend", "", bearer(admin.token()));
      s.http.post(
          "/api/v1/tokens/" + ids.get(1) + "/revoke",
          "{\"reason\":\"leak test\"}",
          bearer(admin.token()));
      s.http.delete("/api/v1/tokens/" + ids.get(2), bearer(admin.token()));
      for (String t : tokens) {
        String sig = t.substring(t.lastIndexOf('.') + 1);
        List<String> variants =
            List.of(
                t,
                t + "A",
                t.substring(0, t.length() - 2),
                t.replace(sig, new StringBuilder(sig).reverse().toString()),
                "dz_" + t,
                t + "." + sig,
                t + "x".repeat(5000));
        for (String v : variants) {
          s.http.get("/me", bearer(v));
          s.http.get("/me", bearer(v, "x-business-id", "another"));
          s.http.get("/api/v1/tokens?cursor=" + v, bearer(admin.token()));
          try {
            s.verifier.verify(v);
          } catch (DzAuthException e) {
            for (Throwable c = e; c != null; c = c.getCause()) {
              messages.add(String.valueOf(c.getMessage()));
            }
          }
        }
        s.rawGet(
            "/me",
            ("Authorization: Bearer " + t).getBytes(StandardCharsets.US_ASCII),
            ("Authorization: Bearer " + t).getBytes(StandardCharsets.US_ASCII));
      }
    } finally {
      System.setErr(err);
      System.setOut(out);
    }

    List<String> cells = new ArrayList<>();
    try (Connection c = h2.getConnection();
        Statement st = c.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet rs = c.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
        while (rs.next()) {
          if (!"INFORMATION_SCHEMA".equalsIgnoreCase(rs.getString("TABLE_SCHEM"))) {
            tables.add(rs.getString("TABLE_NAME"));
          }
        }
      }
      for (String table : tables) {
        try (ResultSet rs = st.executeQuery("SELECT * FROM \"" + table + "\"")) {
          int columns = rs.getMetaData().getColumnCount();
          while (rs.next()) {
            for (int i = 1; i <= columns; i++) {
              cells.add(rs.getString(i));
            }
          }
        }
      }
    }
    String logs = captured.toString(StandardCharsets.UTF_8);
    List<String> leaks = new ArrayList<>();
    for (String t : tokens) {
      String sig = t.substring(t.lastIndexOf('.') + 1);
      if (logs.contains(sig)) {
        leaks.add("logs");
      }
      messages.stream().filter(m -> m.contains(sig)).forEach(m -> leaks.add("exception message"));
      cells.stream().filter(v -> v != null && v.contains(sig)).forEach(v -> leaks.add("database"));
    }
    long patternHits = LEAK.matcher(logs).results().count();
    System.out.printf(
        "[dz-auth hardening] secrets: %d tokens minted, searched %d KiB of logs, %d exception"
            + " messages, %d database cells: %d leaks, %d gitleaks-pattern hits in logs%n",
        tokens.size(),
        logs.length() / 1024,
        messages.size(),
        cells.size(),
        leaks.size(),
        patternHits);
    assertThat(cells).as("database cells").hasSizeGreaterThan(50);
    assertThat(messages).hasSizeGreaterThan(20);
    assertThat(leaks).isEmpty();
    assertThat(patternHits).isZero();
  }

  /** Writes to the original stream and to the capture. */
  private static final class Tee extends java.io.OutputStream {
    private final java.io.OutputStream a;
    private final java.io.OutputStream b;

    Tee(java.io.OutputStream a, java.io.OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public synchronized void write(int x) throws java.io.IOException {
      a.write(x);
      b.write(x);
    }

    @Override
    public synchronized void write(byte[] buf, int off, int len) throws java.io.IOException {
      a.write(buf, off, len);
      b.write(buf, off, len);
    }
  }
}
