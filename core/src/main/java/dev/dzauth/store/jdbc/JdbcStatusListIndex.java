package dev.dzauth.store.jdbc;

import dev.dzauth.status.OwnerScope;
import dev.dzauth.status.StatusListEntry;
import dev.dzauth.status.StatusListIndex;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * A {@link StatusListIndex} in the database of a {@link JdbcTokenStore} (PostgreSQL, MariaDB/MySQL,
 * H2), with the store's table prefix, dialect and query timeout. Many instances may share it.
 *
 * <ul>
 *   <li>Tables ({@code dev/dzauth/store/jdbc/<dialect>/status_lists.sql}, created by {@link
 *       #createSchemaIfMissing()}): {@code <prefix>status_list_alloc} (one row: the list being
 *       filled, its size and next index), {@code <prefix>status_lists} (every list begun, with its
 *       size) and {@code <prefix>status_list_entries} (one row per token: {@code pos} = list × 2^32
 *       + index, {@code jti}, owner, time).
 *   <li>{@link #allocate} is one transaction that locks the allocation row until it commits, then
 *       writes it and the entry: indexes are dense and unique across instances; a failed
 *       transaction allocates nothing.
 *   <li>{@link #entriesToCheck} joins the store's {@code <prefix>tokens} and {@code
 *       <prefix>owner_changes}: it leaves out the entries of tokens whose own row is {@code
 *       ACTIVE}, never rolled, and whose owner has no owner-level change, which are valid in
 *       effect; so building a list looks up only the others (and the entries with no row yet).
 *   <li>Every statement is prepared from fixed SQL and runs with the store's query timeout; {@link
 *       #entries} asks 100 jtis per query.
 * </ul>
 *
 * <p>Thread-safe (a connection per call). Failures are {@link SQLException}s.
 */
public final class JdbcStatusListIndex implements StatusListIndex {

  private static final int BATCH = 100;

  private final DataSource dataSource;
  private final JdbcDialect dialect;
  private final String prefix;
  private final int queryTimeoutSeconds;
  private final int listSize;
  private final Clock clock;
  private final String alloc;
  private final String lists;
  private final String entries;

  private JdbcStatusListIndex(Builder b) {
    this.dataSource = b.store.dataSource;
    this.dialect = b.store.dialect();
    this.prefix = b.store.tablePrefix();
    this.queryTimeoutSeconds = (int) Math.max(1, (b.store.queryTimeout().toMillis() + 999) / 1000);
    this.listSize = b.listSize;
    this.clock = b.clock;
    this.alloc = prefix + "status_list_alloc";
    this.lists = prefix + "status_lists";
    this.entries = prefix + "status_list_entries";
  }

  /** A builder for the index in the database of {@code store}, with its prefix and timeout. */
  public static Builder builder(JdbcTokenStore store) {
    return new Builder(store);
  }

  /** Creates the index's tables and indexes that are missing (idempotent). */
  public void createSchemaIfMissing() throws SQLException {
    String resource = dialect.schemaResource().replace("schema.sql", "status_lists.sql");
    String ddl = load(resource).replace("${prefix}", prefix);
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.setQueryTimeout(Math.max(queryTimeoutSeconds, 30));
      for (String sql : JdbcTokenStore.statements(ddl)) {
        s.execute(sql);
      }
      if (!c.getAutoCommit()) {
        c.commit();
      }
    }
  }

  @Override
  public StatusListEntry allocate(String jti, String subject, String businessId)
      throws SQLException {
    Objects.requireNonNull(jti, "jti");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(businessId, "businessId");
    long now = JdbcTokenStore.micros(clock.instant());
    try (Connection c = dataSource.getConnection()) {
      boolean auto = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        int list;
        int size;
        int next;
        try (PreparedStatement ps =
                prepare(
                    c,
                    "SELECT list_no, list_size, next_idx FROM "
                        + alloc
                        + " WHERE id = 1 FOR UPDATE");
            ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            throw new IllegalStateException(
                "table " + alloc + " has no allocation row; create the schema first");
          }
          list = rs.getInt(1);
          size = rs.getInt(2);
          next = rs.getInt(3);
        }
        if (list == 0 || next >= size) {
          list++;
          size = listSize;
          next = 0;
          try (PreparedStatement ps =
              prepare(
                  c,
                  "INSERT INTO " + lists + " (list_no, list_size, created_at) VALUES (?, ?, ?)")) {
            ps.setInt(1, list);
            ps.setInt(2, size);
            ps.setLong(3, now);
            ps.executeUpdate();
          }
        }
        StatusListEntry entry = new StatusListEntry(jti, list, next);
        try (PreparedStatement ps =
            prepare(
                c,
                "UPDATE " + alloc + " SET list_no = ?, list_size = ?, next_idx = ? WHERE id = 1")) {
          ps.setInt(1, list);
          ps.setInt(2, size);
          ps.setInt(3, next + 1);
          ps.executeUpdate();
        }
        try (PreparedStatement ps =
            prepare(
                c,
                "INSERT INTO "
                    + entries
                    + " (pos, jti, business_id, subject, allocated_at) VALUES (?, ?, ?, ?, ?)")) {
          ps.setLong(1, entry.position());
          ps.setString(2, jti);
          ps.setString(3, businessId);
          ps.setString(4, subject);
          ps.setLong(5, now);
          ps.executeUpdate();
        }
        c.commit();
        return entry;
      } catch (SQLException | RuntimeException e) {
        try {
          c.rollback();
        } catch (SQLException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      } finally {
        try {
          c.setAutoCommit(auto);
        } catch (SQLException ignored) {
          // the connection is broken; the pool discards it
        }
      }
    }
  }

  @Override
  public Map<String, StatusListEntry> entries(Collection<String> jtis) throws SQLException {
    List<String> asked = new ArrayList<>(jtis.size());
    for (String jti : jtis) {
      if (storable(jti)) {
        asked.add(jti);
      }
    }
    Map<String, StatusListEntry> out = new HashMap<>(asked.size() * 2);
    if (asked.isEmpty()) {
      return out;
    }
    try (Connection c = dataSource.getConnection()) {
      for (int from = 0; from < asked.size(); from += BATCH) {
        List<String> chunk = asked.subList(from, Math.min(asked.size(), from + BATCH));
        String sql =
            "SELECT pos, jti FROM "
                + entries
                + " WHERE jti IN (?"
                + ", ?".repeat(chunk.size() - 1)
                + ")";
        try (PreparedStatement ps = prepare(c, sql)) {
          int i = 1;
          for (String jti : chunk) {
            ps.setString(i++, jti);
          }
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              StatusListEntry e = entry(rs.getLong(1), rs.getString(2));
              out.put(e.jti(), e);
            }
          }
        }
      }
    }
    return out;
  }

  @Override
  public List<StatusListEntry> entriesOf(OwnerScope owner, long afterPosition, int limit)
      throws SQLException {
    String subject = owner.subject();
    String sql =
        "SELECT pos, jti FROM "
            + entries
            + " WHERE business_id = ?"
            + (subject == null ? "" : " AND subject = ?")
            + " AND pos > ? ORDER BY pos LIMIT ?";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = prepare(c, sql)) {
      int i = 1;
      ps.setString(i++, owner.businessId());
      if (subject != null) {
        ps.setString(i++, subject);
      }
      ps.setLong(i++, afterPosition);
      ps.setInt(i, limit);
      return read(ps);
    }
  }

  @Override
  public List<StatusListEntry> entriesIn(int list, int afterIndex, int limit) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            prepare(
                c,
                "SELECT pos, jti FROM "
                    + entries
                    + " WHERE pos > ? AND pos < ? ORDER BY pos LIMIT ?")) {
      ps.setLong(1, StatusListEntry.position(list, 0) + afterIndex);
      ps.setLong(2, StatusListEntry.position(list + 1, 0));
      ps.setInt(3, limit);
      return read(ps);
    }
  }

  @Override
  public List<StatusListEntry> entriesToCheck(int list, int afterIndex, int limit)
      throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            prepare(
                c,
                "SELECT e.pos, e.jti FROM "
                    + entries
                    + " e LEFT JOIN "
                    + prefix
                    + "tokens t ON t.jti = e.jti WHERE e.pos > ? AND e.pos < ? AND (t.jti IS NULL"
                    + " OR t.state <> 'ACTIVE' OR t.rolled_to IS NOT NULL OR EXISTS (SELECT 1 FROM "
                    + prefix
                    + "owner_changes o WHERE o.business_id = t.business_id AND (o.subject = ''"
                    + " OR o.subject = t.subject))) ORDER BY e.pos LIMIT ?")) {
      ps.setLong(1, StatusListEntry.position(list, 0) + afterIndex);
      ps.setLong(2, StatusListEntry.position(list + 1, 0));
      ps.setInt(3, limit);
      return read(ps);
    }
  }

  @Override
  public List<ListInfo> lists() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      int current;
      int next;
      try (PreparedStatement ps =
              prepare(c, "SELECT list_no, next_idx FROM " + alloc + " WHERE id = 1");
          ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return List.of();
        }
        current = rs.getInt(1);
        next = rs.getInt(2);
      }
      List<ListInfo> out = new ArrayList<>();
      try (PreparedStatement ps =
          prepare(
              c,
              "SELECT list_no, list_size FROM "
                  + lists
                  + " WHERE list_no <= ? ORDER BY list_no"); ) {
        ps.setInt(1, current);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            int n = rs.getInt(1);
            int size = rs.getInt(2);
            out.add(new ListInfo(n, size, n == current ? Math.min(next, size) : size));
          }
        }
      }
      return out;
    }
  }

  @Override
  public int listSize() {
    return listSize;
  }

  private List<StatusListEntry> read(PreparedStatement ps) throws SQLException {
    List<StatusListEntry> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(entry(rs.getLong(1), rs.getString(2)));
      }
    }
    return out;
  }

  private static StatusListEntry entry(long pos, String jti) {
    return new StatusListEntry(jti, (int) (pos >>> 32), (int) (pos & 0xFFFF_FFFFL));
  }

  private PreparedStatement prepare(Connection c, String sql) throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    ps.setQueryTimeout(queryTimeoutSeconds);
    return ps;
  }

  /** Whether {@code jti} could be stored (1 to 64 printable ASCII characters). */
  private static boolean storable(String jti) {
    if (jti.isEmpty() || jti.length() > 64) {
      return false;
    }
    for (int i = 0; i < jti.length(); i++) {
      char ch = jti.charAt(i);
      if (ch < 0x20 || ch > 0x7E) {
        return false;
      }
    }
    return true;
  }

  private static String load(String resource) {
    try (InputStream in = JdbcStatusListIndex.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + resource, e);
    }
  }

  @Override
  public String toString() {
    return "JdbcStatusListIndex{" + dialect + ", prefix=" + prefix + ", listSize=" + listSize + "}";
  }

  /** Configures a {@link JdbcStatusListIndex}. */
  public static final class Builder {
    private final JdbcTokenStore store;
    private int listSize = DEFAULT_LIST_SIZE;
    private boolean createSchemaIfMissing;
    private Clock clock = Clock.systemUTC();

    private Builder(JdbcTokenStore store) {
      this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * The size new lists are begun with; default {@link StatusListIndex#DEFAULT_LIST_SIZE}, 1 to
     * {@link StatusListIndex#MAX_LIST_SIZE}. Lists begun before keep theirs.
     */
    public Builder listSize(int listSize) {
      this.listSize = StatusListIndex.checkListSize(listSize);
      return this;
    }

    /** Whether {@link #build()} creates the missing tables and indexes; default false. */
    public Builder createSchemaIfMissing(boolean create) {
      this.createSchemaIfMissing = create;
      return this;
    }

    /** The clock of {@code allocated_at}; default the system UTC clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Builds the index.
     *
     * @throws SQLException when creating the schema fails
     */
    public JdbcStatusListIndex build() throws SQLException {
      JdbcStatusListIndex index = new JdbcStatusListIndex(this);
      if (createSchemaIfMissing) {
        index.createSchemaIfMissing();
      }
      return index;
    }
  }
}
