package dev.dzauth.servlet;

/**
 * A servlet URL pattern (Servlet 6.1 §12.2): exact ({@code /x}), prefix ({@code /x/*}, which also
 * matches {@code /x}), extension ({@code *.ext}) or default ({@code /} or {@code /*}: everything).
 */
record PathPattern(String pattern) {

  PathPattern {
    if (pattern.isEmpty()
        || !(pattern.startsWith("/") || pattern.startsWith("*."))
        || (pattern.indexOf('*') >= 0 && !pattern.endsWith("/*") && !pattern.startsWith("*."))
        || pattern.indexOf('*') != pattern.lastIndexOf('*')) {
      throw new IllegalArgumentException(
          "'" + pattern + "' is not a servlet URL pattern (/exact, /prefix/*, *.ext)");
    }
  }

  boolean matches(String path) {
    if (pattern.equals("/") || pattern.equals("/*")) {
      return true;
    }
    if (pattern.startsWith("*.")) {
      int slash = path.lastIndexOf('/');
      return path.substring(slash + 1).endsWith(pattern.substring(1));
    }
    if (pattern.endsWith("/*")) {
      String base = pattern.substring(0, pattern.length() - 2);
      return path.equals(base) || path.startsWith(base + "/");
    }
    return path.equals(pattern);
  }
}
