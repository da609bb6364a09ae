package dev.dzauth.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * docs/openapi.json keeps every schema of the vendor API as the vendor wrote it: for each schema of
 * the fixtures {@code seed/*.schemas.json}, the same properties with the same types (nullability
 * included), constraints, formats, defaults and required list. Prose ({@code title}, {@code
 * description}) may say more; {@code anyOf [T, {"type": "null"}]} and {@code "type": [T, "null"]}
 * are the same schema.
 */
class OpenApiDocumentTests {

  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final Path DOCUMENT = Path.of("..", "docs", "openapi.json");

  static Stream<Arguments> seedSchemas() throws IOException {
    List<Arguments> all = new ArrayList<>();
    for (String seed : List.of("000-create-token", "002-revoke-token")) {
      try (InputStream in =
          OpenApiDocumentTests.class.getResourceAsStream("/seed/" + seed + ".schemas.json")) {
        JsonNode schemas = JSON.readTree(in);
        for (Map.Entry<String, JsonNode> e : schemas.properties()) {
          all.add(Arguments.of(seed, e.getKey(), e.getValue()));
        }
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("seedSchemas")
  void documentKeepsTheSeedSchemaFieldByField(String seed, String name, JsonNode seedSchema)
      throws IOException {
    JsonNode ours =
        JSON.readTree(Files.readString(DOCUMENT)).path("components").path("schemas").path(name);
    assertThat(ours.isObject()).as("schema %s in docs/openapi.json", name).isTrue();

    assertThat(normalized(ours))
        .as("schema %s (prose aside)", name)
        .isEqualTo(normalized(seedSchema));
  }

  /** The schema without prose, with nullable unions in one form and numbers compared by value. */
  static JsonNode normalized(JsonNode node) {
    if (node.isObject()) {
      JsonNode anyOf = node.get("anyOf");
      if (anyOf != null && anyOf.size() == 2 && anyOf.get(1).equals(nullType())) {
        ObjectNode merged = (ObjectNode) anyOf.get(0).deepCopy();
        Iterator<Map.Entry<String, JsonNode>> rest = node.properties().iterator();
        while (rest.hasNext()) {
          Map.Entry<String, JsonNode> e = rest.next();
          if (!e.getKey().equals("anyOf")) {
            merged.set(e.getKey(), e.getValue());
          }
        }
        JsonNode type = merged.get("type");
        if (type != null && type.isString()) {
          merged.set("type", JsonNodeFactory.instance.arrayNode().add(type.asString()).add("null"));
        } else if (type == null && merged.has("$ref")) {
          merged =
              JsonNodeFactory.instance
                  .objectNode()
                  .set(
                      "anyOf",
                      JsonNodeFactory.instance.arrayNode().add(anyOf.get(0)).add(nullType()));
          return normalizedObject(merged);
        }
        return normalized(merged);
      }
      return normalizedObject((ObjectNode) node);
    }
    if (node.isArray()) {
      var out = JsonNodeFactory.instance.arrayNode();
      node.forEach(n -> out.add(normalized(n)));
      return out;
    }
    if (node.isNumber()) {
      return JsonNodeFactory.instance.numberNode(node.decimalValue().stripTrailingZeros());
    }
    return node;
  }

  private static JsonNode normalizedObject(ObjectNode node) {
    Map<String, JsonNode> sorted = new TreeMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (e.getKey().equals("title")
          || e.getKey().equals("description")
          || e.getKey().equals("examples")) {
        continue;
      }
      sorted.put(e.getKey(), normalized(e.getValue()));
    }
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    sorted.forEach(out::set);
    return out;
  }

  private static JsonNode nullType() {
    return JsonNodeFactory.instance.objectNode().put("type", "null");
  }
}
