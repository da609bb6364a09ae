package dev.dzauth.lifecycle;

import dev.dzauth.DzAuthException;
import dev.dzauth.store.SortField;
import dev.dzauth.store.TokenEvent;
import dev.dzauth.store.TokenStore.Position;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opaque, tamper-evident list cursors: a position (sort key and record id) bound to the query it
 * came from (owner, filter, sort), authenticated with HMAC-SHA256. A cursor that was altered, or
 * comes from another query, is refused as a {@code value_error} on {@code ["query","cursor"]}.
 */
final class CursorCodec {

  static final int MAX_CURSOR_LENGTH = 1024;
  private static final byte VERSION = 1;

  /** The first byte of an events cursor: a list cursor is never taken for one, nor back. */
  private static final byte EVENTS_VERSION = 2;

  private static final int TAG_BYTES = 16;
  private static final List<Object> LOC = List.of("query", "cursor");

  private final SecretKeySpec key;

  CursorCodec(byte[] secret) {
    this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
  }

  String encode(Caller caller, ListQuery query, Position position) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(96);
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeByte(VERSION);
      out.write(fingerprint(caller, query));
      if (position.key() instanceof Instant at) {
        out.writeByte('I');
        out.writeLong(at.getEpochSecond());
        out.writeInt(at.getNano());
      } else {
        out.writeByte('S');
        out.writeUTF((String) position.key());
      }
      out.writeUTF(position.id());
      byte[] payload = bytes.toByteArray();
      byte[] tag = Arrays.copyOf(mac(payload), TAG_BYTES);
      byte[] all = Arrays.copyOf(payload, payload.length + TAG_BYTES);
      System.arraycopy(tag, 0, all, payload.length, TAG_BYTES);
      return Base64.getUrlEncoder().withoutPadding().encodeToString(all);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  Position decode(Caller caller, ListQuery query, String cursor) {
    if (cursor.length() > MAX_CURSOR_LENGTH) {
      throw invalid(cursor);
    }
    byte[] all;
    try {
      all = Base64.getUrlDecoder().decode(cursor);
    } catch (IllegalArgumentException e) {
      throw invalid(cursor);
    }
    if (all.length <= TAG_BYTES + 1) {
      throw invalid(cursor);
    }
    byte[] payload = Arrays.copyOf(all, all.length - TAG_BYTES);
    byte[] tag = Arrays.copyOfRange(all, all.length - TAG_BYTES, all.length);
    if (!MessageDigest.isEqual(tag, Arrays.copyOf(mac(payload), TAG_BYTES))) {
      throw invalid(cursor);
    }
    try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(payload))) {
      if (in.readByte() != VERSION) {
        throw invalid(cursor);
      }
      byte[] fp = new byte[8];
      in.readFully(fp);
      if (!MessageDigest.isEqual(fp, fingerprint(caller, query))) {
        throw invalid(cursor);
      }
      int type = in.readByte();
      Comparable<?> key;
      if (type == 'I' && query.sortBy() != SortField.NAME) {
        key = Instant.ofEpochSecond(in.readLong(), in.readInt());
      } else if (type == 'S' && query.sortBy() == SortField.NAME) {
        key = in.readUTF();
      } else {
        throw invalid(cursor);
      }
      return new Position(key, in.readUTF());
    } catch (IOException | RuntimeException e) {
      if (e instanceof DzAuthException d) {
        throw d;
      }
      throw invalid(cursor);
    }
  }

  /**
   * An events cursor: the place {@code position} in the events of token {@code tokenId}, bound to
   * the caller and the token.
   */
  String encodeEvents(Caller caller, String tokenId, TokenEvent.Position position) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(96);
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeByte(EVENTS_VERSION);
      out.write(eventsFingerprint(caller, tokenId));
      out.writeLong(position.occurredAt().getEpochSecond());
      out.writeInt(position.occurredAt().getNano());
      out.writeUTF(position.id());
      return seal(bytes.toByteArray());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The place an events cursor of {@link #encodeEvents} names; an altered cursor, one of another
   * caller or token, or a list cursor is a {@code value_error} on {@code ["query","cursor"]}.
   */
  TokenEvent.Position decodeEvents(Caller caller, String tokenId, String cursor) {
    byte[] payload = open(cursor);
    try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(payload))) {
      if (in.readByte() != EVENTS_VERSION) {
        throw invalid(cursor);
      }
      byte[] fp = new byte[8];
      in.readFully(fp);
      if (!MessageDigest.isEqual(fp, eventsFingerprint(caller, tokenId))) {
        throw invalid(cursor);
      }
      Instant at = Instant.ofEpochSecond(in.readLong(), in.readInt());
      String id = in.readUTF();
      if (in.available() > 0) {
        throw invalid(cursor);
      }
      return new TokenEvent.Position(at, id);
    } catch (IOException | RuntimeException e) {
      if (e instanceof DzAuthException d) {
        throw d;
      }
      throw invalid(cursor);
    }
  }

  private String seal(byte[] payload) {
    byte[] tag = Arrays.copyOf(mac(payload), TAG_BYTES);
    byte[] all = Arrays.copyOf(payload, payload.length + TAG_BYTES);
    System.arraycopy(tag, 0, all, payload.length, TAG_BYTES);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(all);
  }

  /** The authenticated payload of {@code cursor}, or a {@code value_error}. */
  private byte[] open(String cursor) {
    if (cursor.length() > MAX_CURSOR_LENGTH) {
      throw invalid(cursor);
    }
    byte[] all;
    try {
      all = Base64.getUrlDecoder().decode(cursor);
    } catch (IllegalArgumentException e) {
      throw invalid(cursor);
    }
    if (all.length <= TAG_BYTES + 1) {
      throw invalid(cursor);
    }
    byte[] payload = Arrays.copyOf(all, all.length - TAG_BYTES);
    byte[] tag = Arrays.copyOfRange(all, all.length - TAG_BYTES, all.length);
    if (!MessageDigest.isEqual(tag, Arrays.copyOf(mac(payload), TAG_BYTES))) {
      throw invalid(cursor);
    }
    return payload;
  }

  private static byte[] eventsFingerprint(Caller caller, String tokenId) {
    return digest("events\0" + caller.subject() + '\0' + caller.businessId() + '\0' + tokenId);
  }

  private static byte[] digest(String s) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return Arrays.copyOf(sha.digest(s.getBytes(StandardCharsets.UTF_8)), 8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] fingerprint(Caller caller, ListQuery q) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      String s =
          caller.subject()
              + '\0'
              + caller.businessId()
              + '\0'
              + q.includeRevoked()
              + '\0'
              + q.sortBy()
              + '\0'
              + q.descending();
      return Arrays.copyOf(sha.digest(s.getBytes(StandardCharsets.UTF_8)), 8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private byte[] mac(byte[] payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac.doFinal(payload);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static DzAuthException invalid(String cursor) {
    String shown = cursor.length() > 64 ? cursor.substring(0, 64) : cursor;
    return DzAuthException.invalid(
        List.of(Violations.valueError(LOC, shown, "invalid cursor for this query")));
  }
}
