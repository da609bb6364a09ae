package dev.dzauth.publish;

import dev.dzauth.status.StatusListIndex;
import dev.dzauth.store.InMemoryStatusListIndex;
import dev.dzauth.store.InMemoryTokenStore;
import dev.dzauth.store.TokenStore;

/** The publisher contract over the in-memory store and index. */
final class InMemoryStatusListPublisherTests extends StatusListPublisherContract {

  @Override
  TokenStore openStore() {
    return new InMemoryTokenStore();
  }

  @Override
  StatusListIndex openIndex(TokenStore store, int listSize) {
    return new InMemoryStatusListIndex(listSize);
  }
}
