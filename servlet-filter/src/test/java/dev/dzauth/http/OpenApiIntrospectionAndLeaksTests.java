package dev.dzauth.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dzauth.lifecycle.Caller;
import dev.dzauth.lifecycle.CreateTokenRequest;
import dev.dzauth.lifecycle.TokenService;
import dev.dzauth.status.StatusCache;
import dev.dzauth.store.InMemoryTokenStore;
import dev.dzauth.testing.TestKeys;
import dev.dzauth.token.KeySet;
import dev.dzauth.token.KeySetHolder;
import dev.dzauth.token.TokenMinter;
import dev.dzauth.token.TokenVerifier;
import dev.dzauth.token.VerifiedToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * docs/openapi.json's introspection and leak report schemas are what the code reads and writes: the
 * fields of an active introspection answer in their order, the leak report's bounds, the paths'
 * constants.
 */
class OpenApiIntrospectionAndLeaksTests {

  private static JsonNode schema(String name) throws IOException {
    JsonNode document =
        JsonMapper.builder()
            .build()
            .readTree(Files.readString(Path.of("..", "docs", "openapi.json")));
    JsonNode s = document.path("components").path("schemas").path(name);
    assertThat(s.isObject()).as("schema %s", name).isTrue();
    return s;
  }

  private static List<String> names(JsonNode n) {
    List<String> names = new ArrayList<>();
    n.propertyNames().forEach(names::add);
    return names;
  }

  @Test
  void theIntrospectionResponseSchemaIsWhatAnActiveAnswerWrites() throws IOException {
    KeySetHolder keys = KeySetHolder.of(KeySet.of(TestKeys.es256()));
    InMemoryTokenStore store = new InMemoryTokenStore();
    try (StatusCache statuses = StatusCache.builder(store).build();
        TokenService service =
            TokenService.builder(TokenMinter.builder("iss", keys).build(), store, statuses)
                .build()) {
      TokenVerifier verifier = TokenVerifier.builder("iss", keys, statuses).build();
      Caller alice = new Caller("alice", "biz", Set.of(TokenApi.INTROSPECT_SCOPE));
      String env =
          service
              .create(alice, new CreateTokenRequest("e", null, 30, null, null, "staging"))
              .token();
      VerifiedToken caller = verifier.verify(env);
      TokenApi api = TokenApi.create(service, verifier);
      ApiResponse answer =
          api.handle(
              new ApiRequest(
                  "POST",
                  TokenApi.INTROSPECT_PATH,
                  Map.of(),
                  ("token=" + env).getBytes(StandardCharsets.UTF_8),
                  caller,
                  "application/x-www-form-urlencoded",
                  null,
                  null,
                  null));
      JsonNode written = Json.read(answer.body());
      JsonNode response = schema("IntrospectionResponse");
      assertThat(names(response.path("properties"))).containsExactlyElementsOf(names(written));
      assertThat(response.path("properties").path("token_type").path("const").stringValue())
          .isEqualTo(Introspection.TOKEN_TYPE);
      assertThat(names(schema("IntrospectionRequest").path("properties")))
          .containsExactly("token", "token_type_hint");
    }
  }

  @Test
  void theLeakReportSchemaHasTheRoutesBounds() throws IOException {
    JsonNode tokens = schema("LeakReport").path("properties").path("tokens");
    assertThat(tokens.path("minItems").asInt()).isEqualTo(1);
    assertThat(tokens.path("maxItems").asInt()).isEqualTo(LeakReports.MAX_TOKENS);
    assertThat(tokens.path("items").path("maxLength").asInt())
        .isEqualTo(LeakReports.MAX_TOKEN_LENGTH);
    assertThat(names(schema("LeakReportResponse").path("properties"))).containsExactly("received");
  }
}
