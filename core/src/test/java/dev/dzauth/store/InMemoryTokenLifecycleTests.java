package dev.dzauth.store;

/** The lifecycle contract on the in-memory store. */
final class InMemoryTokenLifecycleTests extends TokenLifecycleContract {

  @Override
  TokenStore openStore() {
    return new InMemoryTokenStore();
  }
}
