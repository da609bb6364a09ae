package dev.dzauth.http;

import static dev.dzauth.servlet.testing.Http.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dzauth.servlet.testing.DemoFixture;
import dev.dzauth.servlet.testing.Http.Response;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/**
 * Each validation error of the create and revoke bodies (docs/API.md, 422 validation errors), in
 * the pydantic v2 shape FastAPI answers: {@code {"detail":[{"type","loc","msg","input","ctx"?}]}}.
 */
final class CreateBodyValidationIT {

  private static DemoFixture fx;

  @BeforeAll
  static void start() throws Exception {
    fx = new DemoFixture();
  }

  @AfterAll
  static void stop() {
    fx.close();
  }

  private static Response create(String body) {
    return fx.http.post(
        "/api/v1/tokens",
        body,
        bearer(fx.demo.bootstrapToken(), "Content-Type", "application/json"));
  }

  private static JsonNode onlyError(Response r) {
    assertThat(r.status()).as(r.body()).isEqualTo(422);
    JsonNode detail = r.json().get("detail");
    assertThat(detail.size()).as(r.body()).isEqualTo(1);
    return detail.get(0);
  }

  @ParameterizedTest(name = "{0} -> {1} at {2}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "{}                                        | missing          | [\"body\",\"name\"]        "
            + "    | Field required",
        "{\"name\": 5}                             | string_type      | [\"body\",\"name\"]        "
            + "    | Input should be a valid string",
        "{\"name\": null}                          | string_type      | [\"body\",\"name\"]        "
            + "    | Input should be a valid string",
        "{\"name\": \"\"}                          | string_too_short | [\"body\",\"name\"]        "
            + "    | String should have at least 1 character",
        "{\"name\": \"a\", \"description\": 1}     | string_type      | [\"body\",\"description\"] "
            + "    | Input should be a valid string",
        "{\"name\": \"a\", \"expires_in_days\": true}   | int_type     |"
            + " [\"body\",\"expires_in_days\"] | Input should be a valid integer",
        "{\"name\": \"a\", \"expires_in_days\": {}}     | int_type     |"
            + " [\"body\",\"expires_in_days\"] | Input should be a valid integer",
        "{\"name\": \"a\", \"expires_in_days\": \"abc\"} | int_parsing |"
            + " [\"body\",\"expires_in_days\"] | Input should be a valid integer, unable to parse"
            + " string as an integer",
        "{\"name\": \"a\", \"expires_in_days\": 1.5}    | int_from_float |"
            + " [\"body\",\"expires_in_days\"] | Input should be a valid integer, got a number with"
            + " a fractional part",
        "{\"name\": \"a\", \"expires_in_days\": 0}      | greater_than_equal |"
            + " [\"body\",\"expires_in_days\"] | Input should be greater than or equal to 1",
        "{\"name\": \"a\", \"expires_in_days\": -4}     | greater_than_equal |"
            + " [\"body\",\"expires_in_days\"] | Input should be greater than or equal to 1",
        "{\"name\": \"a\", \"expires_in_days\": 366}    | less_than_equal |"
            + " [\"body\",\"expires_in_days\"] | Input should be less than or equal to 365",
        "{\"name\": \"a\", \"expires_in_days\": 99999999999999999999999} | less_than_equal |"
            + " [\"body\",\"expires_in_days\"] | Input should be less than or equal to 365",
        "{\"name\": \"a\", \"expires_in_days\": 1e99999999} | less_than_equal |"
            + " [\"body\",\"expires_in_days\"] | Input should be less than or equal to 365",
        "{\"name\": \"a\", \"expires_in_days\": -1e99999999} | greater_than_equal |"
            + " [\"body\",\"expires_in_days\"] | Input should be greater than or equal to 1",
        "88888888888888888888888888888888888888888e888888888888888888888888888888888 | json_invalid"
            + " | [\"body\",0] | JSON decode error",
        "{\"name\": \"a\", \"scopes\": \"tokens:read\"} | list_type   | [\"body\",\"scopes\"]      "
            + "    | Input should be a valid list",
        "{\"name\": \"a\", \"scopes\": [1]}            | string_type  | [\"body\",\"scopes\",0]    "
            + "    | Input should be a valid string",
        "[]                                        | model_attributes_type | [\"body\"]           "
            + " | Input should be a valid dictionary or object to extract fields from",
        "\"name\"                                  | model_attributes_type | [\"body\"]           "
            + " | Input should be a valid dictionary or object to extract fields from",
        "null                                      | missing          | [\"body\"]                 "
            + "   | Field required",
      })
  void eachInvalidBodyIsOne422Violation(String body, String type, String loc, String msg) {
    JsonNode v = onlyError(create(body));
    assertThat(v.get("type").stringValue()).isEqualTo(type);
    assertThat(v.get("loc").toString()).isEqualTo(loc);
    assertThat(v.get("msg").stringValue()).isEqualTo(msg);
    assertThat(v.has("input")).isTrue();
  }

  @Test
  void emptyBodyIsMissingWithNullInput() {
    JsonNode v = onlyError(create(""));
    assertThat(v.toString())
        .isEqualTo(
            "{\"type\":\"missing\",\"loc\":[\"body\"],\"msg\":\"Field required\",\"input\":null}");
  }

  @Test
  void missingNameEchoesTheBodyAsInputAndOmitsCtx() {
    JsonNode v = onlyError(create("{\"description\":\"x\"}"));
    assertThat(v.get("input").toString()).isEqualTo("{\"description\":\"x\"}");
    assertThat(v.has("ctx")).isFalse();
  }

  @Test
  void rangeErrorsCarryCtx() {
    assertThat(onlyError(create("{\"name\":\"\"}")).get("ctx").toString())
        .isEqualTo("{\"min_length\":1}");
    assertThat(onlyError(create("{\"name\":\"a\",\"expires_in_days\":0}")).get("ctx").toString())
        .isEqualTo("{\"ge\":1}");
    assertThat(onlyError(create("{\"name\":\"a\",\"expires_in_days\":400}")).get("ctx").toString())
        .isEqualTo("{\"le\":365}");
    JsonNode tooLong = onlyError(create("{\"name\":\"" + "n".repeat(256) + "\"}"));
    assertThat(tooLong.get("type").stringValue()).isEqualTo("string_too_long");
    assertThat(tooLong.get("ctx").toString()).isEqualTo("{\"max_length\":255}");
    assertThat(
            onlyError(create("{\"name\":\"a\",\"description\":\"" + "d".repeat(1001) + "\"}"))
                .get("type")
                .stringValue())
        .isEqualTo("string_too_long");
  }

  @Test
  void malformedJsonIsJsonInvalidWithPosition() {
    JsonNode v = onlyError(create("{\"name\": \"a\",,}"));
    assertThat(v.get("type").stringValue()).isEqualTo("json_invalid");
    assertThat(v.get("loc").get(0).stringValue()).isEqualTo("body");
    assertThat(v.get("loc").get(1).asInt()).isPositive();
    assertThat(v.get("msg").stringValue()).isEqualTo("JSON decode error");
    assertThat(v.get("input").toString()).isEqualTo("{}");
    assertThat(v.get("ctx").has("error")).isTrue();
    assertThat(onlyError(create("{\"name\":\"a\"} trailing")).get("type").stringValue())
        .isEqualTo("json_invalid");
  }

  @Test
  void deepNestingIsJsonInvalidNotAnError500() {
    String deep = "{\"name\":\"a\",\"x\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
    assertThat(onlyError(create(deep)).get("type").stringValue()).isEqualTo("json_invalid");
  }

  @Test
  void everyViolationIsReportedAtOnce() {
    Response r =
        create("{\"name\":\"\",\"description\":5,\"expires_in_days\":true,\"scopes\":\"x\"}");
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.json().get("detail").findValuesAsString("type"))
        .containsExactly("string_too_short", "string_type", "int_type", "list_type");
  }

  @ParameterizedTest
  @CsvSource({"30.0", "\"30\"", "\" 30 \"", "30"})
  void laxIntegersAreAcceptedAsPydanticDoes(String days) {
    Response r = create("{\"name\":\"lax\",\"expires_in_days\":" + days + "}");
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    JsonNode info = r.json().get("token_info");
    assertThat(
            Duration.between(
                Instant.parse(info.get("created_at").stringValue()),
                Instant.parse(info.get("expires_at").stringValue())))
        .isEqualTo(Duration.ofDays(30));
  }

  @Test
  void unknownFieldsAreIgnored() {
    assertThat(create("{\"name\":\"extra\",\"colour\":\"blue\"}").status()).isEqualTo(201);
  }

  @Test
  void revokeBodyErrors() {
    String id = create("{\"name\":\"rv\"}").json().get("token_info").get("id").stringValue();
    String path = "/api/v1/tokens/" + id + "/revoke";
    JsonNode notString =
        onlyError(fx.http.post(path, "{\"reason\":5}", bearer(fx.demo.bootstrapToken())));
    assertThat(notString.get("type").stringValue()).isEqualTo("string_type");
    assertThat(notString.get("loc").toString()).isEqualTo("[\"body\",\"reason\"]");
    JsonNode notObject = onlyError(fx.http.post(path, "[1]", bearer(fx.demo.bootstrapToken())));
    assertThat(notObject.get("type").stringValue()).isEqualTo("model_attributes_type");
    JsonNode badJson = onlyError(fx.http.post(path, "{", bearer(fx.demo.bootstrapToken())));
    assertThat(badJson.get("type").stringValue()).isEqualTo("json_invalid");
    assertThat(fx.http.post(path, "null", bearer(fx.demo.bootstrapToken())).status())
        .isEqualTo(201);
  }
}
