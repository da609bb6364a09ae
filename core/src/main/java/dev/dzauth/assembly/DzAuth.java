package dev.dzauth.assembly;

import dev.dzauth.DzAuthException;
import dev.dzauth.lifecycle.BootstrapResult;
import dev.dzauth.lifecycle.BootstrapToken;
import dev.dzauth.lifecycle.EventOutbox;
import dev.dzauth.lifecycle.TokenEventListener;
import dev.dzauth.lifecycle.TokenService;
import dev.dzauth.publish.StatusListPublisher;
import dev.dzauth.status.Doorbell;
import dev.dzauth.status.StatusCache;
import dev.dzauth.status.StatusFeedPoller;
import dev.dzauth.status.StatusListIndex;
import dev.dzauth.store.InMemoryStatusListIndex;
import dev.dzauth.store.InMemoryTokenStore;
import dev.dzauth.store.TokenStore;
import dev.dzauth.store.jdbc.JdbcStatusListIndex;
import dev.dzauth.store.jdbc.JdbcTokenStore;
import dev.dzauth.store.jdbc.PostgresDoorbell;
import dev.dzauth.token.KeySet;
import dev.dzauth.token.KeySetHolder;
import dev.dzauth.token.TokenKey;
import dev.dzauth.token.TokenMinter;
import dev.dzauth.token.TokenVerifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one assembly of dz-auth: builds keys → minter → store → status cache → verifier → token
 * service → status feed poller (with its doorbell), then runs the optional {@linkplain
 * Builder#bootstrap bootstrap}, and closes them, in reverse order, with one {@link #close()}. The
 * servlet init-params, the Spring Boot starter and the demo only translate their settings into this
 * builder.
 *
 * <p>Defaults are those of the parts' own builders ({@link StatusCache.Builder}, {@link
 * TokenVerifier.Builder}, {@link TokenService.Builder}, {@link StatusFeedPoller.Builder}, {@link
 * TokenMinter.Builder}): an adapter changes an option only when its user set it, through the
 * customizers ({@link Builder#statusCache}, …), so every default is written once.
 *
 * <p><b>The poller rule</b>: the status feed poller always runs. Every {@link TokenStore} has a
 * status feed ({@code TokenStore extends StatusFeed}), and whether other writers share it cannot be
 * told from here (another instance on the same database, a second service on one in-memory store),
 * so the assembly follows it: changes made elsewhere arrive within the poll interval, and cached
 * answers are anchored on the feed. The doorbell is {@link PostgresDoorbell#auto(TokenStore)} of
 * the store unless {@link Builder#doorbell} names one (or {@code null} for none).
 *
 * <p><b>Status lists</b> ({@link Builder#statusLists(String)}, off by default): every new token
 * carries a {@code status} claim naming its entry in the issuer's Token Status Lists, allocated in
 * a {@link StatusListIndex} beside the store before the token is signed, and a {@link
 * StatusListPublisher} (started with the poller) publishes the lists for the HTTP layer to serve at
 * {@code /statuslists/<n>}; verify-only services ({@link VerifyOnly}) read them. Tokens minted
 * before, without the claim, keep working through the store.
 *
 * <p>Ownership: the assembly closes what it built (poller and doorbell, service, status cache, and
 * the in-memory store it made when none was given) and the resources handed to {@link
 * Builder#closing}; it does not close a store it was given. {@link Builder#build} starts the poller
 * (one poll on the caller's thread) and the service's last-used flusher. Thread-safe; {@link
 * #close()} is idempotent and never throws.
 */
public final class DzAuth implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DzAuth.class);

  private final KeySetHolder keys;
  private final TokenMinter minter;
  private final TokenStore store;
  private final StatusCache statuses;
  private final TokenVerifier verifier;
  private final TokenService service;
  private final StatusFeedPoller poller;
  private final EventOutbox events;
  private final @Nullable StatusListPublisher statusLists;
  private final Deque<AutoCloseable> closeables;
  private boolean closed; // guarded by this

  private DzAuth(
      KeySetHolder keys,
      TokenMinter minter,
      TokenStore store,
      StatusCache statuses,
      TokenVerifier verifier,
      TokenService service,
      StatusFeedPoller poller,
      EventOutbox events,
      @Nullable StatusListPublisher statusLists,
      Deque<AutoCloseable> closeables) {
    this.keys = keys;
    this.minter = minter;
    this.store = store;
    this.statuses = statuses;
    this.verifier = verifier;
    this.service = service;
    this.poller = poller;
    this.events = events;
    this.statusLists = statusLists;
    this.closeables = closeables;
  }

  /** A builder for an assembly of {@code issuer}'s tokens signed and verified with {@code keys}. */
  public static Builder builder(String issuer, KeySetHolder keys) {
    return new Builder(issuer, keys);
  }

  /** As {@link #builder(String, KeySetHolder)}, putting {@code keys} into a new holder. */
  public static Builder builder(String issuer, KeySet keys) {
    return new Builder(issuer, KeySetHolder.of(keys));
  }

  /** The key set in service: rotate with {@link KeySetHolder#replace}. */
  public KeySetHolder keys() {
    return keys;
  }

  /** The minter (it cannot mint when the key set has no signing key). */
  public TokenMinter minter() {
    return minter;
  }

  /** The store the status cache, the service and the poller use. */
  public TokenStore store() {
    return store;
  }

  /** The status cache in front of the store. */
  public StatusCache statuses() {
    return statuses;
  }

  /** The verifier: what an adapter authenticates a request with. */
  public TokenVerifier verifier() {
    return verifier;
  }

  /** The token lifecycle service: what the token API and last-use recording use. */
  public TokenService service() {
    return service;
  }

  /** The status feed poller (started), for health and metrics. */
  public EventOutbox events() {
    return events;
  }

  /** The feed poller (started). */
  public StatusFeedPoller poller() {
    return poller;
  }

  /**
   * The Token Status List publisher (started), or {@code null} when status lists are off ({@link
   * Builder#statusLists(String)}): what the HTTP layer serves {@code /statuslists/<n>} from.
   */
  public @Nullable StatusListPublisher statusLists() {
    return statusLists;
  }

  /**
   * A builder for a verify-only service of the issuer at {@code issuerUrl}: no store, keys from its
   * JWK Set, statuses from its Token Status Lists ({@link VerifyOnly}).
   */
  public static VerifyOnly.Builder verifyOnly(String issuerUrl) {
    return VerifyOnly.builder(issuerUrl);
  }

  /**
   * Stops the poller (and its doorbell), flushes last uses and stops the service, closes the status
   * cache, then the store if the assembly made it, then the {@link Builder#closing} resources, the
   * last one given first. A failure to close one part is logged and the others are still closed.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    closeAll(closeables);
  }

  private static void closeAll(Deque<AutoCloseable> closeables) {
    while (!closeables.isEmpty()) {
      AutoCloseable c = closeables.pop();
      try {
        c.close();
      } catch (Exception | LinkageError e) {
        LOG.warn("dz-auth: closing {} failed", c.getClass().getSimpleName(), e);
      }
    }
  }

  private static void runBootstrap(TokenService service, BootstrapToken bootstrap) {
    BootstrapResult result;
    try {
      result = service.bootstrap(bootstrap);
    } catch (DzAuthException e) {
      if (e.reason() == DzAuthException.Reason.INVALID_REQUEST) {
        throw new IllegalArgumentException("bootstrap token: " + e.getMessage(), e);
      }
      throw new IllegalStateException("bootstrap token: " + e.getMessage(), e);
    }
    switch (result.outcome()) {
      case CREATED ->
          LOG.info(
              "dz-auth: bootstrap token {} ({}…) for subject {} written to {}",
              result.recordId(),
              result.displayPrefix(),
              bootstrap.subject(),
              result.tokenFile());
      case ALREADY_CREATED ->
          LOG.info(
              "dz-auth: bootstrap token {} exists already (earlier start or another instance);"
                  + " nothing created",
              result.recordId());
      case SUBJECT_HAS_TOKENS ->
          LOG.info(
              "dz-auth: subject {} has tokens in its business already; no bootstrap token created",
              bootstrap.subject());
    }
  }

  @Override
  public String toString() {
    return "DzAuth{issuer="
        + verifier.issuer()
        + ", keys="
        + keys.current()
        + ", store="
        + store
        + "}";
  }

  /**
   * Configures a {@link DzAuth}. Every option is optional; the customizers run at {@link #build()},
   * in the order of the graph, on the part's own builder, so a failure names the part's option
   * ({@code maxStaleness must be …}) as that builder does.
   */
  public static final class Builder {
    private final String issuer;
    private final KeySetHolder keys;
    private @Nullable TokenStore store;
    private boolean doorbellSet;
    private @Nullable Doorbell doorbell;
    private final List<Consumer<TokenMinter.Builder>> minterOptions = new ArrayList<>();
    private final List<Consumer<StatusCache.Builder>> statusCacheOptions = new ArrayList<>();
    private final List<Consumer<TokenVerifier.Builder>> verifierOptions = new ArrayList<>();
    private final List<Consumer<TokenService.Builder>> serviceOptions = new ArrayList<>();
    private final List<Consumer<StatusFeedPoller.Builder>> pollerOptions = new ArrayList<>();
    private final List<Consumer<EventOutbox.Builder>> eventOptions = new ArrayList<>();
    private final List<AutoCloseable> owned = new ArrayList<>();
    private @Nullable BootstrapToken bootstrap;
    private @Nullable String statusListBaseUri;
    private @Nullable StatusListIndex statusListIndex;
    private int statusListSize = StatusListIndex.DEFAULT_LIST_SIZE;
    private boolean statusListCreateSchema;
    private final List<Consumer<StatusListPublisher.Builder>> statusListOptions = new ArrayList<>();

    private Builder(String issuer, KeySetHolder keys) {
      this.issuer = Objects.requireNonNull(issuer, "issuer");
      this.keys = Objects.requireNonNull(keys, "keys");
    }

    /**
     * The token store; default a new {@link InMemoryTokenStore} (one instance, nothing survives a
     * restart).
     */
    public Builder store(TokenStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * The doorbell that wakes the poller, or {@code null} for none (the poll interval is the
     * bound); default {@link PostgresDoorbell#auto(TokenStore)} of the store.
     */
    public Builder doorbell(@Nullable Doorbell doorbell) {
      this.doorbellSet = true;
      this.doorbell = doorbell;
      return this;
    }

    /** Sets options of the minter (its clock). */
    public Builder minter(Consumer<TokenMinter.Builder> options) {
      minterOptions.add(Objects.requireNonNull(options, "options"));
      return this;
    }

    /** Sets options of the status cache (size, refresh, staleness, store timeout, …). */
    public Builder statusCache(Consumer<StatusCache.Builder> options) {
      statusCacheOptions.add(Objects.requireNonNull(options, "options"));
      return this;
    }

    /** Sets options of the verifier (algorithms, clock skew, verified-token cache, …). */
    public Builder verifier(Consumer<TokenVerifier.Builder> options) {
      verifierOptions.add(Objects.requireNonNull(options, "options"));
      return this;
    }

    /** Sets options of the token service (policy, last-used flush interval, …). */
    public Builder service(Consumer<TokenService.Builder> options) {
      serviceOptions.add(Objects.requireNonNull(options, "options"));
      return this;
    }

    /**
     * Sets options of the lifecycle events' outbox (listener, poll interval, lease, expiry warning
     * lead times, retention, …).
     */
    public Builder events(Consumer<EventOutbox.Builder> options) {
      eventOptions.add(Objects.requireNonNull(options, "options"));
      return this;
    }

    /**
     * Who the lifecycle events are delivered to (webhooks, e-mail, …); default none: events are
     * kept in the store, readable per token, and not delivered. Same as {@code events(b ->
     * b.listener(listener))}.
     */
    public Builder eventListener(TokenEventListener listener) {
      Objects.requireNonNull(listener, "listener");
      return events(b -> b.listener(listener));
    }

    /** Sets options of the status feed poller (poll interval, max lag, retention, …). */
    public Builder poller(Consumer<StatusFeedPoller.Builder> options) {
      pollerOptions.add(Objects.requireNonNull(options, "options"));
      return this;
    }

    /**
     * A first token to create at {@link #build()}, with {@link TokenService#bootstrap}: once, when
     * its subject has no token in its business, whichever instance on a shared store gets there
     * first; written to its file (0600, never overwritten). Logged: the outcome, record id, display
     * prefix and file, never the token. A failure fails the build. Default none.
     */
    public Builder bootstrap(BootstrapToken bootstrap) {
      this.bootstrap = Objects.requireNonNull(bootstrap, "bootstrap");
      return this;
    }

    /**
     * Turns status lists on: every new token carries a {@code status} claim naming its entry in the
     * issuer's Token Status Lists, published at {@code baseUri/<n>} (for example {@code
     * https://auth.example.com/statuslists}: the public URL the HTTP layer's {@code /statuslists}
     * is reached at). Needs an asymmetric active signing key (ES256, EdDSA or RS256): verifiers
     * check lists and tokens with the JWK Set, which publishes no HMAC key. Default off.
     */
    public Builder statusLists(String baseUri) {
      this.statusListBaseUri = Objects.requireNonNull(baseUri, "baseUri");
      return this;
    }

    /** Sets options of the status list publisher (ttl, validity, poll interval, …). */
    public Builder statusLists(Consumer<StatusListPublisher.Builder> options) {
      statusListOptions.add(Objects.requireNonNull(options, "options"));
      return this;
    }

    /**
     * The index of status list entries; default a {@link JdbcStatusListIndex} in the database of a
     * {@link JdbcTokenStore}, an {@link InMemoryStatusListIndex} beside an {@link
     * InMemoryTokenStore}; another store needs one given here.
     */
    public Builder statusListIndex(StatusListIndex index) {
      this.statusListIndex = Objects.requireNonNull(index, "index");
      return this;
    }

    /**
     * The size of new lists of the default index; default {@link
     * StatusListIndex#DEFAULT_LIST_SIZE}.
     */
    public Builder statusListSize(int size) {
      this.statusListSize = StatusListIndex.checkListSize(size);
      return this;
    }

    /**
     * Whether the default JDBC index creates its missing tables at {@link #build()} (as {@link
     * JdbcTokenStore.Builder#createSchemaIfMissing} does the store's); default false.
     */
    public Builder statusListCreateSchema(boolean create) {
      this.statusListCreateSchema = create;
      return this;
    }

    /**
     * A resource the assembly closes after its own parts (a store and its connection pool, say),
     * the last one given first. From {@link #build()} on the assembly owns it: a failed build
     * closes it too.
     */
    public Builder closing(AutoCloseable resource) {
      owned.add(Objects.requireNonNull(resource, "resource"));
      return this;
    }

    /**
     * Builds and starts the assembly. On failure, whatever was built, and every {@link #closing}
     * resource, is closed before the exception is rethrown.
     *
     * @throws IllegalArgumentException when an option is invalid (the message names it; a
     *     bootstrap's starts with {@code bootstrap})
     * @throws IllegalStateException when the bootstrap cannot be done (store, file)
     */
    public DzAuth build() {
      Deque<AutoCloseable> closeables = new ArrayDeque<>();
      owned.forEach(closeables::push);
      try {
        TokenStore s = store;
        if (s == null) {
          s = new InMemoryTokenStore();
          closeables.push(s);
        }

        StatusListPublisher publisher = null;
        String listBase = statusListBaseUri;
        if (listBase != null) {
          publisher = publisher(s, listBase);
          closeables.push(publisher);
        }

        TokenMinter.Builder mb = TokenMinter.builder(issuer, keys);
        if (publisher != null) {
          mb.statusLists(publisher.allocator());
        }
        minterOptions.forEach(o -> o.accept(mb));
        TokenMinter minter = mb.build();

        StatusCache.Builder cb = StatusCache.builder(s);
        statusCacheOptions.forEach(o -> o.accept(cb));
        StatusCache statuses = cb.build();
        closeables.push(statuses);

        TokenVerifier.Builder vb = TokenVerifier.builder(issuer, keys, statuses);
        verifierOptions.forEach(o -> o.accept(vb));
        TokenVerifier verifier = vb.build();

        TokenService.Builder sb = TokenService.builder(minter, s, statuses);
        serviceOptions.forEach(o -> o.accept(sb));
        TokenService service = sb.build();
        closeables.push(service);

        StatusFeedPoller.Builder pb = StatusFeedPoller.builder(s, statuses);
        pollerOptions.forEach(o -> o.accept(pb));
        Doorbell bell = doorbellSet ? doorbell : PostgresDoorbell.auto(s);
        if (bell != null) {
          closeables.push(bell); // until the poller owns it
        }
        pb.doorbell(bell);
        StatusFeedPoller poller = pb.build();
        if (bell != null) {
          closeables.pop();
        }
        closeables.push(poller); // closes the doorbell
        poller.start();
        if (publisher != null) {
          publisher.start();
        }

        EventOutbox.Builder eb = EventOutbox.builder(s);
        eventOptions.forEach(o -> o.accept(eb));
        EventOutbox outbox = eb.build();
        closeables.push(outbox);
        outbox.start();

        BootstrapToken first = bootstrap;
        if (first != null) {
          runBootstrap(service, first);
        }
        return new DzAuth(
            keys, minter, s, statuses, verifier, service, poller, outbox, publisher, closeables);
      } catch (RuntimeException | Error e) {
        closeAll(closeables);
        throw e;
      }
    }

    private StatusListPublisher publisher(TokenStore s, String baseUri) {
      TokenKey active = keys.current().activeKey().orElse(null);
      if (active == null || !active.algorithm().isAsymmetric()) {
        throw new IllegalArgumentException(
            "statusLists needs an asymmetric active signing key (ES256, EdDSA or RS256), not "
                + (active == null ? "none" : active.algorithm().jwsName())
                + ": verifiers check the lists and the tokens with the JWK Set, which publishes no"
                + " HMAC key");
      }
      StatusListIndex index = statusListIndex;
      if (index == null) {
        if (s instanceof JdbcTokenStore jdbc) {
          try {
            index =
                JdbcStatusListIndex.builder(jdbc)
                    .listSize(statusListSize)
                    .createSchemaIfMissing(statusListCreateSchema)
                    .build();
          } catch (java.sql.SQLException e) {
            throw new IllegalStateException(
                "statusLists: the status list tables cannot be created: " + e.getMessage(), e);
          }
        } else if (s instanceof InMemoryTokenStore) {
          index = new InMemoryStatusListIndex(statusListSize);
        } else {
          throw new IllegalArgumentException(
              "statusListIndex: a store of type "
                  + s.getClass().getName()
                  + " needs a StatusListIndex given with statusListIndex(…)");
        }
      }
      StatusListPublisher.Builder pb = StatusListPublisher.builder(index, s, keys, baseUri);
      statusListOptions.forEach(o -> o.accept(pb));
      return pb.build();
    }
  }
}
