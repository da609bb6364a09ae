package dev.dzauth.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dzauth.lifecycle.OwnerChangeResult;
import dev.dzauth.lifecycle.RolledToken;
import dev.dzauth.lifecycle.TokenEventPage;
import dev.dzauth.lifecycle.TokenService;
import dev.dzauth.status.OwnerAction;
import dev.dzauth.status.OwnerChange;
import dev.dzauth.status.OwnerScope;
import dev.dzauth.status.TokenStatus;
import dev.dzauth.store.TokenEvent;
import dev.dzauth.store.TokenRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * docs/openapi.json documents every route {@link TokenApi} serves, with the scope it checks, and
 * the lifecycle schemas name exactly the fields {@link Representations} writes, in its order, with
 * the limits the code applies.
 */
class OpenApiRoutesTests {

  private static JsonNode document;

  @BeforeAll
  static void read() throws IOException {
    document =
        JsonMapper.builder()
            .build()
            .readTree(Files.readString(Path.of("..", "docs", "openapi.json")));
  }

  private static JsonNode schema(String name) {
    JsonNode s = document.path("components").path("schemas").path(name);
    assertThat(s.isObject()).as("schema %s", name).isTrue();
    return s;
  }

  private static List<String> properties(JsonNode schema) {
    List<String> names = new ArrayList<>();
    schema.path("properties").propertyNames().forEach(names::add);
    return names;
  }

  @ParameterizedTest(name = "{0} {1}: {2}")
  @CsvSource({
    "post,   /api/v1/tokens,                      tokens:write",
    "get,    /api/v1/tokens,                      tokens:read",
    "get,    /api/v1/tokens/{token_id},           tokens:read",
    "delete, /api/v1/tokens/{token_id},           tokens:write",
    "post,   /api/v1/tokens/{token_id}/revoke,    tokens:write",
    "post,   /api/v1/tokens/{token_id}/suspend,   tokens:write",
    "post,   /api/v1/tokens/{token_id}/activate,  tokens:write",
    "post,   /api/v1/tokens/{token_id}/roll,      tokens:write",
    "get,    /api/v1/tokens/{token_id}/events,    tokens:read",
    "post,   /api/v1/admin/tokens/revoke,         tokens:admin",
    "post,   /api/v1/admin/tokens/suspend,        tokens:admin",
    "post,   /api/v1/admin/tokens/activate,       tokens:admin",
    "post,   /api/v1/tokens/leaks,                tokens:report-leaks",
    "post,   /oauth2/introspect,                  tokens:introspect",
  })
  void everyRouteIsDocumentedWithItsScope(String method, String path, String scope) {
    JsonNode operation = document.path("paths").path(path).path(method);
    assertThat(operation.isObject()).as("%s %s in docs/openapi.json", method, path).isTrue();
    assertThat(operation.path("security").get(0).path("BearerAuth").get(0).stringValue())
        .isEqualTo(scope);
    assertThat(
            Set.of(
                TokenApi.READ_SCOPE,
                TokenApi.WRITE_SCOPE,
                TokenApi.ADMIN_SCOPE,
                TokenApi.REPORT_LEAKS_SCOPE,
                TokenApi.INTROSPECT_SCOPE))
        .contains(scope);
    assertThat(operation.path("description").stringValue()).contains("`" + scope + "`");
  }

  @Test
  void theAdminPathsAreTheApisAndEveryDocumentedPathIsServed() {
    List<String> paths = new ArrayList<>();
    document.path("paths").propertyNames().forEach(paths::add);
    assertThat(paths)
        .contains(
            TokenApi.ADMIN_TOKENS_PATH + "/revoke",
            TokenApi.ADMIN_TOKENS_PATH + "/suspend",
            TokenApi.ADMIN_TOKENS_PATH + "/activate",
            TokenApi.TOKENS_PATH + "/{token_id}/roll",
            TokenApi.TOKENS_PATH + "/{token_id}/events",
            TokenApi.LEAKS_PATH,
            TokenApi.INTROSPECT_PATH)
        .hasSize(15);
  }

  @Test
  void theRollResponseSchemaIsWhatARollAnswers() {
    TokenRecord previous = record("old", "new-id", Instant.parse("2027-01-01T00:05:00Z"));
    TokenRecord successor = record("new-id", null, Instant.parse("2028-01-01T00:00:00Z"));
    var written = Representations.rolled(new RolledToken("dz_a.b.c", successor, previous));
    List<String> fields = new ArrayList<>();
    written.propertyNames().forEach(fields::add);
    JsonNode rolled = schema("RolledTokenResponse");
    assertThat(properties(rolled)).containsExactlyElementsOf(fields);
    assertThat(rolled.path("required").toString())
        .isEqualTo("[\"token\",\"token_info\",\"previous_token_info\"]");

    List<String> tokenInfo = properties(schema("APITokenResponse"));
    tokenInfo.addAll(properties(schema("TokenInfo")));
    List<String> previousFields = new ArrayList<>();
    written.get("previous_token_info").propertyNames().forEach(previousFields::add);
    assertThat(tokenInfo).containsExactlyElementsOf(previousFields);
    List<String> successorFields = new ArrayList<>();
    written.get("token_info").propertyNames().forEach(successorFields::add);
    List<String> always = properties(schema("APITokenResponse"));
    schema("TokenInfo").path("required").forEach(n -> always.add(n.stringValue()));
    assertThat(always).containsExactlyElementsOf(successorFields);
    assertThat(rolled.path("properties").path("token_info").path("$ref").stringValue())
        .isEqualTo("#/components/schemas/TokenInfo");
  }

  @Test
  void theTokenObjectIsTheSeedsThenTheExtensionsEveryTokenHas() {
    TokenRecord account = record("a", null, Instant.parse("2027-01-01T00:00:00Z"));
    List<String> fields = new ArrayList<>();
    Representations.token(account).propertyNames().forEach(fields::add);
    List<String> documented = properties(schema("APITokenResponse"));
    JsonNode info = schema("TokenInfo");
    info.path("required").forEach(n -> documented.add(n.stringValue()));
    assertThat(documented).containsExactlyElementsOf(fields);
    List<String> extensions = properties(info);
    assertThat(extensions)
        .containsExactly(
            "token_scope", "environment_id", "created_by", "updated_at", "replaced_by");
    assertThat(info.path("properties").path("token_scope").path("enum").toString())
        .isEqualTo(
            "[\"" + TokenService.ACCOUNT_SCOPE + "\",\"" + TokenService.ENVIRONMENT_SCOPE + "\"]");
    JsonNode created = schema("TokenCreatedResponse");
    assertThat(created.path("allOf").get(0).path("$ref").stringValue())
        .isEqualTo("#/components/schemas/APITokenCreateResponse");
    assertThat(created.path("properties").path("token_info").path("$ref").stringValue())
        .isEqualTo("#/components/schemas/TokenInfo");
    assertThat(
            document
                .path("paths")
                .path(TokenApi.TOKENS_PATH)
                .path("post")
                .path("responses")
                .path("201")
                .path("content")
                .path("application/json")
                .path("schema")
                .path("$ref")
                .stringValue())
        .isEqualTo("#/components/schemas/TokenCreatedResponse");
  }

  @Test
  void theCreateSchemaHasTheScopeFieldsWithTheServicesBounds() {
    JsonNode body = schema("TokenCreateRequest").path("properties");
    assertThat(body.path("token_scope").path("enum").toString())
        .isEqualTo("[\"account\",\"environment\",null]");
    assertThat(body.path("environment_id").path("maxLength").asInt())
        .isEqualTo(dev.dzauth.token.TokenFormat.MAX_ENVIRONMENT_ID_LENGTH);
    assertThat(body.path("environment_id").path("minLength").asInt()).isEqualTo(1);
  }

  @Test
  void theEnvironmentHeaderIsDocumentedOnEveryOperationThatTakesTheBusinessHeader() {
    JsonNode header = document.path("components").path("parameters").path("XEnvironmentId");
    assertThat(header.path("name").stringValue()).isEqualTo(BearerAuthenticator.ENVIRONMENT_HEADER);
    assertThat(header.path("in").stringValue()).isEqualTo("header");
    document
        .path("paths")
        .forEach(
            path ->
                path.forEach(
                    operation -> {
                      String params = operation.path("parameters").toString();
                      if (params.contains("XBusinessId")) {
                        assertThat(params).contains("XEnvironmentId");
                      }
                    }));
  }

  @Test
  void theEventSchemasAreWhatTheEventsRouteAnswers() {
    TokenEvent event =
        new TokenEvent(
            "0193a1f2-7c4e-7d21-9f3a-5b8c2d1e4f60",
            TokenEvent.Type.CREATED,
            Instant.parse("2026-12-01T00:00:00Z"),
            "t",
            "j",
            "b",
            "s",
            "s",
            null,
            "127.0.0.1",
            "curl/8",
            0);
    var page = Representations.events(new TokenEventPage(List.of(event), 50, null, false));
    List<String> pageFields = new ArrayList<>();
    page.propertyNames().forEach(pageFields::add);
    JsonNode pageSchema = schema("TokenEventPage");
    assertThat(properties(pageSchema)).containsExactlyElementsOf(pageFields);
    assertThat(pageSchema.path("required").size()).isEqualTo(pageFields.size());
    List<String> eventFields = new ArrayList<>();
    page.get("items").get(0).propertyNames().forEach(eventFields::add);
    JsonNode eventSchema = schema("TokenEvent");
    assertThat(properties(eventSchema)).containsExactlyElementsOf(eventFields);
    assertThat(eventSchema.path("required").size()).isEqualTo(eventFields.size());
    List<String> types = new ArrayList<>();
    schema("TokenEventType").path("enum").forEach(n -> types.add(n.stringValue()));
    assertThat(types)
        .containsExactlyElementsOf(
            java.util.Arrays.stream(TokenEvent.Type.values())
                .map(TokenEvent.Type::apiValue)
                .toList());
    assertThat(eventSchema.path("properties").path("user_agent").path("maxLength").asInt())
        .isEqualTo(dev.dzauth.store.ChangeOrigin.MAX_USER_AGENT_LENGTH);
    assertThat(eventSchema.path("properties").path("client_ip").path("maxLength").asInt())
        .isEqualTo(dev.dzauth.store.ChangeOrigin.MAX_IP_LENGTH);
  }

  @Test
  void theRollRequestSchemaHasTheServicesDefaults() {
    JsonNode grace = schema("RollRequest").path("properties").path("grace_period_seconds");
    assertThat(grace.path("minimum").asLong()).isZero();
    assertThat(grace.path("maximum").asLong())
        .isEqualTo(TokenService.DEFAULT_MAX_ROLL_GRACE_PERIOD.toSeconds());
    assertThat(grace.path("default").asLong()).isZero();
  }

  @Test
  void theOwnerChangeSchemasAreWhatTheAdminRoutesReadAndAnswer() {
    OwnerScope scope = OwnerScope.subject("b-1", "carol");
    var written =
        Representations.ownerChange(
            new OwnerChangeResult(
                scope,
                OwnerAction.REVOKE,
                2,
                false,
                new OwnerChange(
                    7,
                    scope,
                    OwnerAction.REVOKE,
                    Instant.parse("2026-12-01T00:00:00Z"),
                    "a",
                    "r")));
    List<String> fields = new ArrayList<>();
    written.propertyNames().forEach(fields::add);
    JsonNode response = schema("OwnerChangeResponse");
    assertThat(properties(response)).containsExactlyElementsOf(fields);
    assertThat(response.path("required").size()).isEqualTo(fields.size());

    JsonNode request = schema("OwnerChangeRequest").path("properties");
    assertThat(request.propertyNames()).containsExactly("subject", "reason", "dry_run");
    assertThat(request.path("subject").path("maxLength").asInt())
        .isEqualTo(Bodies.MAX_SUBJECT_LENGTH);
    assertThat(request.path("subject").path("minLength").asInt()).isEqualTo(1);
    assertThat(request.path("reason").path("maxLength").asInt())
        .isEqualTo(TokenService.MAX_REASON_LENGTH);
    assertThat(request.path("dry_run").path("default").asBoolean()).isFalse();
  }

  private static TokenRecord record(String id, @Nullable String rolledTo, Instant expiresAt) {
    Instant created = Instant.parse("2026-12-01T00:00:00Z");
    return new TokenRecord(
        id,
        "jti-" + id,
        "n",
        null,
        "dz_abcdefabcdef",
        "s",
        "b",
        Set.of(),
        "s",
        created,
        created,
        expiresAt,
        null,
        TokenStatus.ACTIVE,
        0,
        null,
        null,
        null,
        0,
        rolledTo,
        null,
        null);
  }
}
