package dev.dzauth.store;

import dev.dzauth.status.StatusListIndex;

/** The index contract on {@link InMemoryStatusListIndex}. */
final class InMemoryStatusListIndexTests extends StatusListIndexContract {

  private InMemoryStatusListIndex current;

  @Override
  StatusListIndex open(int listSize) {
    current = new InMemoryStatusListIndex(listSize);
    return current;
  }

  @Override
  StatusListIndex reopen(int listSize) {
    return current; // one storage, one size: the contract's continuation holds trivially
  }
}
