/**
 * The README's {@code web.xml} example as a web application for a standalone container: {@link
 * dev.dzauth.sample.war.HelloServlet} is the application's own servlet behind the filter.
 */
@org.jspecify.annotations.NullMarked
package dev.dzauth.sample.war;
