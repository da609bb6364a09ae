package dev.dzauth.store;

/**
 * What {@link TokenStore#insert} throws when a record with the same id or jti is already stored
 * (another instance inserted it first, say): a recognisable outcome, not an outage. The in-memory
 * store throws it directly; the JDBC store maps the database's unique-key violation to it by
 * SQLState ({@code 23505} on PostgreSQL and H2; {@code 23000} with vendor code 1062 or 1586 on
 * MariaDB and MySQL), never by the text of a message. A store of one's own should do the same.
 */
public final class DuplicateRecordException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  /** The record {@code id} (or its jti) is taken. */
  public DuplicateRecordException(String id) {
    super("a token record with id " + id + " (or its jti) is already stored");
  }

  /** The record {@code id} (or its jti) is taken, as {@code cause} (the store's own) says. */
  public DuplicateRecordException(String id, Throwable cause) {
    super("a token record with id " + id + " (or its jti) is already stored", cause);
  }
}
