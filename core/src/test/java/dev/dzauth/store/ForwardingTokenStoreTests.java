package dev.dzauth.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ForwardingTokenStoreTests {

  /**
   * A decorator that forgets a method (a default one above all: it would run the interface's
   * default against the decorator instead of the store underneath) is a silent bug; the base class
   * must declare every method of the SPI, inherited ones included.
   */
  @Test
  void forwardsEveryMethodOfTheStoreSpiIncludingDefaults() {
    List<String> missing =
        Arrays.stream(TokenStore.class.getMethods())
            .filter(m -> !Modifier.isStatic(m.getModifiers()))
            .filter(m -> !declares(ForwardingTokenStore.class, m))
            .map(Method::toString)
            .toList();
    assertThat(missing).isEmpty();
    assertThat(Stream.of(TokenStore.class.getMethods()).filter(Method::isDefault)).isNotEmpty();
  }

  private static boolean declares(Class<?> type, Method m) {
    try {
      type.getDeclaredMethod(m.getName(), m.getParameterTypes());
      return true;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }
}
