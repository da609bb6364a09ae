package dev.dzauth.servlet.testing;

import dev.dzauth.lifecycle.Caller;
import dev.dzauth.lifecycle.CreateTokenRequest;
import java.util.Set;

/** A {@link DemoApp} on a free port, with helpers to make more tokens. */
public final class DemoFixture implements AutoCloseable {

  public final DemoApp demo;
  public final Http http;

  public DemoFixture() throws Exception {
    demo = new DemoApp();
    http = new Http(demo.baseUri());
  }

  public Caller admin() {
    return new Caller("admin@demo.example", demo.businessId(), DemoApp.SCOPES);
  }

  /** A new token of the bootstrap user with {@code scopes}. */
  public String token(String name, Set<String> scopes) {
    return demo.service().create(admin(), new CreateTokenRequest(name, null, 30, scopes)).token();
  }

  @Override
  public void close() {
    demo.close();
  }
}
