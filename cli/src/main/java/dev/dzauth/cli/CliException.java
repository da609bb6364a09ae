package dev.dzauth.cli;

/**
 * Why a command stopped: the exit code it ends with and one message that says what to do. The only
 * failure the commands throw; {@link DzAuthCli} prints the message and exits with the code.
 */
final class CliException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** The exit codes, as {@code --help} lists them. */
  enum Exit {
    /** Done. */
    OK(0),
    /** The request was refused: a token that does not verify, an id that is not there. */
    REFUSED(1),
    /** The command line is wrong (picocli's usage errors end here too). */
    USAGE(2),
    /** A file, the database or the keys could not be used. */
    UNAVAILABLE(3);

    final int code;

    Exit(int code) {
      this.code = code;
    }
  }

  private final Exit exit;

  CliException(Exit exit, String message) {
    super(message);
    this.exit = exit;
  }

  Exit exit() {
    return exit;
  }
}
