package dev.dzauth.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dzauth.testing.Databases;
import dev.dzauth.testing.RequiresDatabase;
import dev.dzauth.testing.ScratchDatabase;
import java.util.List;

/** Page-depth timing and plans on the real PostgreSQL. */
@RequiresDatabase(Databases.Server.POSTGRESQL)
final class PostgresPageDepthIT extends PageDepthContract {

  @Override
  String database() {
    return "PostgreSQL";
  }

  @Override
  ScratchDatabase open() {
    return Databases.postgres();
  }

  @Override
  List<String> fillSql() {
    return List.of(
        "INSERT INTO dz_tokens (id, jti, name, description, token_prefix, subject, business_id,"
            + " scopes, created_by, created_at, updated_at, expires_at, last_used_at, state) SELECT"
            + " md5('id' || g)::uuid::text, md5('jti' || g)::uuid::text, 'token-' || (g % 997),"
            + " NULL, 'dz_' || substr(md5('p' || g), 1, 12), CASE WHEN g <= "
            + ROWS
            + " THEN 'deep' ELSE 'other-' || (g % 50) END, 'biz', 'tokens:read', 'deep',"
            + " 1700000000000000 + g * 1000000, 1700000000000000 + g * 1000000, CASE WHEN g % 4 = 0"
            + " THEN 253402300799000000 ELSE 1800000000000000 + (g % 365) * 86400000000 END, CASE"
            + " WHEN g % 3 = 0 THEN 1750000000000000 + g ELSE 0 END, 'ACTIVE' FROM"
            + " generate_series(1::bigint, "
            + (2 * ROWS)
            + ") AS g",
        "ANALYZE dz_tokens");
  }

  @Override
  String planPrefix() {
    return "EXPLAIN ";
  }

  @Override
  void assertPlan(String what, List<String> plan) {
    // Index Cond holds the row-value bound: the scan starts at the position.
    assertThat(String.join("\n", plan))
        .as(what)
        .contains("Index Scan")
        .contains("dz_tokens_by_")
        .contains("Index Cond")
        .doesNotContain("Sort")
        .doesNotContain("Seq Scan");
  }
}
