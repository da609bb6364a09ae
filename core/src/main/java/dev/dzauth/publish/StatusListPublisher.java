package dev.dzauth.publish;

import dev.dzauth.DzAuthException;
import dev.dzauth.DzAuthException.Reason;
import dev.dzauth.status.FeedEntry;
import dev.dzauth.status.MutableStatusList;
import dev.dzauth.status.OwnerChange;
import dev.dzauth.status.OwnerScope;
import dev.dzauth.status.StatusChange;
import dev.dzauth.status.StatusList;
import dev.dzauth.status.StatusListEntry;
import dev.dzauth.status.StatusListIndex;
import dev.dzauth.status.StatusListIndex.ListInfo;
import dev.dzauth.status.TokenStatus;
import dev.dzauth.status.VersionedStatus;
import dev.dzauth.store.TokenStore;
import dev.dzauth.token.KeySetHolder;
import dev.dzauth.token.StatusListAllocator;
import dev.dzauth.token.StatusListReference;
import dev.dzauth.token.StatusListToken;
import dev.dzauth.token.TokenKey;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The issuer side of the IETF Token Status List (draft-ietf-oauth-status-list-20): holds every list
 * of a {@link StatusListIndex} as a {@link MutableStatusList} of 2 bits per token, keeps it up to
 * date from the store's status feed, and publishes it as a signed Status List Token ({@link
 * StatusListToken}, {@code typ} {@code statuslist+jwt}). Thread-safe.
 *
 * <p><b>Statuses.</b> 0 (valid): active; 1 (invalid): revoked, deleted, or a rolled token whose
 * grace period has ended (from its end on, without a feed entry); 2 (suspended): suspended. All as
 * the store answers them <em>in effect</em>, owner-level changes included. An entry whose token the
 * store does not know (minted, not yet or never stored) is valid: nobody holds such a token.
 *
 * <p><b>Incremental.</b> A list is built from the store once, on its first request: its entries
 * that {@link StatusListIndex#entriesToCheck} names, with their statuses from {@link
 * TokenStore#statuses} in batches. From then on it is kept up to date from the feed, one poll every
 * {@link Builder#pollInterval} on a daemon thread ({@link #start()}): a token's change sets its
 * entry from the feed entry itself (the status in effect it carries); an owner-level change looks
 * up the owner's entries ({@link StatusListIndex#entriesOf}) and their statuses. No request reads
 * more than that. A feed gap (entries pruned before they were read) drops the built lists; they are
 * built again on their next request.
 *
 * <p><b>Freshness.</b> A list answered reflects every change committed before the start of the last
 * poll that read the feed to its end, which is at most {@link Builder#maxLag} old: when it is older
 * (the store does not answer, the poller is stuck), {@link #published} fails closed with {@link
 * Reason#STORE_UNAVAILABLE} rather than serve a list it cannot vouch for. A verifier holding a list
 * sees a change within its {@link Builder#ttl} plus one fetch after it is published.
 *
 * <p><b>Signing.</b> A list is signed with the active key of the key set in service when its
 * content or that key changed, and otherwise once per half its {@link Builder#validity}; between
 * signatures it answers the same token, with the same {@code ETag}. {@code iat} is the time of the
 * signature after a change, and otherwise the start of the current half-validity window, so issuer
 * instances answering the same content answer the same claims (and a verifier that compares {@code
 * iat} never takes one instance's list for a replay of another's). {@code exp} is {@code iat} plus
 * {@link Builder#validity}, {@code ttl} is {@link Builder#ttl}. The {@code ETag} is a digest of the
 * signing input (header and claims), equal across instances for equal claims.
 *
 * <p>Never logs a token or a list.
 */
public final class StatusListPublisher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StatusListPublisher.class);
  private static final int BITS = 2;
  private static final int VALID = 0;
  private static final int INVALID = 1;
  private static final int SUSPENDED = 2;
  private static final int FEED_BATCH = 500;
  private static final int LOOKUP_BATCH = 1000;
  private static final long UNSETTLED_NANOS = TimeUnit.SECONDS.toNanos(60);
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final StatusListIndex index;
  private final TokenStore store;
  private final KeySetHolder keys;
  private final String baseUri;
  private final Duration ttl;
  private final Duration validity;
  private final long windowMillis;
  private final Duration pollInterval;
  private final long maxLagNanos;
  private final Clock clock;
  private final LongSupplier ticker;

  private final Object lock = new Object();
  private final ConcurrentHashMap<Integer, ListState> built = new ConcurrentHashMap<>();
  private volatile Map<Integer, ListInfo> known = Map.of();
  private volatile boolean newListAllocated;
  // guarded by lock:
  private long cursor = -1;
  private final PriorityQueue<RollEnd> rollEnds = new PriorityQueue<>();
  private final Map<String, Unsettled> unsettled = new HashMap<>();
  private long listsRefreshedNanos;
  private boolean listsEverRefreshed;
  private long consecutiveFailures;
  private volatile long lastPollNanos;
  private volatile boolean everPolled;
  private volatile long appliedChanges;
  private volatile long gaps;

  private final Object threadLock = new Object();
  private @Nullable Thread thread; // guarded by threadLock
  private volatile boolean running;

  private StatusListPublisher(Builder b, String baseUri) {
    this.index = b.index;
    this.store = b.store;
    this.keys = b.keys;
    this.baseUri = baseUri;
    this.ttl = b.ttl;
    this.validity = b.validity;
    this.windowMillis = Math.max(1000, b.validity.toMillis() / 2);
    this.pollInterval = b.pollInterval;
    Duration lag = b.maxLag != null ? b.maxLag : b.pollInterval.plusSeconds(2);
    this.maxLagNanos = lag.toNanos();
    this.clock = b.clock;
    this.ticker = b.ticker;
  }

  /**
   * A builder for a publisher of the lists of {@code index}, reading statuses and the feed from
   * {@code store}, signing with the active key of {@code keys}, at {@code baseUri}{@code /<n>} (for
   * example {@code https://auth.example.com/statuslists}).
   */
  public static Builder builder(
      StatusListIndex index, TokenStore store, KeySetHolder keys, String baseUri) {
    return new Builder(index, store, keys, baseUri);
  }

  /** The URI of list {@code list}: {@code <baseUri>/<list>}; the {@code sub} of its token. */
  public String uri(int list) {
    return baseUri + "/" + list;
  }

  /** The base URI lists are published under. */
  public String baseUri() {
    return baseUri;
  }

  /** The index the lists are of. */
  public StatusListIndex index() {
    return index;
  }

  /** The {@code ttl} of every list ({@link Builder#ttl}). */
  public Duration ttl() {
    return ttl;
  }

  /** How long a signed list is valid ({@link Builder#validity}). */
  public Duration validity() {
    return validity;
  }

  /** How often the feed is read ({@link Builder#pollInterval}). */
  public Duration pollInterval() {
    return pollInterval;
  }

  /**
   * What a {@link dev.dzauth.token.TokenMinter} allocates each new token's entry with: {@link
   * StatusListIndex#allocate}, as the reference {@code {uri(list), index}}. A store failure is
   * {@link Reason#STORE_UNAVAILABLE}, and no token is minted.
   */
  public StatusListAllocator allocator() {
    return (jti, request) -> {
      StatusListEntry entry;
      try {
        entry = index.allocate(jti, request.subject(), request.businessId());
      } catch (DzAuthException e) {
        throw e;
      } catch (Exception e) {
        throw DzAuthException.of(
            Reason.STORE_UNAVAILABLE, "no status list entry allocated for a new token: " + e, e);
      }
      if (!known.containsKey(entry.list())) {
        newListAllocated = true; // served from its first request, without waiting for a poll
      }
      return new StatusListReference(uri(entry.list()), entry.index());
    };
  }

  // --- serving

  /**
   * List {@code list} as served now: its signed Status List Token, {@code ETag} and {@code ttl};
   * empty when the index has no such list. The first request of a list builds it (see the class
   * description).
   *
   * @throws DzAuthException with {@link Reason#STORE_UNAVAILABLE} when the last poll that read the
   *     feed to its end is older than {@link Builder#maxLag} (or there was none), or the store
   *     fails while the list is built
   * @throws IllegalStateException when the key set in service has no active signing key
   */
  public Optional<Published> published(int list) {
    checkFresh();
    ListState state = built.get(list);
    if (state != null) {
      Signed p = state.signed;
      if (p != null && isCurrent(p, state)) {
        return Optional.of(p.published);
      }
    }
    synchronized (lock) {
      ListInfo info = known.get(list);
      if (info == null && list >= 1 && refreshListsIfDue()) {
        info = known.get(list);
      }
      if (info == null) {
        return Optional.empty();
      }
      state = built.get(list);
      if (state == null) {
        state = build(info);
      }
      applyDueRollEnds();
      Signed p = state.signed;
      if (p == null || !isCurrent(p, state)) {
        p = sign(state);
        state.signed = p;
      }
      return Optional.of(p.published);
    }
  }

  private void checkFresh() {
    long since = ticker.getAsLong() - lastPollNanos;
    if (!everPolled || since > maxLagNanos) {
      throw DzAuthException.of(
          Reason.STORE_UNAVAILABLE,
          everPolled
              ? "the status feed was last read "
                  + Duration.ofNanos(since).toMillis()
                  + " ms ago (bound "
                  + Duration.ofNanos(maxLagNanos).toMillis()
                  + " ms): the status lists are not published until it is read again"
              : "the status feed was never read: the status lists are not published yet");
    }
  }

  /**
   * Whether {@code p} is still the token to answer for {@code state}: no change, no re-sign due.
   */
  private boolean isCurrent(Signed p, ListState state) {
    if (p.version != state.version) {
      return false;
    }
    TokenKey active = keys.current().activeKey().orElse(null);
    if (active != p.key) {
      return false;
    }
    long now = clock.millis();
    return state.nextRollEndMillis > now && p.windowStartMillis == window(now);
  }

  private long window(long nowMillis) {
    return Math.floorDiv(nowMillis, windowMillis) * windowMillis;
  }

  /** Signs {@code state}'s list now. Called under the lock. */
  private Signed sign(ListState state) {
    TokenKey key =
        keys.current()
            .activeKey()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "the key set has no active signing key: status lists cannot be signed"));
    long now = clock.millis();
    long windowStart = window(now);
    long changedAt = state.changedAtMillis;
    // After a change in this window: the time of the signature; otherwise the window's start.
    long iatMillis = changedAt >= windowStart ? now : windowStart;
    Instant iat = Instant.ofEpochSecond(Math.floorDiv(iatMillis, 1000));
    StatusList snapshot = state.list.snapshot();
    StatusListToken token =
        new StatusListToken(uri(state.number), iat, iat.plus(validity), ttl, snapshot);
    String jwt = token.sign(key);
    Published published =
        new Published(
            state.number,
            uri(state.number),
            jwt,
            etag(jwt),
            ttl,
            iat,
            iat.plus(validity),
            snapshot.size(),
            snapshot.toByteArray().length);
    return new Signed(published, key, state.version, windowStart);
  }

  private static String etag(String jwt) {
    int lastDot = jwt.lastIndexOf('.');
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(jwt.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII));
      return "\"" + B64.encodeToString(digest).substring(0, 27) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from the JDK", e);
    }
  }

  // --- building

  /** Builds list {@code info} from the store. Called under the lock, after a poll. */
  private ListState build(ListInfo info) {
    long started = System.nanoTime();
    ListState state = new ListState(info.list(), new MutableStatusList(BITS, info.size()));
    long now = clock.millis();
    int after = -1;
    try {
      while (true) {
        List<StatusListEntry> page = index.entriesToCheck(info.list(), after, LOOKUP_BATCH);
        if (page.isEmpty()) {
          break;
        }
        applyStatuses(Map.of(info.list(), state), page, now);
        after = page.get(page.size() - 1).index();
        if (page.size() < LOOKUP_BATCH) {
          break;
        }
      }
    } catch (DzAuthException e) {
      throw e;
    } catch (Exception e) {
      throw DzAuthException.of(
          Reason.STORE_UNAVAILABLE, "status list " + info.list() + " cannot be built: " + e, e);
    }
    built.put(info.list(), state);
    LOG.debug(
        "status list {} built from the store in {} ms",
        info.list(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    return state;
  }

  /**
   * Sets the entries {@code entries} (of lists in {@code lists}) from the store's statuses in
   * effect; an unknown token's entry is watched for a while (its record may not be committed yet).
   */
  private void applyStatuses(
      Map<Integer, ListState> lists, List<StatusListEntry> entries, long nowMillis)
      throws Exception {
    List<String> jtis = new ArrayList<>(entries.size());
    for (StatusListEntry e : entries) {
      jtis.add(e.jti());
    }
    Map<String, VersionedStatus> statuses = store.statuses(jtis);
    long nowNanos = ticker.getAsLong();
    for (StatusListEntry e : entries) {
      ListState state = lists.get(e.list());
      if (state == null) {
        continue;
      }
      VersionedStatus s = statuses.getOrDefault(e.jti(), VersionedStatus.unknown());
      if (s.status() == TokenStatus.UNKNOWN) {
        unsettled.putIfAbsent(e.jti(), new Unsettled(e, nowNanos + UNSETTLED_NANOS));
      } else {
        unsettled.remove(e.jti());
      }
      set(state, e, s.status(), s.notAfter(), nowMillis);
    }
  }

  private void set(
      ListState state,
      StatusListEntry e,
      TokenStatus status,
      @Nullable Instant notAfter,
      long nowMillis) {
    if (e.index() >= state.list.size()) {
      return; // an index past the list's size: not of this list (never allocated so)
    }
    int value =
        switch (status) {
          case ACTIVE, UNKNOWN -> VALID;
          case SUSPENDED -> SUSPENDED;
          case REVOKED, DELETED -> INVALID;
        };
    if (notAfter != null && value != INVALID) {
      long end = notAfter.toEpochMilli();
      if (nowMillis >= end) {
        value = INVALID;
      } else {
        rollEnds.add(new RollEnd(end, e));
        state.nextRollEndMillis = Math.min(state.nextRollEndMillis, end);
      }
    }
    if (state.list.get(e.index()) != value) {
      state.list.set(e.index(), value);
      state.changedAtMillis = nowMillis;
      state.version++;
    }
  }

  /** Marks invalid the rolled tokens whose grace period has ended. Called under the lock. */
  private void applyDueRollEnds() {
    long now = clock.millis();
    while (!rollEnds.isEmpty() && rollEnds.peek().atMillis <= now) {
      RollEnd end = rollEnds.poll();
      ListState state = built.get(end.entry.list());
      if (state != null && state.list.get(end.entry.index()) != INVALID) {
        state.list.set(end.entry.index(), INVALID);
        state.changedAtMillis = now;
        state.version++;
      }
    }
    RollEnd next = rollEnds.peek();
    long nextEnd = next == null ? Long.MAX_VALUE : next.atMillis;
    for (ListState s : built.values()) {
      s.nextRollEndMillis = nextEnd;
    }
  }

  // --- following the feed

  /**
   * Polls once on the caller's thread (so lists are servable at once when the store answers), then
   * every {@link Builder#pollInterval} on a daemon thread. Idempotent.
   */
  public StatusListPublisher start() {
    synchronized (threadLock) {
      if (thread == null) {
        running = true;
        pollOnce();
        Thread t = new Thread(this::run, "dz-auth-status-lists");
        t.setDaemon(true);
        thread = t;
        t.start();
      }
    }
    return this;
  }

  private void run() {
    long interval = pollInterval.toNanos();
    long next = System.nanoTime() + interval;
    while (running) {
      long wait = next - System.nanoTime();
      if (wait > 0) {
        try {
          TimeUnit.NANOSECONDS.sleep(wait);
        } catch (InterruptedException e) {
          return;
        }
      }
      if (!running) {
        return;
      }
      long started = System.nanoTime();
      pollOnce();
      next = Math.max(started + interval, System.nanoTime());
    }
  }

  /**
   * Reads the feed to its end and applies every change to the built lists, refreshes the list of
   * lists, re-checks tokens that were unknown, and marks ended rolls.
   *
   * @return whether the store answered; a failure is logged (once per outage), never thrown
   */
  public boolean pollOnce() {
    synchronized (lock) {
      long started = ticker.getAsLong();
      try {
        if (cursor < 0) {
          cursor = store.latestSequence();
        }
        Map<String, StatusChange> changes = new LinkedHashMap<>();
        Set<OwnerScope> owners = new HashSet<>();
        List<FeedEntry> batch;
        boolean gap = false;
        long position = cursor;
        do {
          batch = store.changesSince(position, FEED_BATCH);
          for (FeedEntry entry : batch) {
            if (entry.sequence() <= position) {
              continue;
            }
            if (entry.sequence() != position + 1) {
              gap = true;
            }
            if (entry instanceof StatusChange c) {
              changes.remove(c.jti());
              changes.put(c.jti(), c);
            } else if (entry instanceof OwnerChange o) {
              owners.add(o.scope());
            }
            position = entry.sequence();
          }
        } while (batch.size() >= FEED_BATCH);
        if (gap) {
          gaps++;
          LOG.warn(
              "status feed entries after {} were pruned before the status lists read them; the"
                  + " built lists are dropped and built again from the store",
              cursor);
          built.clear();
          rollEnds.clear();
          unsettled.clear();
        } else {
          long now = clock.millis();
          applyChanges(changes.values(), now);
          applyOwners(owners, now);
          recheckUnsettled(now);
          appliedChanges += changes.size() + owners.size();
        }
        cursor = position;
        refreshLists();
        applyDueRollEnds();
        lastPollNanos = started;
        everPolled = true;
        if (consecutiveFailures > 0) {
          LOG.info(
              "status feed readable again for the status lists after {} failed polls",
              consecutiveFailures);
        }
        consecutiveFailures = 0;
        return true;
      } catch (Exception | LinkageError e) {
        if (consecutiveFailures++ == 0) {
          LOG.warn(
              "status lists cannot read the status feed after sequence {}; retrying every {}: {}",
              cursor,
              pollInterval,
              e.toString());
        }
        return false;
      }
    }
  }

  private void applyChanges(Collection<StatusChange> changes, long now) throws Exception {
    if (changes.isEmpty() || built.isEmpty()) {
      return;
    }
    List<String> jtis = new ArrayList<>(changes.size());
    for (StatusChange c : changes) {
      jtis.add(c.jti());
    }
    Map<String, StatusChange> byJti = new HashMap<>(changes.size() * 2);
    for (StatusChange c : changes) {
      byJti.put(c.jti(), c);
    }
    for (int from = 0; from < jtis.size(); from += LOOKUP_BATCH) {
      List<String> chunk = jtis.subList(from, Math.min(jtis.size(), from + LOOKUP_BATCH));
      for (StatusListEntry e : index.entries(chunk).values()) {
        ListState state = built.get(e.list());
        StatusChange c = byJti.get(e.jti());
        if (state != null && c != null) {
          unsettled.remove(e.jti());
          set(state, e, c.status(), c.notAfter(), now);
        }
      }
    }
  }

  private void applyOwners(Set<OwnerScope> owners, long now) throws Exception {
    if (owners.isEmpty() || built.isEmpty()) {
      return;
    }
    for (OwnerScope owner : owners) {
      long after = -1;
      while (true) {
        List<StatusListEntry> page = index.entriesOf(owner, after, LOOKUP_BATCH);
        if (page.isEmpty()) {
          break;
        }
        List<StatusListEntry> ofBuilt = new ArrayList<>(page.size());
        for (StatusListEntry e : page) {
          if (built.containsKey(e.list())) {
            ofBuilt.add(e);
          }
        }
        if (!ofBuilt.isEmpty()) {
          applyStatuses(built, ofBuilt, now);
        }
        after = page.get(page.size() - 1).position();
        if (page.size() < LOOKUP_BATCH) {
          break;
        }
      }
    }
  }

  /**
   * Entries whose token the store did not know when they were set (a record not committed yet,
   * which an owner-level change may cover): asked again every poll, for at most 60 s.
   */
  private void recheckUnsettled(long now) throws Exception {
    if (unsettled.isEmpty()) {
      return;
    }
    long nowNanos = ticker.getAsLong();
    List<StatusListEntry> again = new ArrayList<>();
    for (Iterator<Unsettled> it = unsettled.values().iterator(); it.hasNext(); ) {
      Unsettled u = it.next();
      if (nowNanos - u.untilNanos >= 0 || !built.containsKey(u.entry.list())) {
        it.remove(); // never stored: its entry stays valid, and nobody holds the token
      } else {
        again.add(u.entry);
      }
    }
    for (int from = 0; from < again.size(); from += LOOKUP_BATCH) {
      applyStatuses(built, again.subList(from, Math.min(again.size(), from + LOOKUP_BATCH)), now);
    }
  }

  private void refreshLists() throws Exception {
    newListAllocated = false;
    Map<Integer, ListInfo> lists = new HashMap<>();
    for (ListInfo info : index.lists()) {
      lists.put(info.list(), info);
    }
    known = Map.copyOf(lists);
    listsRefreshedNanos = ticker.getAsLong();
    listsEverRefreshed = true;
  }

  /** For a request of an unknown list: the list of lists again, at most once per poll interval. */
  private boolean refreshListsIfDue() {
    if (!newListAllocated
        && listsEverRefreshed
        && ticker.getAsLong() - listsRefreshedNanos < pollInterval.toNanos()) {
      return false;
    }
    newListAllocated = false;
    try {
      refreshLists();
      return true;
    } catch (Exception e) {
      throw DzAuthException.of(
          Reason.STORE_UNAVAILABLE, "the status lists cannot be read: " + e, e);
    }
  }

  // --- metrics and lifecycle

  /** The publisher's position and health, for metrics and health checks. */
  public Stats stats() {
    long since = ticker.getAsLong() - lastPollNanos;
    return new Stats(
        known.size(),
        built.size(),
        everPolled ? Duration.ofNanos(Math.max(0, since)) : null,
        appliedChanges,
        gaps);
  }

  /**
   * The publisher's counters.
   *
   * @param lists how many lists the index has
   * @param built how many of them are held (built on their first request)
   * @param sinceLastPoll time since the start of the last poll that read the feed to its end, or
   *     {@code null} before the first
   * @param appliedChanges feed entries applied since start (a token's, counted once per poll, and
   *     owner-level ones)
   * @param gaps how many times the feed had been pruned past the lists' position
   */
  public record Stats(
      int lists, int built, @Nullable Duration sinceLastPoll, long appliedChanges, long gaps) {}

  /** Stops polling; {@link #published} fails closed once {@link Builder#maxLag} has passed. */
  @Override
  public void close() {
    running = false;
    synchronized (threadLock) {
      Thread t = thread;
      thread = null;
      if (t != null) {
        t.interrupt();
      }
    }
  }

  /**
   * A list as served: its signed Status List Token and the headers of its answer.
   *
   * @param list the list's number
   * @param uri its URI (the token's {@code sub})
   * @param jwt the Status List Token, served as {@value StatusListToken#MEDIA_TYPE}
   * @param etag its entity tag, quoted
   * @param ttl its {@code ttl}: what {@code Cache-Control: max-age} says
   * @param issuedAt its {@code iat}
   * @param expiresAt its {@code exp}
   * @param entries how many entries the list has
   * @param bytes its size in bytes before compression
   */
  public record Published(
      int list,
      String uri,
      String jwt,
      String etag,
      Duration ttl,
      Instant issuedAt,
      Instant expiresAt,
      int entries,
      int bytes) {

    /** Checks the components. */
    public Published {
      Objects.requireNonNull(uri, "uri");
      Objects.requireNonNull(jwt, "jwt");
      Objects.requireNonNull(etag, "etag");
      Objects.requireNonNull(ttl, "ttl");
      Objects.requireNonNull(issuedAt, "issuedAt");
      Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** The {@code ETag} matches one of the entity tags of an {@code If-None-Match} value. */
    public boolean matches(@Nullable String ifNoneMatch) {
      if (ifNoneMatch == null || ifNoneMatch.length() > 4096) {
        return false;
      }
      for (String tag : ifNoneMatch.split(",")) {
        String t = tag.strip();
        if (t.equals("*") || t.equals(etag) || t.equals("W/" + etag)) {
          return true;
        }
      }
      return false;
    }

    @Override
    public String toString() {
      return "Published{list="
          + list
          + ", etag="
          + etag
          + ", iat="
          + issuedAt
          + ", entries="
          + entries
          + "}";
    }
  }

  /** One list held: its entries, its change count, and the token last signed. */
  private static final class ListState {
    final int number;
    final MutableStatusList list;
    volatile long version;
    long changedAtMillis = Long.MIN_VALUE;
    volatile long nextRollEndMillis = Long.MAX_VALUE;
    volatile @Nullable Signed signed;

    ListState(int number, MutableStatusList list) {
      this.number = number;
      this.list = list;
    }
  }

  /** A signed list, the key and content version it was signed at, and its window. */
  private record Signed(Published published, TokenKey key, long version, long windowStartMillis) {}

  private record RollEnd(long atMillis, StatusListEntry entry) implements Comparable<RollEnd> {
    @Override
    public int compareTo(RollEnd o) {
      return Long.compare(atMillis, o.atMillis);
    }
  }

  private record Unsettled(StatusListEntry entry, long untilNanos) {}

  /** Configures a {@link StatusListPublisher}. */
  public static final class Builder {
    private final StatusListIndex index;
    private final TokenStore store;
    private final KeySetHolder keys;
    private final String baseUri;
    private Duration ttl = Duration.ofSeconds(60);
    private Duration validity = Duration.ofMinutes(10);
    private Duration pollInterval = Duration.ofSeconds(1);
    private @Nullable Duration maxLag;
    private Clock clock = Clock.systemUTC();
    private LongSupplier ticker = System::nanoTime;

    private Builder(StatusListIndex index, TokenStore store, KeySetHolder keys, String baseUri) {
      this.index = Objects.requireNonNull(index, "index");
      this.store = Objects.requireNonNull(store, "store");
      this.keys = Objects.requireNonNull(keys, "keys");
      this.baseUri = Objects.requireNonNull(baseUri, "baseUri");
    }

    /**
     * The {@code ttl} of every list: how long a verifier may keep one before fetching it again, so
     * the most a change takes to reach verifiers after it is published (plus one fetch); default 60
     * s, 1 s to 1 h.
     */
    public Builder ttl(Duration ttl) {
      this.ttl = within(ttl, Duration.ofSeconds(1), Duration.ofHours(1), "ttl");
      return this;
    }

    /**
     * How long a signed list is valid ({@code exp} − {@code iat}): the most an old list can be
     * replayed, and the most a verifier may keep one while the issuer is unreachable; default 10
     * min, 1 min to 1 day, and at least twice the ttl.
     */
    public Builder validity(Duration validity) {
      this.validity = within(validity, Duration.ofMinutes(1), Duration.ofDays(1), "validity");
      return this;
    }

    /** How often the status feed is read (fixed rate); default 1 s, 10 ms to 1 min. */
    public Builder pollInterval(Duration interval) {
      this.pollInterval =
          within(interval, Duration.ofMillis(10), Duration.ofMinutes(1), "pollInterval");
      return this;
    }

    /**
     * How old the last poll that read the feed to its end may be for a list to be served; default
     * the poll interval plus 2 s; must exceed the poll interval.
     */
    public Builder maxLag(Duration maxLag) {
      this.maxLag = within(maxLag, Duration.ofMillis(20), Duration.ofMinutes(10), "maxLag");
      return this;
    }

    /** The wall clock of {@code iat}, {@code exp} and roll ends; default UTC. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The monotonic nanosecond ticker the poll lag runs on; default {@link System#nanoTime}. */
    public Builder ticker(LongSupplier ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /**
     * Builds the publisher; {@link StatusListPublisher#start()} starts following the feed.
     *
     * @throws IllegalArgumentException for a base URI that is not an absolute http(s) URL without
     *     query or fragment, a validity under twice the ttl, or a max lag not above the poll
     *     interval
     */
    public StatusListPublisher build() {
      if (validity.compareTo(ttl.multipliedBy(2)) < 0) {
        throw new IllegalArgumentException(
            "validity (" + validity + ") must be at least twice the ttl (" + ttl + ")");
      }
      if (maxLag != null && maxLag.compareTo(pollInterval) <= 0) {
        throw new IllegalArgumentException(
            "maxLag (" + maxLag + ") must be longer than pollInterval (" + pollInterval + ")");
      }
      return new StatusListPublisher(this, checkBaseUri(baseUri));
    }

    static String checkBaseUri(String baseUri) {
      URI u;
      try {
        u = new URI(baseUri);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("statusListBaseUri is not a URI: " + e.getMessage(), e);
      }
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("https") || scheme.equals("http"))
          || u.getHost() == null
          || u.getRawUserInfo() != null
          || u.getRawQuery() != null
          || u.getRawFragment() != null
          || baseUri.length() > 2000) {
        throw new IllegalArgumentException(
            "statusListBaseUri must be an http(s) URL with a host and no user info, query or"
                + " fragment: "
                + baseUri);
      }
      String s = baseUri;
      while (s.endsWith("/")) {
        s = s.substring(0, s.length() - 1);
      }
      return s;
    }

    private static Duration within(Duration d, Duration min, Duration max, String what) {
      if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
        throw new IllegalArgumentException(
            what + " must be between " + min + " and " + max + ", got " + d);
      }
      return d;
    }
  }
}
