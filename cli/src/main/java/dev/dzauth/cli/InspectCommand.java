package dev.dzauth.cli;

import dev.dzauth.DzAuthException;
import dev.dzauth.cli.CliException.Exit;
import dev.dzauth.status.StatusCache;
import dev.dzauth.status.TokenStatus;
import dev.dzauth.status.TokenStatusStore;
import dev.dzauth.status.VersionedStatus;
import dev.dzauth.token.KeySet;
import dev.dzauth.token.KeySetHolder;
import dev.dzauth.token.TokenFormat;
import dev.dzauth.token.TokenVerifier;
import dev.dzauth.token.UnverifiedToken;
import dev.dzauth.token.VerifiedToken;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "inspect",
    description =
        "Show what a token says: header, jti, display prefix, owner, scopes and times. Nothing"
            + " shown is trusted until it is verified: with --jwks the signature, type, issuer and"
            + " times are checked, and with --jdbc-url its status in the store too.")
final class InspectCommand implements Callable<Integer> {

  @Spec CommandSpec spec = CommandSpec.create();
  @Mixin StoreOptions store = new StoreOptions();

  @Parameters(
      arity = "0..1",
      paramLabel = "TOKEN",
      description =
          "The token, or - (the default) to read it from standard input: a token on a command line"
              + " stays in the shell's history.")
  String token = "-";

  @Option(
      names = "--jwks",
      paramLabel = "FILE",
      description = "Verify with this JWK Set (public or private) or PEM key file.")
  @Nullable Path jwks;

  @Option(
      names = "--issuer",
      paramLabel = "URL",
      description = "The issuer to require (default: the token's own, which is then not checked).")
  @Nullable String issuer;

  @Override
  public Integer call() {
    String text = token.equals("-") ? readStdin() : token.strip();
    PrintWriter out = spec.commandLine().getOut();
    UnverifiedToken t;
    try {
      t = UnverifiedToken.decode(text);
    } catch (DzAuthException e) {
      throw new CliException(Exit.REFUSED, "not a dz_ token: " + e.getMessage());
    }
    Map<String, Object> c = t.claims();
    out.println("display prefix: " + t.displayPrefix());
    out.println(
        "header:         alg="
            + t.header().get("alg")
            + " kid="
            + t.header().get("kid")
            + " typ="
            + t.header().get("typ"));
    out.println("jti:            " + c.get("jti"));
    out.println("issuer:         " + c.get("iss"));
    out.println("subject:        " + c.get("sub"));
    out.println("business:       " + c.get(TokenFormat.CLAIM_BUSINESS_ID));
    out.println("scopes:         " + c.get(TokenFormat.CLAIM_SCOPE));
    out.println("issued at:      " + time(c.get("iat")));
    out.println("not before:     " + time(c.get("nbf")));
    out.println("expires at:     " + (c.get("exp") == null ? "never" : time(c.get("exp"))));
    Path keyFile = jwks;
    if (keyFile == null) {
      out.println("verified:       no (pass --jwks FILE to verify)");
      return Exit.OK.code;
    }
    return verify(text, t, keyFile, out);
  }

  private int verify(String text, UnverifiedToken t, Path keyFile, PrintWriter out) {
    KeySetHolder keys;
    try {
      keys = KeySetHolder.of(KeySet.load(keyFile, null));
    } catch (IOException | RuntimeException e) {
      throw new CliException(
          Exit.UNAVAILABLE, "cannot use " + keyFile + " as a key set: " + e.getMessage());
    }
    Object iss = t.claims().get("iss");
    String expected = issuer != null ? issuer : iss instanceof String s ? s : "";
    boolean withStore = store.jdbcUrl != null && !store.jdbcUrl.isBlank();
    try (StoreOptions.Session session = withStore ? store.openForReading() : null;
        StatusCache unchecked = withStore ? null : StatusCache.builder(claimedActive(t)).build()) {
      StatusCache statuses =
          session != null ? session.statuses() : java.util.Objects.requireNonNull(unchecked);
      VerifiedToken v = TokenVerifier.builder(expected, keys, statuses).build().verify(text);
      out.println(
          "verified:       yes, signed by "
              + v.keyId()
              + (issuer == null ? "; issuer not checked (pass --issuer)" : "")
              + (withStore
                  ? "; status in the store: active (record " + v.tokenId() + ")"
                  : "; status not checked (pass --jdbc-url)"));
      return Exit.OK.code;
    } catch (DzAuthException e) {
      out.println(
          "verified:       no: "
              + e.reason().name().toLowerCase(java.util.Locale.ROOT)
              + ": "
              + e.getMessage());
      out.flush();
      throw new CliException(
          e.reason().kind().isClientFault() ? Exit.REFUSED : Exit.UNAVAILABLE,
          "the token does not verify");
    }
  }

  /** A status store that takes the token at its word: for checking everything but status. */
  private static TokenStatusStore claimedActive(UnverifiedToken t) {
    Object jti = t.claims().get("jti");
    Object sub = t.claims().get("sub");
    Object biz = t.claims().get(TokenFormat.CLAIM_BUSINESS_ID);
    return asked ->
        asked.equals(jti) && sub instanceof String s && biz instanceof String b
            ? VersionedStatus.of("(not checked)", TokenStatus.ACTIVE, 1, s, b)
            : VersionedStatus.unknown();
  }

  private static String time(@Nullable Object seconds) {
    return seconds instanceof Number n
        ? Instant.ofEpochSecond(n.longValue()).toString()
        : String.valueOf(seconds);
  }

  private String readStdin() {
    try {
      byte[] read = System.in.readNBytes(TokenFormat.DEFAULT_MAX_TOKEN_LENGTH + 2);
      return new String(read, StandardCharsets.US_ASCII).strip();
    } catch (IOException e) {
      throw new CliException(
          Exit.UNAVAILABLE, "cannot read the token from standard input: " + e.getMessage());
    }
  }
}
