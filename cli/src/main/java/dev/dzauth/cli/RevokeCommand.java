package dev.dzauth.cli;

import dev.dzauth.DzAuthException;
import dev.dzauth.cli.CliException.Exit;
import dev.dzauth.store.TokenRecord;
import java.util.Set;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "revoke",
    description =
        "Revoke a token for good. Every instance of the application refuses it within its"
            + " propagation bound (docs/STORES.md). Revoking a revoked token changes nothing.")
final class RevokeCommand implements Callable<Integer> {

  @Spec CommandSpec spec = CommandSpec.create();
  @Mixin StoreOptions store = new StoreOptions();
  @Mixin OwnerOptions owner = new OwnerOptions();

  @Parameters(paramLabel = "TOKEN_ID", description = "The token's id (the ID column of list).")
  String tokenId = "";

  @Option(names = "--reason", paramLabel = "TEXT", description = "Why, kept with the record.")
  @Nullable String reason;

  @Override
  public Integer call() {
    try (StoreOptions.Session session = store.openForReading()) {
      TokenRecord r =
          session
              .service()
              .revoke(session.owner(owner.subject, owner.business, Set.of()), tokenId, reason);
      spec.commandLine()
          .getOut()
          .println("revoked " + r.id() + " (" + r.tokenPrefix() + ") at " + r.revokedAt());
      return Exit.OK.code;
    } catch (DzAuthException e) {
      throw Failures.of(e);
    }
  }
}
