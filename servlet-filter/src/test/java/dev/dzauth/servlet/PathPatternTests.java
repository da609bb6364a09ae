package dev.dzauth.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dzauth.http.ApiRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class PathPatternTests {

  @Test
  void servletPatternsMatchAsTheSpecSays() {
    assertThat(new PathPattern("/health").matches("/health")).isTrue();
    assertThat(new PathPattern("/health").matches("/health/x")).isFalse();
    assertThat(new PathPattern("/public/*").matches("/public")).isTrue();
    assertThat(new PathPattern("/public/*").matches("/public/a/b")).isTrue();
    assertThat(new PathPattern("/public/*").matches("/publicity")).isFalse();
    assertThat(new PathPattern("*.css").matches("/a/b.css")).isTrue();
    assertThat(new PathPattern("*.css").matches("/a.css/b")).isFalse();
    assertThat(new PathPattern("/*").matches("/anything")).isTrue();
  }

  @Test
  void patternsThatAreNotServletPatternsAreRefused() {
    for (String bad : List.of("", "health", "/a/*/b", "/a*", "**.css")) {
      assertThatThrownBy(() -> new PathPattern(bad)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void queryStringsDecodeAndKeepEveryValue() {
    Map<String, List<String>> q =
        ApiRequest.parseQuery("limit=5&limit=2&sort_by=created_at&x&c=a%2Bb%3D&bad=%zz");
    assertThat(q.get("limit")).containsExactly("5", "2");
    assertThat(q.get("x")).containsExactly("");
    assertThat(q.get("c")).containsExactly("a+b=");
    assertThat(q.get("bad")).containsExactly("%zz");
  }
}
