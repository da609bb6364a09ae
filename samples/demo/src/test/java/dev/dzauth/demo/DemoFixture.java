package dev.dzauth.demo;

import dev.dzauth.lifecycle.Caller;
import dev.dzauth.lifecycle.CreateTokenRequest;
import dev.dzauth.servlet.testing.Http;
import java.util.Set;

/** The demo ({@link DemoServer}) on a free port, with helpers to make more tokens. */
public final class DemoFixture implements AutoCloseable {

  public final DemoServer demo;
  public final Http http;

  public DemoFixture() throws Exception {
    demo = DemoServer.start(0, null, null, null);
    http = new Http(demo.baseUri());
  }

  public Caller admin() {
    return new Caller("admin@demo.example", demo.businessId(), DemoServer.SCOPES);
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
