package dev.dzauth.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** The duplicate-key failure of each dialect, told by SQLState and vendor code, not by message. */
final class DuplicateKeyTests {

  @Test
  void uniqueViolationOfPostgresAndH2IsADuplicate() {
    assertThat(JdbcDialect.POSTGRESQL.isDuplicateKey(new SQLException("x", "23505"))).isTrue();
    assertThat(JdbcDialect.H2.isDuplicateKey(new SQLException("x", "23505", 23505))).isTrue();
  }

  @Test
  void otherIntegrityViolationsAreNot() {
    assertThat(JdbcDialect.POSTGRESQL.isDuplicateKey(new SQLException("x", "23502"))).isFalse();
    assertThat(JdbcDialect.MARIADB.isDuplicateKey(new SQLException("x", "23000", 1048))).isFalse();
    assertThat(JdbcDialect.POSTGRESQL.isDuplicateKey(new SQLException("Duplicate entry")))
        .isFalse();
  }

  @Test
  void mariaDbDuplicateEntryIsTheVendorCodeOfClass23() {
    assertThat(JdbcDialect.MARIADB.isDuplicateKey(new SQLException("x", "23000", 1062))).isTrue();
    assertThat(JdbcDialect.MARIADB.isDuplicateKey(new SQLException("x", "23000", 1586))).isTrue();
  }

  @Test
  void aChainedDuplicateIsFound() {
    SQLException batch = new SQLException("batch failed", "08006");
    batch.setNextException(new SQLException("x", "23505"));
    assertThat(JdbcDialect.POSTGRESQL.isDuplicateKey(batch)).isTrue();
  }
}
