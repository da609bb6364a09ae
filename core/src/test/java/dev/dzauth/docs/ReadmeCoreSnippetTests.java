package dev.dzauth.docs;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.dzauth.store.jdbc.JdbcTokenStore;
import dev.dzauth.testing.JavaSnippets;
import dev.dzauth.testing.JavaSnippets.Given;
import dev.dzauth.token.KeySet;
import dev.dzauth.token.SignatureAlgorithm;
import dev.dzauth.token.TokenKey;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** The README's core snippets compile and run as pasted. */
public class ReadmeCoreSnippetTests {

  private static final Path README = Path.of("..", "README.md");

  @Test
  void mintAndVerify() throws Exception {
    JavaSnippets.run(
        JavaSnippets.containing(README, "CreateTokenRequest.named(\"ci\")"),
        JavaSnippets.coreImports(),
        List.of());
  }

  /** Where the lifecycle snippet sends events. */
  public interface Webhooks {
    void send(dev.dzauth.store.TokenEvent event);
  }

  @Test
  void theLifecycleInCode() throws Exception {
    List<dev.dzauth.store.TokenEvent> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
    Webhooks webhooks = sent::add;
    JavaSnippets.run(
        JavaSnippets.containing(README, "RolledToken rolled = dz.service().roll("),
        JavaSnippets.coreImports(),
        List.of(
            new Given(Webhooks.class.getName().replace('$', '.'), "webhooks", webhooks),
            new Given(
                KeySet.class.getName(),
                "keys",
                KeySet.of(TokenKey.generate(SignatureAlgorithm.ES256, "k1")))));
  }

  @Test
  void oneAssemblyOverAJdbcStore() throws Exception {
    HikariConfig pool = new HikariConfig();
    pool.setJdbcUrl("jdbc:h2:mem:readme-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    HikariDataSource dataSource = new HikariDataSource(pool); // the snippet closes it
    KeySet keySet = KeySet.of(TokenKey.generate(SignatureAlgorithm.ES256, "k1"));
    JavaSnippets.run(
        JavaSnippets.containing(
            README, "DzAuth dz = DzAuth.builder(\"https://auth.example.com\", keySet)"),
        JavaSnippets.coreImports(),
        List.of(
            new Given("javax.sql.DataSource & AutoCloseable", "dataSource", dataSource),
            new Given(KeySet.class.getName(), "keySet", keySet)));
  }

  @Test
  void statusListsAndAVerifyOnlyService() throws Exception {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:readme-lists-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    JdbcTokenStore store = JdbcTokenStore.builder(h2).createSchemaIfMissing(true).build();
    KeySet keySet = KeySet.of(TokenKey.generate(SignatureAlgorithm.ES256, "k1"));
    JavaSnippets.run(
        JavaSnippets.containing(README, ".statusLists(\"https://auth.example.com/statuslists\")"),
        JavaSnippets.coreImports(),
        List.of(
            new Given(JdbcTokenStore.class.getName(), "store", store),
            new Given(KeySet.class.getName(), "keySet", keySet)));
  }
}
