package dev.dzauth.http;

import static dev.dzauth.servlet.testing.Http.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dzauth.servlet.testing.DemoFixture;
import dev.dzauth.servlet.testing.Http.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * Each validation error of the list query (docs/API.md, Pagination and 422 validation errors), as
 * FastAPI and pydantic v2 answer it.
 */
final class ListQueryValidationIT {

  private static DemoFixture fx;

  @BeforeAll
  static void start() throws Exception {
    fx = new DemoFixture();
  }

  @AfterAll
  static void stop() {
    fx.close();
  }

  private static Response list(String query) {
    return fx.http.get("/api/v1/tokens?" + query, bearer(fx.demo.bootstrapToken()));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "include_revoked=maybe      | bool_parsing       | include_revoked     | Input should be a"
            + " valid boolean, unable to interpret input",
        "include_total_count=2      | bool_parsing       | include_total_count | Input should be a"
            + " valid boolean, unable to interpret input",
        "descending=                | bool_parsing       | descending          | Input should be a"
            + " valid boolean, unable to interpret input",
        "limit=abc                  | int_parsing        | limit               | Input should be a"
            + " valid integer, unable to parse string as an integer",
        "limit=1.5                  | int_parsing        | limit               | Input should be a"
            + " valid integer, unable to parse string as an integer",
        "limit=0                    | greater_than_equal | limit               | Input should be"
            + " greater than or equal to 1",
        "limit=101                  | less_than_equal    | limit               | Input should be"
            + " less than or equal to 100",
        "direction=up               | literal_error      | direction           | Input should be"
            + " 'next' or 'prev'",
        "sort_by=amount             | literal_error      | sort_by             | Input should be"
            + " 'created_at', 'name', 'expires_at' or 'last_used_at'",
        "cursor=bm90LWEtY3Vyc29y    | value_error        | cursor              | ",
      })
  void eachInvalidQueryIsA422AtItsLocation(String query, String type, String name, String msg) {
    Response r = list(query);
    assertThat(r.status()).as(r.body()).isEqualTo(422);
    JsonNode v = r.json().get("detail").get(0);
    assertThat(v.get("type").stringValue()).isEqualTo(type);
    assertThat(v.get("loc").toString()).isEqualTo("[\"query\",\"" + name + "\"]");
    if (msg != null) {
      assertThat(v.get("msg").stringValue()).isEqualTo(msg);
    }
    assertThat(v.has("input")).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "true", "false", "1", "0", "yes", "no", "on", "off", "t", "f", "y", "n", "TRUE", "Yes",
        "OFF"
      })
  void pydanticBooleanSpellingsAreAccepted(String value) {
    assertThat(
            list("include_revoked="
                    + value
                    + "&descending="
                    + value
                    + "&include_total_count="
                    + value)
                .status())
        .isEqualTo(200);
  }

  @Test
  void limitErrorsCarryCtxAndTheRawInput() {
    JsonNode v = list("limit=500").json().get("detail").get(0);
    assertThat(v.get("input").stringValue()).isEqualTo("500");
    assertThat(v.get("ctx").toString()).isEqualTo("{\"le\":100}");
  }

  @Test
  void everyViolationIsReportedAtOnce() {
    Response r = list("limit=x&direction=sideways&sort_by=amount&descending=perhaps");
    assertThat(r.json().get("detail").findValuesAsString("type"))
        .containsExactly("int_parsing", "literal_error", "literal_error", "bool_parsing");
  }

  @Test
  void aTamperedCursorIs422() {
    for (int i = 0; i < 3; i++) {
      fx.token("c" + i, DemoServerScopes.ALL);
    }
    String next = list("limit=1").json().get("next_cursor").stringValue();
    char last = next.charAt(5);
    String tampered = next.substring(0, 5) + (last == 'A' ? 'B' : 'A') + next.substring(6);
    Response r = list("limit=1&cursor=" + tampered);
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.json().get("detail").get(0).get("loc").toString())
        .isEqualTo("[\"query\",\"cursor\"]");
    assertThat(list("limit=1&cursor=" + next).status()).isEqualTo(200);
  }

  @Test
  void defaultsAndTheLastOfARepeatedParameter() {
    JsonNode page = list("limit=5&limit=2").json();
    assertThat(page.get("limit").asInt()).isEqualTo(2);
    assertThat(list("").json().get("limit").asInt()).isEqualTo(50);
    assertThat(list("unknown=1&cursor=").status()).isEqualTo(200);
  }

  /** The demo's scopes as a set, for brevity. */
  static final class DemoServerScopes {
    static final java.util.Set<String> ALL = dev.dzauth.servlet.testing.DemoApp.SCOPES;
  }
}
