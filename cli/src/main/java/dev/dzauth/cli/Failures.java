package dev.dzauth.cli;

import dev.dzauth.DzAuthException;
import dev.dzauth.cli.CliException.Exit;
import java.util.stream.Collectors;

/** How core's refusals read on a terminal: one line, and the exit code of its kind. */
final class Failures {

  private Failures() {}

  static CliException of(DzAuthException e) {
    if (!e.violations().isEmpty()) {
      String what =
          e.violations().stream()
              .map(v -> v.location().get(v.location().size() - 1) + ": " + v.message())
              .collect(Collectors.joining("; "));
      return new CliException(Exit.USAGE, "refused: " + what);
    }
    Exit exit = e.reason().kind().isClientFault() ? Exit.REFUSED : Exit.UNAVAILABLE;
    return new CliException(
        exit, e.reason().name().toLowerCase(java.util.Locale.ROOT) + ": " + e.getMessage());
  }
}
