package dev.dzauth.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dzauth.status.OwnerScope;
import dev.dzauth.status.StatusListEntry;
import dev.dzauth.status.StatusListIndex;
import dev.dzauth.status.StatusListIndex.ListInfo;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link StatusListIndex} contract against one implementation: dense allocation, rollover to a
 * new list, no double allocation under concurrency, and the lookups a publisher makes.
 */
abstract class StatusListIndexContract {

  /** A fresh, empty index whose lists hold {@code listSize} entries. */
  abstract StatusListIndex open(int listSize) throws Exception;

  /** Another index on the same storage, begun with {@code listSize} (the same for in memory). */
  abstract StatusListIndex reopen(int listSize) throws Exception;

  @AfterEach
  void closeStorage() throws Exception {
    close();
  }

  void close() throws Exception {}

  static String jti() {
    return UUID.randomUUID().toString();
  }

  @Test
  void indexesAreDenseAndAFullListRollsOverToTheNextAtIndexZero() throws Exception {
    StatusListIndex index = open(10);
    List<StatusListEntry> got = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      got.add(index.allocate(jti(), "alice", "b1"));
    }
    for (int i = 0; i < 25; i++) {
      assertThat(got.get(i).list()).as("entry %d", i).isEqualTo(1 + i / 10);
      assertThat(got.get(i).index()).as("entry %d", i).isEqualTo(i % 10);
    }
    assertThat(index.lists())
        .containsExactly(new ListInfo(1, 10, 10), new ListInfo(2, 10, 10), new ListInfo(3, 10, 5));
    assertThat(index.listSize()).isEqualTo(10);
  }

  @Test
  void aNewIndexOnTheSameStorageContinuesTheNewestListAtItsOwnSize() throws Exception {
    StatusListIndex first = open(4);
    for (int i = 0; i < 6; i++) {
      first.allocate(jti(), "alice", "b1");
    }
    StatusListIndex second = reopen(3);
    // list 2 was begun with size 4: it fills to 4, then list 3 is begun with the new size.
    assertThat(second.allocate(jti(), "alice", "b1"))
        .extracting("list", "index")
        .containsExactly(2, 2);
    assertThat(second.allocate(jti(), "alice", "b1"))
        .extracting("list", "index")
        .containsExactly(2, 3);
    assertThat(second.allocate(jti(), "alice", "b1"))
        .extracting("list", "index")
        .containsExactly(3, 0);
    assertThat(second.lists()).last().isEqualTo(new ListInfo(3, second.listSize(), 1));
  }

  @Test
  void concurrentAllocationsNeverShareAnIndexAndLeaveNoGap() throws Exception {
    StatusListIndex index = open(37);
    int threads = 4;
    int each = 40;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<List<StatusListEntry>>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        Callable<List<StatusListEntry>> work =
            () -> {
              List<StatusListEntry> mine = new ArrayList<>();
              for (int i = 0; i < each; i++) {
                mine.add(index.allocate(jti(), "alice", "b1"));
              }
              return mine;
            };
        futures.add(pool.submit(work));
      }
      Set<Long> positions = new HashSet<>();
      for (Future<List<StatusListEntry>> f : futures) {
        for (StatusListEntry e : f.get()) {
          assertThat(positions.add(e.position())).as("%s given twice", e).isTrue();
        }
      }
      Set<Long> expected = new HashSet<>();
      for (int n = 0; n < threads * each; n++) {
        expected.add(StatusListEntry.position(1 + n / 37, n % 37));
      }
      assertThat(positions).isEqualTo(expected);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aJtiIsAllocatedOnceAndARefusedAllocationTakesNoIndex() throws Exception {
    StatusListIndex index = open(10);
    String jti = jti();
    StatusListEntry first = index.allocate(jti, "alice", "b1");
    assertThatThrownBy(() -> index.allocate(jti, "alice", "b1")).isInstanceOf(Exception.class);
    StatusListEntry next = index.allocate(jti(), "alice", "b1");
    assertThat(next.index()).isEqualTo(first.index() + 1);
    assertThat(index.entries(List.of(jti)).get(jti)).isEqualTo(first);
  }

  @Test
  void entriesAreFoundByJtiAndUnknownOnesAreLeftOut() throws Exception {
    StatusListIndex index = open(10);
    List<StatusListEntry> made = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      made.add(index.allocate(jti(), "alice", "b1"));
    }
    List<String> asked = new ArrayList<>();
    for (StatusListEntry e : made) {
      asked.add(e.jti());
    }
    asked.add("never-allocated");
    asked.add("é not ascii");
    Map<String, StatusListEntry> found = index.entries(asked);
    assertThat(found).hasSize(150);
    for (StatusListEntry e : made) {
      assertThat(found.get(e.jti())).isEqualTo(e);
    }
  }

  @Test
  void anOwnersEntriesComeInPagesInPositionOrder() throws Exception {
    StatusListIndex index = open(7);
    List<StatusListEntry> aliceB1 = new ArrayList<>();
    List<StatusListEntry> b1 = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String subject = i % 3 == 0 ? "alice" : "bob";
      String business = i % 4 == 0 ? "b2" : "b1";
      StatusListEntry e = index.allocate(jti(), subject, business);
      if (business.equals("b1")) {
        b1.add(e);
        if (subject.equals("alice")) {
          aliceB1.add(e);
        }
      }
    }
    assertThat(pagesOf(index, OwnerScope.business("b1"), 4)).isEqualTo(b1);
    assertThat(pagesOf(index, OwnerScope.subject("b1", "alice"), 3)).isEqualTo(aliceB1);
    assertThat(index.entriesOf(OwnerScope.business("nobody"), -1, 10)).isEmpty();
  }

  @Test
  void aListsEntriesComeInPagesInIndexOrder() throws Exception {
    StatusListIndex index = open(9);
    List<StatusListEntry> second = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      StatusListEntry e = index.allocate(jti(), "alice", "b1");
      if (e.list() == 2) {
        second.add(e);
      }
    }
    List<StatusListEntry> paged = new ArrayList<>();
    int after = -1;
    while (true) {
      List<StatusListEntry> page = index.entriesIn(2, after, 4);
      if (page.isEmpty()) {
        break;
      }
      paged.addAll(page);
      after = page.get(page.size() - 1).index();
    }
    assertThat(paged).isEqualTo(second);
    assertThat(index.entriesIn(4, -1, 10)).isEmpty();
    assertThat(index.entriesIn(3, -1, 100)).hasSize(7);
  }

  private static List<StatusListEntry> pagesOf(StatusListIndex index, OwnerScope owner, int limit)
      throws Exception {
    List<StatusListEntry> out = new ArrayList<>();
    long after = -1;
    while (true) {
      List<StatusListEntry> page = index.entriesOf(owner, after, limit);
      assertThat(page.size()).isLessThanOrEqualTo(limit);
      if (page.isEmpty()) {
        return out;
      }
      out.addAll(page);
      after = page.get(page.size() - 1).position();
    }
  }

  @Test
  void theListSizeIsBounded() {
    assertThatThrownBy(() -> open(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> open(StatusListIndex.MAX_LIST_SIZE + 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
