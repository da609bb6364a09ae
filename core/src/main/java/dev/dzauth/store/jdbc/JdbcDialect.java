package dev.dzauth.store.jdbc;

import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Locale;

/**
 * The databases {@link JdbcTokenStore} speaks to. Each has its schema in {@code
 * dev/dzauth/store/jdbc/<dialect>/schema.sql}.
 */
public enum JdbcDialect {
  /** PostgreSQL 12 or newer. */
  POSTGRESQL("postgresql", true, ""),
  /** MariaDB 10.5 or newer, or MySQL 8 (InnoDB). */
  MARIADB("mariadb", false, " FORCE INDEX "),
  /** H2 2.x, the embedded default. */
  H2("h2", false, " USE INDEX ");

  private final String resourceName;
  private final boolean rowValueKeyset;
  private final String indexHint;

  JdbcDialect(String resourceName, boolean rowValueKeyset, String indexHint) {
    this.resourceName = resourceName;
    this.rowValueKeyset = rowValueKeyset;
    this.indexHint = indexHint;
  }

  /**
   * The dialect of the database {@code metaData} describes, from its product name.
   *
   * @throws IllegalArgumentException for a database with no dialect here
   */
  public static JdbcDialect detect(DatabaseMetaData metaData) throws SQLException {
    String product = metaData.getDatabaseProductName();
    String p = product == null ? "" : product.toLowerCase(Locale.ROOT);
    if (p.contains("postgres")) {
      return POSTGRESQL;
    }
    if (p.contains("mariadb") || p.contains("mysql")) {
      return MARIADB;
    }
    if (p.equals("h2")) {
      return H2;
    }
    throw new IllegalArgumentException(
        "no dz-auth dialect for database '" + product + "'; set JdbcTokenStore.Builder.dialect");
  }

  /** The classpath resource holding this dialect's schema DDL. */
  public String schemaResource() {
    return "/dev/dzauth/store/jdbc/" + resourceName + "/schema.sql";
  }

  /**
   * The keyset condition "(key, id) after (?, ?)" with {@code op} {@code >} or {@code <}.
   * PostgreSQL gets a row-value comparison, which it turns into an index range; the others get the
   * expanded form with a leading {@code key >= ?} (or {@code <=}) so their range optimizer has a
   * bound to seek to. Parameters: the key once (row values) or three times, then the id.
   */
  String keysetCondition(String column, String op) {
    if (rowValueKeyset) {
      return "(" + column + ", id) " + op + " (?, ?)";
    }
    return column
        + " "
        + op
        + "= ? AND ("
        + column
        + " "
        + op
        + " ? OR ("
        + column
        + " = ? AND id "
        + op
        + " ?))";
  }

  /**
   * The table of a page query, with the sort's index named where the optimizer needs telling:
   * MariaDB otherwise picks a {@code ref} scan on the owner columns for a position in the middle of
   * a long list and reads every row before it; H2 gets the same hint. PostgreSQL needs none.
   */
  String pageTable(String table, String index) {
    return indexHint.isEmpty() ? table : table + indexHint + "(" + index + ")";
  }

  /**
   * Whether {@code e} (or an exception chained to it) is a unique-key violation: SQLState {@code
   * 23505} (PostgreSQL, H2), or {@code 23000} with vendor code 1062 ({@code ER_DUP_ENTRY}) or 1586
   * ({@code ER_DUP_ENTRY_WITH_KEY_NAME}) on MariaDB/MySQL, whose class 23 state covers every
   * integrity violation. By SQLState and vendor code, never by the message text.
   */
  boolean isDuplicateKey(SQLException e) {
    for (SQLException x = e; x != null; x = x.getNextException()) {
      String state = x.getSQLState();
      if ("23505".equals(state)) {
        return true;
      }
      if (this == MARIADB
          && "23000".equals(state)
          && (x.getErrorCode() == 1062 || x.getErrorCode() == 1586)) {
        return true;
      }
      if (x.getNextException() == x) {
        break;
      }
    }
    return false;
  }

  /** How many times the key is bound in {@link #keysetCondition}. */
  int keysetKeyParameters() {
    return rowValueKeyset ? 1 : 3;
  }
}
