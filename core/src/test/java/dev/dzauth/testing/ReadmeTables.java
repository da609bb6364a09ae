package dev.dzauth.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The README's tables of settings: for each row of the table under a heading, the setting's name
 * and the text of its "default" column. A row naming two settings ({@code `a.size` / `.max-age`},
 * defaults {@code `1` / `2s`}) gives two entries.
 */
public final class ReadmeTables {

  private static final Pattern ROW = Pattern.compile("^\\| (`[^|]+) \\| ([^|]+) \\|.*$");
  private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private ReadmeTables() {}

  /** The repository's README, found from a module directory or the root. */
  public static Path readme() {
    for (Path p : List.of(Path.of("README.md"), Path.of("..", "README.md"))) {
      if (Files.exists(p)
          && Files.exists(p.resolveSibling("pom.xml"))
          && read(p).contains("| init-param | default |")) {
        return p;
      }
    }
    throw new IllegalStateException("README.md not found from " + Path.of("").toAbsolutePath());
  }

  /**
   * The defaults of the first table after the line {@code header} (the table's header row, e.g.
   * {@code | init-param | default | meaning |}), by setting name, in order.
   */
  public static Map<String, String> defaults(Path readme, String header) {
    List<String> lines = read(readme).lines().toList();
    int at = lines.indexOf(header);
    if (at < 0) {
      throw new IllegalStateException("no table headed " + header + " in " + readme);
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = at + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
      Matcher m = ROW.matcher(lines.get(i));
      if (!m.matches()) {
        throw new IllegalStateException("unreadable row: " + lines.get(i));
      }
      String[] names = m.group(1).split(" / ");
      String[] values = m.group(2).strip().split(" / ");
      String first = unquote(names[0].split(",")[0]);
      for (int n = 0; n < names.length; n++) {
        for (String name : names[n].split(", ")) {
          String full = unquote(name);
          if (full.startsWith(".")) {
            full = first.substring(0, first.lastIndexOf('.')) + full;
          }
          out.put(full, values.length == names.length ? values[n].strip() : m.group(2).strip());
        }
      }
    }
    return out;
  }

  /** {@code `5s`} → 5 s; {@code `500ms`}, {@code `10m`}, {@code `1h`}, {@code `1d`} alike. */
  public static Duration duration(String cell) {
    Matcher m = SIMPLE_DURATION.matcher(unquote(cell));
    if (!m.matches()) {
      throw new IllegalArgumentException("not a duration: " + cell);
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  /** {@code `100000`} → 100000. */
  public static long number(String cell) {
    return Long.parseLong(unquote(cell));
  }

  /** The cell without its backquotes. */
  public static String unquote(String cell) {
    String c = cell.strip();
    return c.startsWith("`") && c.endsWith("`") ? c.substring(1, c.length() - 1) : c;
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
