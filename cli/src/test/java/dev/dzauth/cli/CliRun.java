package dev.dzauth.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One run of the tool in this JVM: its exit code and what it wrote where. */
record CliRun(int exit, String out, String err) {

  static CliRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = DzAuthCli.run(args, new PrintWriter(out), new PrintWriter(err));
    return new CliRun(exit, out.toString(), err.toString());
  }
}
