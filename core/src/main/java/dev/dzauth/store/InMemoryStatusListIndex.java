package dev.dzauth.store;

import dev.dzauth.status.OwnerScope;
import dev.dzauth.status.StatusListEntry;
import dev.dzauth.status.StatusListIndex;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A {@link StatusListIndex} in memory, beside an {@link InMemoryTokenStore}: thread-safe (one lock;
 * every operation is short), dense as the SPI says, nothing survives a restart. Lookups by owner
 * are indexed (by business, and by business and subject), so a page costs its own size.
 */
public final class InMemoryStatusListIndex implements StatusListIndex {

  private final int listSize;
  private final Object lock = new Object();
  private final Map<String, StatusListEntry> byJti = new HashMap<>();
  private final Map<Integer, NavigableMap<Integer, StatusListEntry>> byList = new HashMap<>();
  private final Map<String, NavigableMap<Long, StatusListEntry>> byBusiness = new HashMap<>();
  private final Map<List<String>, NavigableMap<Long, StatusListEntry>> bySubject = new HashMap<>();
  private final List<int[]> lists = new ArrayList<>(); // {size, allocated} of list i + 1

  /** An empty index whose lists hold {@link #DEFAULT_LIST_SIZE} entries. */
  public InMemoryStatusListIndex() {
    this(DEFAULT_LIST_SIZE);
  }

  /**
   * An empty index whose lists hold {@code listSize} entries.
   *
   * @throws IllegalArgumentException unless {@code listSize} is 1 to {@link #MAX_LIST_SIZE}
   */
  public InMemoryStatusListIndex(int listSize) {
    this.listSize = StatusListIndex.checkListSize(listSize);
  }

  @Override
  public StatusListEntry allocate(String jti, String subject, String businessId) {
    Objects.requireNonNull(jti, "jti");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(businessId, "businessId");
    synchronized (lock) {
      if (byJti.containsKey(jti)) {
        throw new IllegalStateException("jti " + jti + " has a status list entry already");
      }
      int[] newest = lists.isEmpty() ? null : lists.get(lists.size() - 1);
      if (newest == null || newest[1] >= newest[0]) {
        newest = new int[] {listSize, 0};
        lists.add(newest);
      }
      StatusListEntry entry = new StatusListEntry(jti, lists.size(), newest[1]++);
      byJti.put(jti, entry);
      byList.computeIfAbsent(entry.list(), l -> new TreeMap<>()).put(entry.index(), entry);
      byBusiness.computeIfAbsent(businessId, b -> new TreeMap<>()).put(entry.position(), entry);
      bySubject
          .computeIfAbsent(List.of(businessId, subject), o -> new TreeMap<>())
          .put(entry.position(), entry);
      return entry;
    }
  }

  @Override
  public Map<String, StatusListEntry> entries(Collection<String> jtis) {
    Map<String, StatusListEntry> out = new HashMap<>(jtis.size() * 2);
    synchronized (lock) {
      for (String jti : jtis) {
        StatusListEntry e = byJti.get(jti);
        if (e != null) {
          out.put(jti, e);
        }
      }
    }
    return out;
  }

  @Override
  public List<StatusListEntry> entriesOf(OwnerScope owner, long afterPosition, int limit) {
    synchronized (lock) {
      String subject = owner.subject();
      NavigableMap<Long, StatusListEntry> entries =
          subject == null
              ? byBusiness.get(owner.businessId())
              : bySubject.get(List.of(owner.businessId(), subject));
      return entries == null ? List.of() : page(entries.tailMap(afterPosition, false), limit);
    }
  }

  @Override
  public List<StatusListEntry> entriesIn(int list, int afterIndex, int limit) {
    synchronized (lock) {
      NavigableMap<Integer, StatusListEntry> entries = byList.get(list);
      return entries == null ? List.of() : page(entries.tailMap(afterIndex, false), limit);
    }
  }

  private static List<StatusListEntry> page(NavigableMap<?, StatusListEntry> from, int limit) {
    List<StatusListEntry> out = new ArrayList<>(Math.min(limit, Math.max(from.size(), 1)));
    for (StatusListEntry e : from.values()) {
      if (out.size() >= limit) {
        break;
      }
      out.add(e);
    }
    return out;
  }

  @Override
  public List<ListInfo> lists() {
    synchronized (lock) {
      List<ListInfo> out = new ArrayList<>(lists.size());
      for (int i = 0; i < lists.size(); i++) {
        out.add(new ListInfo(i + 1, lists.get(i)[0], lists.get(i)[1]));
      }
      return out;
    }
  }

  @Override
  public int listSize() {
    return listSize;
  }

  @Override
  public String toString() {
    return "InMemoryStatusListIndex{listSize=" + listSize + "}";
  }
}
