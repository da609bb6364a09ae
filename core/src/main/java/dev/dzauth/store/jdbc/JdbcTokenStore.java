package dev.dzauth.store.jdbc;

import dev.dzauth.status.FeedEntry;
import dev.dzauth.status.OwnerAction;
import dev.dzauth.status.OwnerChange;
import dev.dzauth.status.OwnerScope;
import dev.dzauth.status.StatusChange;
import dev.dzauth.status.TokenStatus;
import dev.dzauth.status.VersionedStatus;
import dev.dzauth.store.ChangeOrigin;
import dev.dzauth.store.DuplicateRecordException;
import dev.dzauth.store.OwnerHistory;
import dev.dzauth.store.SortField;
import dev.dzauth.store.TokenEvent;
import dev.dzauth.store.TokenRecord;
import dev.dzauth.store.TokenStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * A {@link TokenStore} on a JDBC {@link DataSource}: PostgreSQL, MariaDB/MySQL or H2 (see {@link
 * JdbcDialect}). Many service instances may share one database.
 *
 * <ul>
 *   <li>Every statement is prepared from fixed SQL (the table prefix is validated against {@value
 *       #PREFIX_PATTERN}) and runs with the configured query timeout (default 2 s).
 *   <li>Times are stored as epoch microseconds (UTC) in {@code BIGINT} columns; a token that never
 *       expires is stored with {@link SortField#NEVER}, one never used with {@code 0}, so every
 *       sort key is non-null and keyset pages are index range scans whatever their depth.
 *   <li>Every change ({@link #revoke}, {@link #transition}, {@link #roll}, {@link #changeOwner}) is
 *       one transaction that first locks the one-row feed counter (held until commit), reads the
 *       record as in effect, and, when it changes something, takes the next sequence, writes the
 *       row (its {@code status_version}) and appends the feed entry. So sequences are gap-free,
 *       become visible in commit order, a reader of {@link #changesSince} never skips one, and
 *       every decision sees every change committed before it. On PostgreSQL the same transaction
 *       sends {@code NOTIFY} on {@link #notifyChannel()} (delivered on commit), for {@link
 *       PostgresDoorbell}.
 *   <li>An owner-level change is one row of {@code <prefix>owner_changes} (kept; it is the rule's
 *       data) and one feed entry; records and statuses are answered through {@link
 *       OwnerHistory#apply} with the changes of their owner.
 *   <li>{@link #statuses} answers a batch of jtis with one {@code IN (…)} query per 100.
 *   <li>{@link #recordLastUsed} is one JDBC batch per call, in one transaction, and never moves
 *       {@code last_used_at} backwards.
 *   <li>Deleted records stay as rows in state {@code DELETED} (their status is final, and must stay
 *       answerable); they are in no listing.
 * </ul>
 *
 * <p>Thread-safe (a connection per call). Every failure is an {@link SQLException} or an {@link
 * IllegalStateException}, which the lifecycle reports as "store unavailable". The store never
 * closes the {@code DataSource}.
 */
public final class JdbcTokenStore implements TokenStore {

  /** What a table prefix must match. */
  public static final String PREFIX_PATTERN = "[A-Za-z_][A-Za-z0-9_]{0,30}";

  private static final Pattern PREFIX = Pattern.compile(PREFIX_PATTERN);
  private static final String COLUMNS =
      "id, jti, name, description, token_prefix, subject, business_id, scopes, created_by,"
          + " created_at, updated_at, expires_at, last_used_at, state, revoked_at, revoked_by,"
          + " revocation_reason, status_version, created_seq, rolled_to, environment_id";
  private static final long NEVER_MICROS = micros(SortField.NEVER);

  final DataSource dataSource; // PostgresDoorbell listens on a connection of it
  private final JdbcDialect dialect;
  private final String prefix;
  private final int queryTimeoutSeconds;
  private final Duration queryTimeout;
  private final String tokens;
  private final String feed;
  private final String feedSeq;
  private final String owners;
  private final String events;
  private final String warnings;
  private final boolean notifyOnChange;
  private static final int STATUS_BATCH = 100;

  private JdbcTokenStore(Builder b, JdbcDialect dialect) {
    this.dataSource = b.dataSource;
    this.dialect = dialect;
    this.prefix = b.tablePrefix;
    this.queryTimeout = b.queryTimeout;
    this.queryTimeoutSeconds = (int) Math.max(1, (b.queryTimeout.toMillis() + 999) / 1000);
    this.tokens = prefix + "tokens";
    this.feed = prefix + "status_feed";
    this.feedSeq = prefix + "feed_seq";
    this.owners = prefix + "owner_changes";
    this.events = prefix + "token_events";
    this.warnings = prefix + "expiry_warnings";
    this.notifyOnChange = dialect == JdbcDialect.POSTGRESQL && b.notifyOnChange;
  }

  /** A builder for a store on {@code dataSource}. */
  public static Builder builder(DataSource dataSource) {
    return new Builder(dataSource);
  }

  /**
   * The PostgreSQL channel that status changes are announced on ({@code <prefix>status_feed}); the
   * channel {@link PostgresDoorbell} listens to.
   */
  public String notifyChannel() {
    return prefix + "status_feed";
  }

  /** The dialect in use (given or detected). */
  public JdbcDialect dialect() {
    return dialect;
  }

  /** The prefix of the store's table and index names ({@link Builder#tablePrefix}). */
  public String tablePrefix() {
    return prefix;
  }

  /**
   * The timeout of every statement as configured ({@link Builder#queryTimeout}; applied in whole
   * seconds).
   */
  public Duration queryTimeout() {
    return queryTimeout;
  }

  /**
   * Creates the tables and indexes that are missing, from the dialect's {@code schema.sql}
   * (idempotent). Called by {@link Builder#build()} when {@link Builder#createSchemaIfMissing}.
   */
  public void createSchemaIfMissing() throws SQLException {
    String ddl = loadSchema(dialect).replace("${prefix}", prefix);
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.setQueryTimeout(Math.max(queryTimeoutSeconds, 30));
      for (String sql : statements(ddl)) {
        s.execute(sql);
      }
      if (!c.getAutoCommit()) {
        c.commit();
      }
    }
  }

  @Override
  public VersionedStatus status(String jti) throws SQLException {
    return statuses(List.of(jti)).getOrDefault(jti, VersionedStatus.unknown());
  }

  @Override
  public Map<String, VersionedStatus> statuses(Collection<String> jtis) throws SQLException {
    Map<String, VersionedStatus> out = new HashMap<>(jtis.size() * 2);
    List<String> asked = new ArrayList<>(Math.min(jtis.size(), STATUS_BATCH));
    for (String jti : jtis) {
      out.put(jti, VersionedStatus.unknown());
      if (storable(jti)) {
        asked.add(jti);
      }
    }
    if (asked.isEmpty()) {
      return out;
    }
    try (Connection c = dataSource.getConnection()) {
      for (int from = 0; from < asked.size(); from += STATUS_BATCH) {
        List<String> chunk = asked.subList(from, Math.min(asked.size(), from + STATUS_BATCH));
        StringBuilder sql =
            new StringBuilder(96 + chunk.size() * 3)
                .append("SELECT ")
                .append(COLUMNS)
                .append(" FROM ")
                .append(tokens)
                .append(" WHERE jti IN (?");
        sql.append(", ?".repeat(chunk.size() - 1)).append(')');
        List<TokenRecord> found = new ArrayList<>(chunk.size());
        try (PreparedStatement ps = prepare(c, sql.toString())) {
          int i = 1;
          for (String jti : chunk) {
            ps.setString(i++, jti);
          }
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              found.add(read(rs));
            }
          }
        }
        for (TokenRecord r : inEffect(c, found)) {
          out.put(r.jti(), r.versionedStatus());
        }
      }
    }
    return out;
  }

  /**
   * The stored records {@code own} as in effect: one query for the owner-level changes of their
   * owners (none when every record is final).
   */
  private List<TokenRecord> inEffect(Connection c, List<TokenRecord> own) throws SQLException {
    Map<String, Set<String>> subjectsByBusiness = new TreeMap<>();
    for (TokenRecord r : own) {
      if (!r.state().isFinal()) {
        subjectsByBusiness
            .computeIfAbsent(r.businessId(), b -> new java.util.TreeSet<>())
            .add(r.subject());
      }
    }
    if (subjectsByBusiness.isEmpty()) {
      return own;
    }
    Map<String, OwnerHistory> histories = histories(c, subjectsByBusiness);
    List<TokenRecord> out = new ArrayList<>(own.size());
    for (TokenRecord r : own) {
      out.add(histories.getOrDefault(r.businessId(), OwnerHistory.none()).apply(r));
    }
    return out;
  }

  /**
   * The owner-level changes that cover the given subjects of each business (the whole-business ones
   * and each subject's), by business. An empty subject set means every subject.
   */
  private Map<String, OwnerHistory> histories(
      Connection c, Map<String, Set<String>> subjectsByBusiness) throws SQLException {
    StringBuilder sql =
        new StringBuilder(128)
            .append(
                "SELECT seq, business_id, subject, action, changed_at, changed_by, reason FROM ")
            .append(owners)
            .append(" WHERE ");
    List<String> params = new ArrayList<>();
    boolean first = true;
    for (Map.Entry<String, Set<String>> e : subjectsByBusiness.entrySet()) {
      sql.append(first ? "" : " OR ").append("(business_id = ?");
      params.add(e.getKey());
      if (!e.getValue().isEmpty()) {
        sql.append(" AND subject IN ('', ?")
            .append(", ?".repeat(e.getValue().size() - 1))
            .append(')');
        params.addAll(e.getValue());
      }
      sql.append(')');
      first = false;
    }
    Map<String, List<OwnerChange>> changes = new HashMap<>();
    try (PreparedStatement ps = prepare(c, sql.toString())) {
      for (int i = 0; i < params.size(); i++) {
        ps.setString(i + 1, params.get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String business = rs.getString(2);
          String subject = rs.getString(3);
          changes
              .computeIfAbsent(business, b -> new ArrayList<>())
              .add(
                  new OwnerChange(
                      rs.getLong(1),
                      subject.isEmpty()
                          ? OwnerScope.business(business)
                          : OwnerScope.subject(business, subject),
                      OwnerAction.valueOf(rs.getString(4)),
                      instant(rs.getLong(5)),
                      rs.getString(6),
                      rs.getString(7)));
        }
      }
    }
    Map<String, OwnerHistory> out = new HashMap<>(changes.size() * 2);
    changes.forEach((b, list) -> out.put(b, OwnerHistory.of(list)));
    return out;
  }

  /** The owner-level changes that cover the tokens of {@code scope}. */
  private OwnerHistory history(Connection c, OwnerScope scope) throws SQLException {
    String subject = scope.subject();
    return histories(c, Map.of(scope.businessId(), subject == null ? Set.of() : Set.of(subject)))
        .getOrDefault(scope.businessId(), OwnerHistory.none());
  }

  private TokenRecord inEffect(Connection c, TokenRecord own) throws SQLException {
    return own.state().isFinal()
        ? own
        : history(c, OwnerScope.subject(own.businessId(), own.subject())).apply(own);
  }

  /**
   * Whether {@code key} could be a stored id or jti (1 to 64 printable ASCII characters): anything
   * else is not found without a query (MariaDB refuses to compare an ASCII column with it).
   */
  private static boolean storable(String key) {
    if (key.isEmpty() || key.length() > 64) {
      return false;
    }
    for (int i = 0; i < key.length(); i++) {
      if (key.charAt(i) > 0x7E || key.charAt(i) < 0x20) {
        return false;
      }
    }
    return true;
  }

  @Override
  public TokenRecord insert(TokenRecord r, ChangeOrigin origin) throws SQLException {
    return inTransaction(
        c -> {
          // The committed sequence, read before the row is written: an owner-level change
          // committed before this read does not apply to the record, one committed after it does.
          TokenRecord stored = r.storedAt(committedSequence(c));
          insert(c, stored);
          insertEvent(
              c, TokenEvent.of(TokenEvent.Type.CREATED, stored.createdAt(), stored, origin, null));
          return stored;
        });
  }

  private void insert(Connection c, TokenRecord r) throws SQLException {
    try (PreparedStatement ps =
        prepare(
            c,
            "INSERT INTO "
                + tokens
                + " ("
                + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?,"
                + " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, r.id());
      ps.setString(2, r.jti());
      ps.setString(3, r.name());
      setNullableString(ps, 4, r.description());
      ps.setString(5, r.tokenPrefix());
      ps.setString(6, r.subject());
      ps.setString(7, r.businessId());
      ps.setString(8, String.join(" ", new java.util.TreeSet<>(r.scopes())));
      ps.setString(9, r.createdBy());
      ps.setLong(10, micros(r.createdAt()));
      ps.setLong(11, micros(r.updatedAt()));
      ps.setLong(12, r.expiresAt() == null ? NEVER_MICROS : micros(r.expiresAt()));
      ps.setLong(13, r.lastUsedAt() == null ? 0L : micros(r.lastUsedAt()));
      ps.setString(14, r.state().name());
      setNullableMicros(ps, 15, r.revokedAt());
      setNullableString(ps, 16, r.revokedBy());
      setNullableString(ps, 17, r.revocationReason());
      ps.setLong(18, r.stateVersion());
      ps.setLong(19, r.createdSequence());
      setNullableString(ps, 20, r.rolledTo());
      setNullableString(ps, 21, r.environmentId());
      ps.executeUpdate();
    } catch (SQLException e) {
      if (dialect.isDuplicateKey(e)) {
        throw new DuplicateRecordException(r.id(), e);
      }
      throw e;
    }
  }

  @Override
  public Optional<TokenRecord> findById(String id) throws SQLException {
    if (!storable(id)) {
      return Optional
          .empty(); // no stored id is (ids are ASCII columns; MariaDB refuses the comparison)
    }
    try (Connection c = dataSource.getConnection()) {
      Optional<TokenRecord> own = find(c, id);
      return own.isEmpty() ? own : Optional.of(inEffect(c, own.get()));
    }
  }

  /** The stored row, its own state (not in effect). */
  private Optional<TokenRecord> find(Connection c, String id) throws SQLException {
    try (PreparedStatement ps =
        prepare(c, "SELECT " + COLUMNS + " FROM " + tokens + " WHERE id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(read(rs)) : Optional.empty();
      }
    }
  }

  @Override
  public Optional<TokenRecord> revoke(
      String id, Instant at, ChangeOrigin origin, @Nullable String reason) throws SQLException {
    return change(
        id,
        at,
        (own, now, seq) ->
            now.state().isFinal() ? null : own.revoked(seq, at, origin.actor(), reason),
        null,
        origin,
        TokenEvent.Type.REVOKED,
        reason);
  }

  @Override
  public Optional<TokenRecord> transition(
      String id, TokenStatus from, TokenStatus to, Instant at, ChangeOrigin origin)
      throws SQLException {
    if (to == TokenStatus.UNKNOWN || from == TokenStatus.UNKNOWN) {
      throw new IllegalArgumentException("no transition from or to UNKNOWN");
    }
    return change(
        id,
        at,
        (own, now, seq) -> now.state() == from ? own.withState(to, seq, at) : null,
        null,
        origin,
        TokenEvent.Type.of(to),
        null);
  }

  @Override
  public Optional<TokenRecord> roll(
      String id, TokenRecord successor, Instant notAfter, Instant at, ChangeOrigin origin)
      throws SQLException {
    return change(
        id,
        at,
        (own, now, seq) ->
            now.state() == TokenStatus.ACTIVE && own.rolledTo() == null
                ? own.rolled(successor.id(), notAfter, seq, at)
                : null,
        successor,
        origin,
        TokenEvent.Type.ROLLED,
        successor.id());
  }

  /** What a change makes of a row: its new own state, or {@code null} for no change. */
  @FunctionalInterface
  private interface Decision {
    @Nullable TokenRecord decide(TokenRecord own, TokenRecord inEffect, long sequence);
  }

  /**
   * One change of the row {@code id}, in one transaction: locks the feed counter, reads the row as
   * in effect, and when {@code decision} changes it, writes the row at the next sequence, appends
   * the feed entry (with the state in effect) and stores {@code successor} (a roll's).
   *
   * @return the record in effect after the call; empty if there is no such row
   */
  private Optional<TokenRecord> change(
      String id,
      Instant at,
      Decision decision,
      @Nullable TokenRecord successor,
      ChangeOrigin origin,
      TokenEvent.Type eventType,
      @Nullable String eventReason)
      throws SQLException {
    return inTransaction(
        c -> {
          // The row first, then the counter: no one waits for a row (a last-used flush may hold
          // it) while holding the counter every change needs.
          lockRow(c, id);
          long seq = lockSequence(c) + 1;
          Optional<TokenRecord> stored = find(c, id);
          if (stored.isEmpty()) {
            return stored;
          }
          TokenRecord own = stored.get();
          OwnerHistory history =
              own.state().isFinal()
                  ? OwnerHistory.none()
                  : history(c, OwnerScope.subject(own.businessId(), own.subject()));
          TokenRecord now = history.apply(own);
          TokenRecord changed = decision.decide(own, now, seq);
          if (changed == null) {
            return Optional.of(now);
          }
          setSequence(c, seq);
          try (PreparedStatement ps =
              prepare(
                  c,
                  "UPDATE "
                      + tokens
                      + " SET state = ?, updated_at = ?, expires_at = ?, revoked_at = ?,"
                      + " revoked_by = ?, revocation_reason = ?, rolled_to = ?, status_version = ?"
                      + " WHERE id = ?")) {
            ps.setString(1, changed.state().name());
            ps.setLong(2, micros(changed.updatedAt()));
            ps.setLong(3, changed.expiresAt() == null ? NEVER_MICROS : micros(changed.expiresAt()));
            setNullableMicros(ps, 4, changed.revokedAt());
            setNullableString(ps, 5, changed.revokedBy());
            setNullableString(ps, 6, changed.revocationReason());
            setNullableString(ps, 7, changed.rolledTo());
            ps.setLong(8, seq);
            ps.setString(9, id);
            ps.executeUpdate();
          }
          TokenRecord after =
              (changed.state().isFinal() ? OwnerHistory.none() : history).apply(changed);
          VersionedStatus status = after.versionedStatus();
          appendFeed(
              c, seq, after.jti(), after.id(), status.status().name(), status.notAfter(), at);
          insertEvent(c, TokenEvent.of(eventType, at, after, origin, eventReason));
          if (successor != null) {
            TokenRecord next = successor.storedAt(seq);
            insert(c, next);
            insertEvent(c, TokenEvent.of(TokenEvent.Type.CREATED, at, next, origin, null));
          }
          announce(c, seq);
          return Optional.of(after);
        });
  }

  @Override
  public Optional<OwnerChange> changeOwner(
      OwnerScope scope,
      OwnerAction action,
      Instant at,
      ChangeOrigin origin,
      @Nullable String reason)
      throws SQLException {
    return inTransaction(
        c -> {
          long seq = lockSequence(c) + 1;
          if (history(c, scope).isNoOp(scope, action)) {
            return Optional.empty();
          }
          setSequence(c, seq);
          try (PreparedStatement ps =
              prepare(
                  c,
                  "INSERT INTO "
                      + owners
                      + " (seq, business_id, subject, action, changed_at, changed_by, reason)"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, seq);
            ps.setString(2, scope.businessId());
            ps.setString(3, scope.subject() == null ? "" : scope.subject());
            ps.setString(4, action.name());
            ps.setLong(5, micros(at));
            setNullableString(ps, 6, origin.actor());
            setNullableString(ps, 7, reason);
            ps.executeUpdate();
          }
          appendFeed(c, seq, "", "", OWNER_ENTRY, null, at);
          OwnerChange change = new OwnerChange(seq, scope, action, at, origin.actor(), reason);
          insertEvent(c, TokenEvent.of(change, origin));
          announce(c, seq);
          return Optional.of(change);
        });
  }

  @Override
  public long countAffected(OwnerScope scope, OwnerAction action) throws SQLException {
    String subject = scope.subject();
    try (Connection c = dataSource.getConnection()) {
      OwnerHistory history = history(c, scope);
      List<TokenRecord> live = new ArrayList<>();
      try (PreparedStatement ps =
          prepare(
              c,
              "SELECT "
                  + COLUMNS
                  + " FROM "
                  + tokens
                  + " WHERE business_id = ?"
                  + (subject == null ? "" : " AND subject = ?")
                  + " AND state IN ('ACTIVE', 'SUSPENDED')")) {
        ps.setString(1, scope.businessId());
        if (subject != null) {
          ps.setString(2, subject);
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            live.add(read(rs));
          }
        }
      }
      return history.countChanged(live, scope, action);
    }
  }

  /** The feed status of an owner-level entry; its details are the owner_changes row of its seq. */
  private static final String OWNER_ENTRY = "OWNER";

  private void appendFeed(
      Connection c,
      long seq,
      String jti,
      String tokenId,
      String status,
      @Nullable Instant notAfter,
      Instant at)
      throws SQLException {
    try (PreparedStatement ps =
        prepare(
            c,
            "INSERT INTO "
                + feed
                + " (seq, jti, token_id, status, changed_at, not_after)"
                + " VALUES (?, ?, ?, ?, ?, ?)")) {
      ps.setLong(1, seq);
      ps.setString(2, jti);
      ps.setString(3, tokenId);
      ps.setString(4, status);
      ps.setLong(5, micros(at));
      setNullableMicros(ps, 6, notAfter);
      ps.executeUpdate();
    }
  }

  private void announce(Connection c, long seq) throws SQLException {
    if (notifyOnChange) {
      try (PreparedStatement ps = prepare(c, "SELECT pg_notify(?, ?)")) {
        ps.setString(1, notifyChannel());
        ps.setString(2, Long.toString(seq));
        ps.execute();
      }
    }
  }

  private void lockRow(Connection c, String id) throws SQLException {
    try (PreparedStatement ps =
        prepare(c, "SELECT id FROM " + tokens + " WHERE id = ? FOR UPDATE")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next(); // absent: find() answers empty
      }
    }
  }

  /**
   * Locks the feed counter's row until commit (every change takes it first, so changes are decided
   * and committed one at a time, in sequence order) and answers its value.
   */
  private long lockSequence(Connection c) throws SQLException {
    try (PreparedStatement ps =
            prepare(c, "SELECT seq FROM " + feedSeq + " WHERE id = 1 FOR UPDATE");
        ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        throw new IllegalStateException(
            "table " + feedSeq + " has no counter row; create the schema first");
      }
      return rs.getLong(1);
    }
  }

  private void setSequence(Connection c, long seq) throws SQLException {
    try (PreparedStatement ps = prepare(c, "UPDATE " + feedSeq + " SET seq = ? WHERE id = 1")) {
      ps.setLong(1, seq);
      ps.executeUpdate();
    }
  }

  /** The last committed feed sequence (0 before the first change). */
  private long committedSequence(Connection c) throws SQLException {
    try (PreparedStatement ps = prepare(c, "SELECT seq FROM " + feedSeq + " WHERE id = 1");
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  @Override
  public List<TokenRecord> page(PageQuery q) throws SQLException {
    String column = column(q.sortBy());
    String op = q.descending() ? "<" : ">";
    String dir = q.descending() ? " DESC" : " ASC";
    StringBuilder sql =
        new StringBuilder(256)
            .append("SELECT ")
            .append(COLUMNS)
            .append(" FROM ")
            .append(pageTable(q.sortBy()))
            .append(" WHERE subject = ? AND business_id = ? AND state <> 'DELETED'");
    if (!q.includeRevoked()) {
      sql.append(" AND state <> 'REVOKED'");
    }
    try (Connection c = dataSource.getConnection()) {
      OwnerHistory history = history(c, OwnerScope.subject(q.businessId(), q.subject()));
      long revokedBelow =
          q.includeRevoked() ? 0 : history.revokedBelow(q.subject(), q.businessId());
      if (revokedBelow > 0) {
        sql.append(" AND created_seq >= ?"); // not revoked by an owner-level change
      }
      if (q.after() != null) {
        sql.append(" AND ").append(dialect.keysetCondition(column, op));
      }
      sql.append(" ORDER BY ")
          .append(column)
          .append(dir)
          .append(", id")
          .append(dir)
          .append(" LIMIT ?");
      try (PreparedStatement ps = prepare(c, sql.toString())) {
        int i = 1;
        ps.setString(i++, q.subject());
        ps.setString(i++, q.businessId());
        if (revokedBelow > 0) {
          ps.setLong(i++, revokedBelow);
        }
        if (q.after() != null) {
          for (int k = 0; k < dialect.keysetKeyParameters(); k++) {
            setKey(ps, i++, q.after().key());
          }
          ps.setString(i++, q.after().id());
        }
        ps.setInt(i, q.limit());
        List<TokenRecord> out = new ArrayList<>(Math.min(q.limit(), 128));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(history.apply(read(rs)));
          }
        }
        return out;
      }
    }
  }

  @Override
  public long count(String subject, String businessId, boolean includeRevoked) throws SQLException {
    String sql =
        "SELECT COUNT(*) FROM "
            + tokens
            + " WHERE subject = ? AND business_id = ? AND state <> 'DELETED'"
            + (includeRevoked ? "" : " AND state <> 'REVOKED' AND created_seq >= ?");
    try (Connection c = dataSource.getConnection()) {
      long revokedBelow =
          includeRevoked
              ? 0
              : history(c, OwnerScope.subject(businessId, subject))
                  .revokedBelow(subject, businessId);
      try (PreparedStatement ps = prepare(c, sql)) {
        ps.setString(1, subject);
        ps.setString(2, businessId);
        if (!includeRevoked) {
          ps.setLong(3, revokedBelow);
        }
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getLong(1);
        }
      }
    }
  }

  @Override
  public void recordLastUsed(Map<String, Instant> lastUsedById) throws SQLException {
    if (lastUsedById.isEmpty()) {
      return;
    }
    // Sorted by id: concurrent flushes from several instances lock rows in the same order.
    Map<String, Instant> sorted = new TreeMap<>(lastUsedById);
    inTransaction(
        c -> {
          try (PreparedStatement ps =
              prepare(
                  c,
                  "UPDATE " + tokens + " SET last_used_at = ? WHERE id = ? AND last_used_at < ?")) {
            for (Map.Entry<String, Instant> e : sorted.entrySet()) {
              long at = micros(e.getValue());
              ps.setLong(1, at);
              ps.setString(2, e.getKey());
              ps.setLong(3, at);
              ps.addBatch();
            }
            return ps.executeBatch().length;
          }
        });
  }

  @Override
  public List<FeedEntry> changesSince(long afterSequence, int limit) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            prepare(
                c,
                "SELECT f.seq, f.jti, f.token_id, f.status, f.not_after, o.business_id, o.subject,"
                    + " o.action, o.changed_at, o.changed_by, o.reason FROM "
                    + feed
                    + " f LEFT JOIN "
                    + owners
                    + " o ON o.seq = f.seq WHERE f.seq > ? ORDER BY f.seq LIMIT ?")) {
      ps.setLong(1, afterSequence);
      ps.setInt(2, limit);
      List<FeedEntry> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long seq = rs.getLong(1);
          String business = rs.getString(6);
          if (business != null) {
            String subject = rs.getString(7);
            out.add(
                new OwnerChange(
                    seq,
                    subject.isEmpty()
                        ? OwnerScope.business(business)
                        : OwnerScope.subject(business, subject),
                    OwnerAction.valueOf(rs.getString(8)),
                    instant(rs.getLong(9)),
                    rs.getString(10),
                    rs.getString(11)));
          } else {
            long notAfterMicros = rs.getLong(5);
            Instant notAfter = rs.wasNull() ? null : instant(notAfterMicros);
            out.add(
                new StatusChange(
                    seq,
                    rs.getString(2),
                    rs.getString(3),
                    TokenStatus.valueOf(rs.getString(4)),
                    notAfter));
          }
        }
      }
      return out;
    }
  }

  @Override
  public long latestSequence() throws SQLException {
    // The counter, not MAX(seq): a feed pruned empty would answer 0 and make a new reader see a
    // gap at the next change. The counter's committed value is the last committed sequence.
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = prepare(c, "SELECT seq FROM " + feedSeq + " WHERE id = 1");
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  @Override
  public long pruneStatusFeed(Instant olderThan) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = prepare(c, "DELETE FROM " + feed + " WHERE changed_at < ?")) {
      ps.setLong(1, micros(olderThan));
      return ps.executeUpdate();
    }
  }

  // ---- events -------------------------------------------------------------------------------

  private static final String EVENT_COLUMNS =
      "id, type, occurred_at, token_id, jti, business_id, subject, actor, reason, client_ip,"
          + " user_agent, attempts";

  private void insertEvent(Connection c, TokenEvent e) throws SQLException {
    try (PreparedStatement ps =
        prepare(
            c,
            "INSERT INTO "
                + events
                + " ("
                + EVENT_COLUMNS
                + ", next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, e.id());
      ps.setString(2, e.type().name());
      ps.setLong(3, micros(e.occurredAt()));
      setNullableString(ps, 4, e.tokenId());
      setNullableString(ps, 5, e.jti());
      ps.setString(6, e.businessId());
      setNullableString(ps, 7, e.subject());
      setNullableString(ps, 8, e.actor());
      setNullableString(ps, 9, e.reason());
      setNullableString(ps, 10, e.clientIp());
      setNullableString(ps, 11, e.userAgent());
      ps.setInt(12, e.attempts());
      ps.setLong(13, micros(e.occurredAt()));
      ps.executeUpdate();
    }
  }

  private static TokenEvent readEvent(ResultSet rs) throws SQLException {
    return new TokenEvent(
        rs.getString(1),
        TokenEvent.Type.valueOf(rs.getString(2)),
        instant(rs.getLong(3)),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        rs.getString(7),
        rs.getString(8),
        rs.getString(9),
        rs.getString(10),
        rs.getString(11),
        rs.getInt(12));
  }

  @Override
  public List<TokenEvent> events(String tokenId, TokenEvent.@Nullable Position after, int limit)
      throws SQLException {
    if (!storable(tokenId)) {
      return List.of();
    }
    String sql =
        "SELECT "
            + EVENT_COLUMNS
            + " FROM "
            + events
            + " WHERE token_id = ?"
            + (after == null ? "" : " AND (occurred_at > ? OR (occurred_at = ? AND id > ?))")
            + " ORDER BY occurred_at, id LIMIT ?";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = prepare(c, sql)) {
      int i = 1;
      ps.setString(i++, tokenId);
      if (after != null) {
        ps.setLong(i++, micros(after.occurredAt()));
        ps.setLong(i++, micros(after.occurredAt()));
        ps.setString(i++, after.id());
      }
      ps.setInt(i, limit);
      List<TokenEvent> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(readEvent(rs));
        }
      }
      return out;
    }
  }

  @Override
  public List<TokenEvent> claimEvents(String claimer, Instant now, Duration lease, int limit)
      throws SQLException {
    long nowMicros = micros(now);
    List<String> candidates = new ArrayList<>();
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement ps =
          prepare(
              c,
              "SELECT id FROM "
                  + events
                  + " WHERE delivered_at IS NULL AND next_attempt_at <= ?"
                  + " AND (claimed_until IS NULL OR claimed_until < ?)"
                  + " ORDER BY next_attempt_at, id LIMIT ?")) {
        ps.setLong(1, nowMicros);
        ps.setLong(2, nowMicros);
        ps.setInt(3, limit);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            candidates.add(rs.getString(1));
          }
        }
      }
      if (candidates.isEmpty()) {
        return List.of();
      }
      // Each row is taken by a conditional update: of two claimers racing for it, one changes it.
      List<String> claimed = new ArrayList<>(candidates.size());
      try (PreparedStatement ps =
          prepare(
              c,
              "UPDATE "
                  + events
                  + " SET claimed_by = ?, claimed_until = ? WHERE id = ? AND delivered_at IS NULL"
                  + " AND (claimed_until IS NULL OR claimed_until < ?)")) {
        for (String id : candidates) {
          ps.setString(1, claimer);
          ps.setLong(2, micros(now.plus(lease)));
          ps.setString(3, id);
          ps.setLong(4, nowMicros);
          if (ps.executeUpdate() == 1) {
            claimed.add(id);
          }
        }
      }
      if (claimed.isEmpty()) {
        return List.of();
      }
      StringBuilder sql =
          new StringBuilder("SELECT ")
              .append(EVENT_COLUMNS)
              .append(" FROM ")
              .append(events)
              .append(" WHERE claimed_by = ? AND id IN (?")
              .append(", ?".repeat(claimed.size() - 1))
              .append(") ORDER BY next_attempt_at, id");
      try (PreparedStatement ps = prepare(c, sql.toString())) {
        ps.setString(1, claimer);
        for (int i = 0; i < claimed.size(); i++) {
          ps.setString(i + 2, claimed.get(i));
        }
        List<TokenEvent> out = new ArrayList<>(claimed.size());
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(readEvent(rs));
          }
        }
        return out;
      }
    }
  }

  @Override
  public void eventDelivered(String eventId, String claimer, Instant at) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            prepare(
                c,
                "UPDATE "
                    + events
                    + " SET delivered_at = ?, claimed_by = NULL, claimed_until = NULL"
                    + " WHERE id = ? AND claimed_by = ? AND delivered_at IS NULL")) {
      ps.setLong(1, micros(at));
      ps.setString(2, eventId);
      ps.setString(3, claimer);
      ps.executeUpdate();
    }
  }

  @Override
  public void eventFailed(String eventId, String claimer, Instant retryAt) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            prepare(
                c,
                "UPDATE "
                    + events
                    + " SET attempts = attempts + 1, next_attempt_at = ?, claimed_by = NULL,"
                    + " claimed_until = NULL WHERE id = ? AND claimed_by = ? AND delivered_at IS"
                    + " NULL")) {
      ps.setLong(1, micros(retryAt));
      ps.setString(2, eventId);
      ps.setString(3, claimer);
      ps.executeUpdate();
    }
  }

  @Override
  public int warnExpiring(Instant now, Duration lead, int limit) throws SQLException {
    long leadSeconds = lead.getSeconds();
    List<TokenRecord> due = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            prepare(
                c,
                "SELECT "
                    + COLUMNS
                    + " FROM "
                    + tokens
                    + " t WHERE expires_at > ? AND expires_at <= ? AND state = 'ACTIVE'"
                    + " AND rolled_to IS NULL AND NOT EXISTS (SELECT 1 FROM "
                    + warnings
                    + " w WHERE w.token_id = t.id AND w.lead_seconds = ?)"
                    + " ORDER BY expires_at, id LIMIT ?")) {
      ps.setLong(1, micros(now));
      ps.setLong(2, micros(now.plus(lead)));
      ps.setLong(3, leadSeconds);
      ps.setInt(4, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          due.add(read(rs));
        }
      }
      due = inEffect(c, due);
    }
    int written = 0;
    for (TokenRecord r : due) {
      if (r.state() != TokenStatus.ACTIVE) {
        continue; // revoked or suspended by an owner-level change
      }
      boolean wrote;
      try {
        wrote =
            inTransaction(
                c -> {
                  try (PreparedStatement ps =
                      prepare(
                          c,
                          "INSERT INTO " + warnings + " (token_id, lead_seconds) VALUES (?, ?)")) {
                    ps.setString(1, r.id());
                    ps.setLong(2, leadSeconds);
                    ps.executeUpdate();
                  } catch (SQLException e) {
                    if (dialect.isDuplicateKey(e)) {
                      throw new AlreadyWarned(); // rolled back: another instance warned first
                    }
                    throw e;
                  }
                  insertEvent(
                      c,
                      TokenEvent.of(
                          TokenEvent.Type.EXPIRING_SOON,
                          now,
                          r,
                          ChangeOrigin.none(),
                          lead.toString()));
                  return Boolean.TRUE;
                });
      } catch (AlreadyWarned e) {
        wrote = false;
      }
      if (wrote) {
        written++;
      }
    }
    return written;
  }

  /** A warning row another instance wrote first: its transaction is rolled back. */
  private static final class AlreadyWarned extends RuntimeException {
    private static final long serialVersionUID = 1L;

    AlreadyWarned() {
      super(null, null, false, false);
    }
  }

  @Override
  public long pruneEvents(Instant olderThan) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = prepare(c, "DELETE FROM " + events + " WHERE occurred_at < ?")) {
      ps.setLong(1, micros(olderThan));
      return ps.executeUpdate();
    }
  }

  /** The SQL of {@link #page} with a position, for plan checks in tests. */
  String pageSqlForTests(SortField sort, boolean descending) {
    String column = column(sort);
    String dir = descending ? " DESC" : " ASC";
    return "SELECT "
        + COLUMNS
        + " FROM "
        + pageTable(sort)
        + " WHERE subject = ? AND business_id = ? AND state <> 'DELETED' AND state <> 'REVOKED'"
        + " AND "
        + dialect.keysetCondition(column, descending ? "<" : ">")
        + " ORDER BY "
        + column
        + dir
        + ", id"
        + dir
        + " LIMIT ?";
  }

  private String pageTable(SortField sort) {
    String index =
        switch (sort) {
          case CREATED_AT -> "tokens_by_created";
          case NAME -> "tokens_by_name";
          case EXPIRES_AT -> "tokens_by_expires";
          case LAST_USED_AT -> "tokens_by_last_used";
        };
    return dialect.pageTable(tokens, prefix + index);
  }

  private static String column(SortField sort) {
    return switch (sort) {
      case CREATED_AT -> "created_at";
      case NAME -> "name";
      case EXPIRES_AT -> "expires_at";
      case LAST_USED_AT -> "last_used_at";
    };
  }

  private static void setKey(PreparedStatement ps, int i, Comparable<?> key) throws SQLException {
    if (key instanceof Instant at) {
      ps.setLong(i, micros(at));
    } else if (key instanceof String s) {
      ps.setString(i, s);
    } else {
      throw new IllegalArgumentException("a sort key is an Instant or a String");
    }
  }

  private PreparedStatement prepare(Connection c, String sql) throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    ps.setQueryTimeout(queryTimeoutSeconds);
    return ps;
  }

  @FunctionalInterface
  private interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private <T> T inTransaction(Work<T> work) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      boolean auto = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
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

  private static TokenRecord read(ResultSet rs) throws SQLException {
    String scopes = rs.getString(8);
    long expires = rs.getLong(12);
    long lastUsed = rs.getLong(13);
    long revokedAt = rs.getLong(15);
    boolean revoked = !rs.wasNull();
    return new TokenRecord(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        rs.getString(7),
        scopes == null || scopes.isEmpty() ? Set.of() : Set.of(scopes.split(" ")),
        rs.getString(9),
        instant(rs.getLong(10)),
        instant(rs.getLong(11)),
        expires == NEVER_MICROS ? null : instant(expires),
        lastUsed == 0L ? null : instant(lastUsed),
        TokenStatus.valueOf(rs.getString(14)),
        rs.getLong(18),
        revoked ? instant(revokedAt) : null,
        rs.getString(16),
        rs.getString(17),
        rs.getLong(19),
        rs.getString(20),
        null,
        rs.getString(21));
  }

  private static void setNullableString(PreparedStatement ps, int i, @Nullable String s)
      throws SQLException {
    if (s == null) {
      ps.setNull(i, Types.VARCHAR);
    } else {
      ps.setString(i, s);
    }
  }

  private static void setNullableMicros(PreparedStatement ps, int i, @Nullable Instant at)
      throws SQLException {
    if (at == null) {
      ps.setNull(i, Types.BIGINT);
    } else {
      ps.setLong(i, micros(at));
    }
  }

  static long micros(Instant at) {
    return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1_000);
  }

  static Instant instant(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
  }

  private static String loadSchema(JdbcDialect dialect) {
    try (InputStream in = JdbcTokenStore.class.getResourceAsStream(dialect.schemaResource())) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + dialect.schemaResource());
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + dialect.schemaResource(), e);
    }
  }

  /** Splits DDL on {@code ;} at line ends, dropping {@code --} comment lines. */
  static List<String> statements(String ddl) {
    StringBuilder current = new StringBuilder();
    List<String> out = new ArrayList<>();
    for (String line : ddl.split("\n")) {
      String t = line.strip();
      if (t.isEmpty() || t.startsWith("--")) {
        continue;
      }
      current.append(line).append('\n');
      if (t.endsWith(";")) {
        String s = current.toString().strip();
        out.add(s.substring(0, s.length() - 1));
        current.setLength(0);
      }
    }
    if (!current.toString().isBlank()) {
      out.add(current.toString().strip());
    }
    return out;
  }

  /** Configures a {@link JdbcTokenStore}. */
  public static final class Builder {
    private final DataSource dataSource;
    private @Nullable JdbcDialect dialect;
    private String tablePrefix = "dz_";
    private Duration queryTimeout = Duration.ofSeconds(2);
    private boolean createSchemaIfMissing;
    private boolean notifyOnChange = true;

    private Builder(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /**
     * The database dialect; default detected from the connection's metadata at {@link #build()}.
     */
    public Builder dialect(JdbcDialect dialect) {
      this.dialect = Objects.requireNonNull(dialect, "dialect");
      return this;
    }

    /**
     * The prefix of every table and index name; default {@code dz_}. Must match {@value
     * JdbcTokenStore#PREFIX_PATTERN} (it is part of the SQL, so nothing else is accepted).
     */
    public Builder tablePrefix(String tablePrefix) {
      if (!PREFIX.matcher(tablePrefix).matches()) {
        throw new IllegalArgumentException(
            "tablePrefix must match " + PREFIX_PATTERN + ", got '" + tablePrefix + "'");
      }
      this.tablePrefix = tablePrefix;
      return this;
    }

    /**
     * The timeout of every statement ({@code Statement.setQueryTimeout}, whole seconds, rounded
     * up); default 2 s. Bound the time to get a connection in the pool's own settings.
     */
    public Builder queryTimeout(Duration queryTimeout) {
      if (queryTimeout.isNegative() || queryTimeout.isZero()) {
        throw new IllegalArgumentException("queryTimeout must be positive, got " + queryTimeout);
      }
      this.queryTimeout = queryTimeout;
      return this;
    }

    /**
     * On PostgreSQL, whether each status change also sends {@code NOTIFY} on {@link
     * JdbcTokenStore#notifyChannel()} inside its transaction (the ring of {@link
     * PostgresDoorbell}); default true. Ignored on other databases.
     */
    public Builder notifyOnChange(boolean notifyOnChange) {
      this.notifyOnChange = notifyOnChange;
      return this;
    }

    /** Whether {@link #build()} creates missing tables and indexes; default false. */
    public Builder createSchemaIfMissing(boolean createSchemaIfMissing) {
      this.createSchemaIfMissing = createSchemaIfMissing;
      return this;
    }

    /**
     * Builds the store. Connects once when the dialect must be detected or the schema created.
     *
     * @throws SQLException when that connection or the DDL fails
     */
    public JdbcTokenStore build() throws SQLException {
      JdbcDialect d = dialect;
      if (d == null) {
        try (Connection c = dataSource.getConnection()) {
          d = JdbcDialect.detect(c.getMetaData());
        }
      }
      JdbcTokenStore store = new JdbcTokenStore(this, d);
      if (createSchemaIfMissing) {
        store.createSchemaIfMissing();
      }
      return store;
    }
  }

  @Override
  public String toString() {
    return "JdbcTokenStore{" + dialect + ", prefix=" + prefix + "}";
  }
}
