package dev.dzauth.cli;

import dev.dzauth.DzAuthException;
import dev.dzauth.cli.CliException.Exit;
import dev.dzauth.lifecycle.EffectiveStatus;
import dev.dzauth.lifecycle.ListQuery;
import dev.dzauth.lifecycle.TokenPage;
import dev.dzauth.store.SortField;
import dev.dzauth.store.TokenRecord;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "list",
    description =
        "List the tokens of a subject in a business, newest first (no token is ever shown).")
final class ListCommand implements Callable<Integer> {

  @Spec CommandSpec spec = CommandSpec.create();
  @Mixin StoreOptions store = new StoreOptions();
  @Mixin OwnerOptions owner = new OwnerOptions();

  @Option(names = "--include-revoked", description = "List revoked tokens too.")
  boolean includeRevoked;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    String row = "%-36s  %-15s  %-9s  %-20s  %-20s  %s%n";
    out.printf(row, "ID", "PREFIX", "STATUS", "CREATED", "EXPIRES", "NAME");
    try (StoreOptions.Session session = store.openForReading()) {
      var caller = session.owner(owner.subject, owner.business, Set.of());
      Instant now = session.service().clock().instant();
      String cursor = null;
      do {
        TokenPage page =
            session
                .service()
                .list(
                    caller,
                    new ListQuery(
                        includeRevoked,
                        cursor,
                        ListQuery.MAX_LIMIT,
                        false,
                        false,
                        SortField.CREATED_AT,
                        true));
        for (TokenRecord r : page.items()) {
          out.printf(
              row,
              r.id(),
              r.tokenPrefix(),
              EffectiveStatus.of(r, now).apiValue(),
              r.createdAt(),
              shown(r.expiresAt()),
              r.name());
        }
        cursor = page.hasNext() ? page.nextCursor() : null;
      } while (cursor != null);
      return Exit.OK.code;
    } catch (DzAuthException e) {
      throw Failures.of(e);
    }
  }

  private static String shown(@Nullable Instant at) {
    return at == null ? "never" : at.toString();
  }
}
