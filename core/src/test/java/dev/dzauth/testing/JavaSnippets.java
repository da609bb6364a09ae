package dev.dzauth.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles and runs the {@code java} code blocks of a Markdown file, as a reader would paste them:
 * each block becomes the body of a method, given the variables the surrounding text assumes ({@code
 * given}), with the imports a reader's IDE would add.
 */
public final class JavaSnippets {

  private static final Pattern BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

  /** A code block and the line of the Markdown file it starts on. */
  public record Snippet(int line, String code) {}

  /** A variable a snippet uses without declaring it. */
  public record Given(String type, String name, Object value) {}

  private JavaSnippets() {}

  /** The {@code java} blocks of {@code markdown}, in order. */
  public static List<Snippet> of(Path markdown) throws IOException {
    String text = Files.readString(markdown);
    List<Snippet> all = new ArrayList<>();
    Matcher m = BLOCK.matcher(text);
    while (m.find()) {
      int line = (int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count() + 1;
      all.add(new Snippet(line, m.group(1)));
    }
    return all;
  }

  /** The block whose code contains {@code marker}. */
  public static Snippet containing(Path markdown, String marker) throws IOException {
    return of(markdown).stream()
        .filter(s -> s.code().contains(marker))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError(markdown + " has no java block containing " + marker));
  }

  /** Compiles {@code snippet} with {@code imports} (packages, {@code .*} implied) and runs it. */
  public static void run(Snippet snippet, List<String> imports, List<Given> given)
      throws Exception {
    StringBuilder body =
        new StringBuilder("public static void run(Object[] given) throws Exception {\n");
    for (int i = 0; i < given.size(); i++) {
      Given g = given.get(i);
      // var: the type may be an intersection, such as javax.sql.DataSource & AutoCloseable
      body.append("    var ")
          .append(g.name())
          .append(" = (")
          .append(g.type())
          .append(") given[")
          .append(i)
          .append("];\n");
    }
    body.append(snippet.code()).append("\n}");
    try (URLClassLoader loader =
        compile(new Snippet(snippet.line(), body.toString()), imports, "Snippet", "", true)) {
      Object[] values = given.stream().map(Given::value).toArray();
      try {
        loader.loadClass("Snippet").getMethod("run", Object[].class).invoke(null, (Object) values);
      } catch (InvocationTargetException e) {
        throw new AssertionError(
            "the block at line " + snippet.line() + " failed when run", e.getCause());
      }
    }
  }

  /**
   * Compiles {@code snippet} as the body of a class {@code className} (for blocks that declare
   * members, such as a {@code @Bean} method), or as-is when it declares its own class ({@code wrap}
   * false); returns a loader that has the compiled classes.
   */
  public static URLClassLoader compile(
      Snippet snippet,
      List<String> imports,
      String className,
      String classAnnotations,
      boolean wrap)
      throws IOException {
    StringBuilder src = new StringBuilder();
    for (String p : imports) {
      if (p.startsWith("package ")) {
        src.insert(0, p + ";\n"); // "package x.y": the snippet's classes go there
      } else {
        src.append(p.startsWith("static ") ? "import " + p + ";\n" : "import " + p + ".*;\n");
      }
    }
    if (wrap) {
      src.append(classAnnotations)
          .append("\npublic class ")
          .append(className)
          .append(" {\n")
          .append(snippet.code())
          .append("\n}\n");
    } else {
      src.append(snippet.code().replaceFirst("(?m)^(\\s*)class ", "$1public class "));
    }
    Path dir = Files.createTempDirectory("snippet");
    Path file = dir.resolve(className + ".java");
    Files.writeString(file, src);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files =
        javac.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
      boolean ok =
          javac
              .getTask(
                  null,
                  files,
                  diagnostics,
                  List.of(
                      "-classpath",
                      System.getProperty("java.class.path"),
                      "-d",
                      dir.toString(),
                      "-proc:none",
                      "-Xlint:none",
                      "-parameters"),
                  null,
                  files.getJavaFileObjects(file))
              .call();
      assertThat(ok)
          .as(
              "the block at line %d compiles:%n%s%n%s",
              snippet.line(), diagnostics.getDiagnostics(), src)
          .isTrue();
    }
    return new URLClassLoader(new URL[] {dir.toUri().toURL()}, JavaSnippets.class.getClassLoader());
  }

  /** The packages of core's API, and the JDK's a snippet takes for granted. */
  public static List<String> coreImports() {
    Map<String, Boolean> p = new LinkedHashMap<>();
    for (String s :
        List.of(
            "dev.dzauth",
            "dev.dzauth.assembly",
            "dev.dzauth.token",
            "dev.dzauth.status",
            "dev.dzauth.store",
            "dev.dzauth.store.jdbc",
            "dev.dzauth.lifecycle",
            "java.util",
            "java.time")) {
      p.put(s, true);
    }
    return List.copyOf(p.keySet());
  }
}
