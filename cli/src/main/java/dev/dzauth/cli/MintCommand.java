package dev.dzauth.cli;

import dev.dzauth.DzAuthException;
import dev.dzauth.cli.CliException.Exit;
import dev.dzauth.lifecycle.CreateTokenRequest;
import dev.dzauth.lifecycle.CreatedToken;
import dev.dzauth.lifecycle.TokenService;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "mint",
    description =
        "Create a token record in the store and print the token, once, on standard output (and"
            + " nothing else there). Details go to standard error; the token is never stored or"
            + " logged.")
final class MintCommand implements Callable<Integer> {

  @Spec CommandSpec spec = CommandSpec.create();
  @Mixin StoreOptions store = new StoreOptions();
  @Mixin KeyOptions keys = new KeyOptions();
  @Mixin OwnerOptions owner = new OwnerOptions();

  @Option(
      names = "--name",
      required = true,
      paramLabel = "NAME",
      description = "The token's name (1 to 255 characters).")
  String name = "";

  @Option(names = "--description", paramLabel = "TEXT", description = "An optional description.")
  @Nullable String description;

  @Option(
      names = "--scope",
      required = true,
      split = ",",
      paramLabel = "SCOPE",
      description =
          "A scope to give the token (repeat, or separate with commas), e.g."
              + " tokens:read,tokens:write.")
  List<String> scopes = List.of();

  @ArgGroup(exclusive = true)
  @Nullable Lifetime lifetime;

  static final class Lifetime {
    @Option(
        names = "--expires-in-days",
        paramLabel = "DAYS",
        description = "Lifetime in days (default: the service's, 365).")
    @Nullable Integer days;

    @Option(
        names = "--no-expiry",
        description = "A token that never expires (if the policy allows it).")
    boolean never;
  }

  @Override
  public Integer call() {
    Set<String> granted = new LinkedHashSet<>(scopes);
    Integer days = TokenService.DEFAULT_EXPIRES_IN_DAYS;
    if (lifetime != null) {
      days = lifetime.never ? null : lifetime.days;
    }
    try (StoreOptions.Session session = store.open(keys.issuer, keys.load())) {
      CreatedToken created =
          session
              .service()
              .create(
                  session.owner(owner.subject, owner.business, granted),
                  new CreateTokenRequest(name, description, days, granted));
      spec.commandLine().getOut().println(created.token());
      spec.commandLine().getOut().flush();
      var r = created.record();
      spec.commandLine()
          .getErr()
          .println(
              "created token "
                  + r.id()
                  + " ("
                  + r.tokenPrefix()
                  + ", jti "
                  + r.jti()
                  + ") for "
                  + r.subject()
                  + " in business "
                  + r.businessId()
                  + ", scopes "
                  + String.join(" ", r.scopes())
                  + ", expires "
                  + (r.expiresAt() == null ? "never" : r.expiresAt())
                  + ". It is shown only this once.");
      return Exit.OK.code;
    } catch (DzAuthException e) {
      throw Failures.of(e);
    }
  }
}
