package dev.dzauth.cli;

import dev.dzauth.cli.CliException.Exit;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/**
 * {@code dz-auth}: keys and tokens for a real store from a terminal — the way to the first token of
 * an application in production. Run {@code java -jar dz-auth-cli.jar help}.
 */
@Command(
    name = "dz-auth",
    mixinStandardHelpOptions = true,
    versionProvider = DzAuthCli.Version.class,
    description = "Make keys, and mint, list, revoke and inspect dz_ tokens.",
    subcommands = {
      KeygenCommand.class,
      MintCommand.class,
      ListCommand.class,
      RevokeCommand.class,
      InspectCommand.class,
      HelpCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:done",
      "1:refused (a token that does not verify, a token id that is not there)",
      "2:wrong command line",
      "3:a file, the database or the keys could not be used"
    },
    footer = {
      "",
      "Example, a first token for an application on PostgreSQL:",
      "  dz-auth keygen --out keys.json",
      "  dz-auth mint --jdbc-url jdbc:postgresql://db/app --jdbc-user app \\",
      "    --jdbc-password --create-schema --keys keys.json \\",
      "    --issuer https://auth.example.com --subject admin --business acme \\",
      "    --name bootstrap --scope tokens:read,tokens:write"
    })
public final class DzAuthCli {

  private DzAuthCli() {}

  /** Runs the tool and exits with its code. */
  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /**
   * Runs the tool with {@code out} and {@code err} for standard output and error; the exit code.
   */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new DzAuthCli());
    cli.setOut(out);
    cli.setErr(err);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExecutionExceptionHandler(
        (e, line, parsed) -> {
          if (e instanceof CliException c) {
            line.getErr().println("dz-auth " + line.getCommandName() + ": " + c.getMessage());
            return c.exit().code;
          }
          line.getErr().println("dz-auth " + line.getCommandName() + ": unexpected failure: " + e);
          return Exit.UNAVAILABLE.code;
        });
    int code = cli.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = DzAuthCli.class.getPackage().getImplementationVersion();
      return new String[] {"dz-auth " + (v == null ? "(development build)" : v)};
    }
  }
}
