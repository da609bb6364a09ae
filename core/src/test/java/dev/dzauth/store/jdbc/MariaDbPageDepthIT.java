package dev.dzauth.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dzauth.testing.Databases;
import dev.dzauth.testing.RequiresDatabase;
import dev.dzauth.testing.ScratchDatabase;
import java.util.List;

/** Page-depth timing and plans on the real MariaDB. */
@RequiresDatabase(Databases.Server.MARIADB)
final class MariaDbPageDepthIT extends PageDepthContract {

  @Override
  String database() {
    return "MariaDB";
  }

  @Override
  ScratchDatabase open() {
    return Databases.mariaDb();
  }

  @Override
  List<String> fillSql() {
    return List.of(
        "INSERT INTO dz_tokens (id, jti, name, description, token_prefix, subject, business_id,"
            + " scopes, created_by, created_at, updated_at, expires_at, last_used_at, state) SELECT"
            + " md5(concat('id', seq)), md5(concat('jti', seq)), concat('token-', seq % 997), NULL,"
            + " concat('dz_', substr(md5(concat('p', seq)), 1, 12)), IF(seq <= "
            + ROWS
            + ", 'deep', concat('other-', seq % 50)), 'biz', 'tokens:read', 'deep',"
            + " 1700000000000000 + seq * 1000000, 1700000000000000 + seq * 1000000,"
            + " IF(seq % 4 = 0, 253402300799000000, 1800000000000000 + (seq % 365) * 86400000000),"
            + " IF(seq % 3 = 0, 1750000000000000 + seq, 0), 'ACTIVE'"
            + " FROM seq_1_to_"
            + (2 * ROWS),
        "ANALYZE TABLE dz_tokens");
  }

  @Override
  String planPrefix() {
    // ANALYZE runs the query and reports the rows it really read (r_rows).
    return "ANALYZE ";
  }

  @Override
  void assertPlan(String what, List<String> plan) {
    assertThat(plan).as(what).hasSize(1);
    String row = plan.get(0);
    assertThat(row)
        .as(what)
        .contains("type=range")
        .contains("key=dz_tokens_by_")
        .doesNotContain("filesort");
    double read = Double.parseDouble(row.replaceAll(".*r_rows=([0-9.]+).*", "$1"));
    assertThat(read).as(what + ": rows read").isLessThanOrEqualTo(60);
  }
}
