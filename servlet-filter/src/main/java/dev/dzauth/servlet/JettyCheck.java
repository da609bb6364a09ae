package dev.dzauth.servlet;

import dev.dzauth.servlet.jetty.JettyHardening;
import jakarta.servlet.ServletContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On Jetty, makes the container's per-connection header cache case-sensitive from the filter's
 * {@code init}, or says loudly what to set when Jetty's classes cannot be reached. The filter
 * cannot tell on its own: Jetty hands it the cached value, the real token's, and the bytes sent are
 * gone.
 */
final class JettyCheck {

  private static final Logger LOG = LoggerFactory.getLogger(JettyCheck.class);
  private static final String HOW =
      "set HttpConfiguration.setHeaderCacheCaseSensitive(true) on every connector (in a jetty-home"
          + " base: <Ref refid=\"httpConfig\"><Set"
          + " name=\"headerCacheCaseSensitive\">true</Set></Ref> in an etc/*.xml, or"
          + " jetty.httpConfig.headerCacheSize=0 in start.d/server.ini)";

  private JettyCheck() {}

  static void harden(ServletContext context) {
    String info = context.getServerInfo();
    if (info == null || !info.regionMatches(true, 0, "jetty", 0, 5)) {
      return;
    }
    try {
      int changed = JettyHardening.hardenCurrentServer();
      if (changed > 0) {
        LOG.warn(
            "dz-auth: Jetty matched cached header values ignoring case on {} connector(s), so a"
                + " token with its letter case changed would pass as the real one; made them"
                + " case-sensitive. To say so yourself, {}",
            changed,
            HOW);
      } else if (changed < 0) {
        LOG.warn(
            "dz-auth: running on {} but its configuration is not reachable from here; {}",
            info,
            HOW);
      }
    } catch (LinkageError e) {
      LOG.warn(
          "dz-auth: running on {}, whose server classes this web application cannot see; {}",
          info,
          HOW);
    }
  }
}
