package dev.dzauth.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dzauth.DzAuthException.Reason;
import dev.dzauth.http.BearerCredentials.Kind;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 7235 §2.1 / RFC 6750 §2.1 credentials, as both adapters parse them. */
final class BearerCredentialsTests {

  @ParameterizedTest(name = "[{index}] ''{0}'' is {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      value = {
        "'Bearer dz_a.b.c'        | TOKEN     | dz_a.b.c",
        "'bearer dz_a.b.c'        | TOKEN     | dz_a.b.c",
        "'BEARER dz_a.b.c'        | TOKEN     | dz_a.b.c",
        "'Bearer   dz_a.b.c'      | TOKEN     | dz_a.b.c",
        "' Bearer dz_a.b.c\t'     | TOKEN     | dz_a.b.c",
        "'Bearer\tdz_a.b.c'       | MALFORMED | ",
        "'Bearer \tdz_a.b.c'      | MALFORMED | ",
        "'Bearer dz_a.b.c extra'  | MALFORMED | ",
        "'Bearer dz_a\tb'         | MALFORMED | ",
        "'Bearer'                 | ABSENT    | ",
        "'Bearer   '              | ABSENT    | ",
        "''                       | ABSENT    | ",
        "'Basic dXNlcjpwYXNz'     | ABSENT    | ",
        "'Bearerdz_a.b.c'         | ABSENT    | ",
        "'Bearer\t'               | ABSENT    | "
      })
  void oneHeader(String value, Kind kind, String token) {
    BearerCredentials c = BearerCredentials.parse(List.of(value));
    assertThat(c.kind()).isEqualTo(kind);
    assertThat(c.token()).isEqualTo(token);
    if (kind == Kind.MALFORMED) {
      assertThat(c.failure().reason()).isEqualTo(Reason.MALFORMED);
    }
    assertThat(c.toString()).doesNotContain("dz_a");
  }

  @ParameterizedTest(name = "[{index}] {0} headers")
  @CsvSource({"2", "3"})
  void severalHeadersAreMalformed(int n) {
    BearerCredentials c =
        BearerCredentials.parse(java.util.Collections.nCopies(n, "Bearer dz_a.b.c"));
    assertThat(c.kind()).isEqualTo(Kind.MALFORMED);
    assertThat(c.token()).isNull();
  }

  @org.junit.jupiter.api.Test
  void noHeaderIsAbsent() {
    assertThat(BearerCredentials.parse(List.of()).kind()).isEqualTo(Kind.ABSENT);
  }
}
