package io.quarkiverse.rekuest.runtime.client;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkiverse.rekuest.runtime.agent.WireLog;
import io.quarkiverse.rekuest.runtime.auth.RekuestConnection;
import io.quarkiverse.rekuest.runtime.auth.TokenException;
import io.smallrye.graphql.client.Response;
import io.smallrye.graphql.client.dynamic.api.DynamicGraphQLClient;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.Vertx;

/**
 * The one {@code mytasks} subscription of the application (§1.6), over {@code graphql-transport-ws} with the SmallRye
 * GraphQL dynamic client. Opened on the first call; every event is routed by task id to the call waiting for it.
 * Events of a task nobody waits for yet (they may come before the {@code assign} response) are kept for a while and
 * handed over when the call registers its task.
 * <p>
 * A subscription is live once a query sent after it on the same socket has been answered (the server handles one
 * socket's messages in order), so no call is assigned before the server would deliver its events. When the
 * subscription drops it is opened again with a fresh token, and every open call is told to reconcile its task from
 * {@code task(id) { events }}: events are deduplicated by id, so nothing is lost or doubled.
 */
final class TaskFeed {

    private static final Logger LOG = Logger.getLogger(TaskFeed.class);

    static final String MYTASKS = "subscription RekuestMyTasks { mytasks { event { id task kind returns message progress } } }";
    /** Sent after the subscription on the same socket: its answer proves the subscription is registered. */
    static final String BARRIER = "query RekuestFeedBarrier { __typename }";

    /** Events of unknown tasks kept at most this long. */
    private static final long EARLY_TTL_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final int EARLY_MAX_TASKS = 10_000;

    /** The call side of the feed. */
    interface Listener {
        /** An event of a task (from any thread). */
        void onEvent(TaskEvent event);

        /** The subscription was down: events may have been missed since {@code generation}; look at the task. */
        void reconcile();

        /** Whether the call follows its task through the agent socket's mirrors (not the subscription). */
        boolean acceptsMirrors();
    }

    private final Vertx vertx;
    private final RekuestConnection connection;
    private final Map<String, Listener> listeners = new java.util.concurrent.ConcurrentHashMap<>();

    // guarded by this
    private final LinkedHashMap<String, Early> early = new LinkedHashMap<>();
    private DynamicGraphQLClient client;
    private Cancellable subscription;
    private CompletableFuture<Long> live;
    private long generation;
    private int failures;
    private boolean closed;

    private static final class Early {
        final long since = System.nanoTime();
        final List<TaskEvent> events = new ArrayList<>(2);
    }

    /** Over the connection's subscription endpoint, TLS configuration and token provider. */
    TaskFeed(Vertx vertx, RekuestConnection connection) {
        this.vertx = vertx;
        this.connection = connection;
    }

    /** Completes with the feed's generation once the subscription is live; opens it on first use. */
    Uni<Long> live() {
        CompletableFuture<Long> future;
        synchronized (this) {
            if (closed) {
                return Uni.createFrom().failure(new IllegalStateException("The application is shutting down"));
            }
            if (live == null) {
                live = new CompletableFuture<>();
                open(live);
            }
            future = live;
        }
        if (future.isDone() && !future.isCompletedExceptionally()) {
            return Uni.createFrom().item(future.join());
        }
        return Uni.createFrom().completionStage(future);
    }

    /** The current generation when live, else -1. */
    synchronized long generation() {
        return live != null && live.isDone() && !live.isCompletedExceptionally() ? generation : -1;
    }

    /** Routes the events of {@code task} to {@code listener}, handing over those that came early. */
    void register(String task, Listener listener) {
        listeners.put(task, listener);
        Early buffered;
        synchronized (this) {
            buffered = early.remove(task);
        }
        if (buffered != null) {
            buffered.events.forEach(listener::onEvent);
        }
    }

    void unregister(String task) {
        listeners.remove(task);
    }

    /** Routes an event of the subscription; one of a task nobody waits for yet is kept for a while. */
    void route(TaskEvent event) {
        route(event, false, true);
    }

    /**
     * Routes a {@code <KIND>_EVENT} mirror of the agent socket. The server mirrors every event of the tasks this
     * identity created, also those assigned over GraphQL, which the subscription delivers too: mirrors only go to
     * calls that listen to them (assigned over the agent socket), and one of an unknown task is kept only while an
     * {@code ASSIGN_REQUEST} is unanswered (it may be that call's event); otherwise it is a late copy of an event of a
     * finished call and is dropped.
     */
    void routeMirror(TaskEvent event, boolean mayBeEarly) {
        route(event, true, mayBeEarly);
    }

    private void route(TaskEvent event, boolean mirror, boolean keepIfUnknown) {
        if (event.task() == null) {
            return;
        }
        Listener listener = listeners.get(event.task());
        if (listener == null) {
            if (!keepIfUnknown) {
                return;
            }
            synchronized (this) {
                listener = listeners.get(event.task());
                if (listener == null) {
                    keepEarly(event);
                    return;
                }
            }
        }
        if (mirror && !listener.acceptsMirrors()) {
            return;
        }
        try {
            listener.onEvent(event);
        } catch (RuntimeException e) {
            // one call's bug must not end the subscription that every other call depends on
            LOG.errorf(e, "Handling event %s (%s) of task %s failed", event.id(), event.kind(), event.task());
        }
    }

    private void keepEarly(TaskEvent event) {
        long now = System.nanoTime();
        for (Iterator<Early> it = early.values().iterator(); it.hasNext();) {
            Early entry = it.next();
            if (now - entry.since > EARLY_TTL_NANOS || early.size() > EARLY_MAX_TASKS) {
                it.remove();
            } else {
                break;
            }
        }
        early.computeIfAbsent(event.task(), t -> new Early()).events.add(event);
    }

    private void open(CompletableFuture<Long> ready) {
        // a fresh token in connection_init; the barrier query goes over the same socket
        Uni.createFrom().deferred(() -> connection.subscriptionClient(true))
                .subscribe().with(next -> connect(ready, next), failure -> dropped(ready, failure));
    }

    private void connect(CompletableFuture<Long> ready, DynamicGraphQLClient next) {
        synchronized (this) {
            if (closed) {
                close(next);
                return;
            }
            client = next;
            WireLog.graphql(MYTASKS, null);
            subscription = next.subscription(MYTASKS).subscribe().with(this::received,
                    failure -> dropped(next, failure), () -> dropped(next, new IllegalStateException("completed")));
        }
        next.executeAsync(BARRIER).subscribe().with(response -> {
            long current;
            boolean reconnected;
            synchronized (this) {
                if (client != next) {
                    return;
                }
                reconnected = generation > 0;
                current = ++generation;
                failures = 0;
            }
            LOG.debugf("mytasks subscription live (generation %d)", current);
            ready.complete(current);
            if (reconnected) {
                for (Listener listener : List.copyOf(listeners.values())) {
                    listener.reconcile();
                }
            }
        }, failure -> dropped(next, failure));
    }

    private void received(Response response) {
        if (response.hasError()) {
            LOG.debugf("mytasks subscription error: %s", response.getErrors());
            return;
        }
        JsonNode data;
        try {
            data = CallerGraphQL.data(response);
        } catch (RuntimeException e) {
            LOG.debugf("Ignoring an unreadable mytasks event: %s", e.getMessage());
            return;
        }
        JsonNode event = data.path("mytasks").get("event");
        if (event != null && !event.isNull()) {
            route(TaskEvent.of(event, null));
        }
    }

    private void dropped(DynamicGraphQLClient which, Throwable failure) {
        CompletableFuture<Long> ready;
        synchronized (this) {
            if (closed || which != client) {
                return;
            }
            client = null;
            subscription = null;
            ready = live != null && live.isDone() ? new CompletableFuture<>() : live;
            live = ready;
        }
        close(which);
        dropped(ready, failure);
    }

    private void dropped(CompletableFuture<Long> ready, Throwable failure) {
        // a refused token is invalidated, so that the next attempt gets a new one
        TokenException permanent = connection.onFailure(failure);
        long delay;
        synchronized (this) {
            if (closed) {
                return;
            }
            if (permanent != null) {
                // no token can be had (credentials refused, configuration missing): the waiting calls fail with it,
                // the next call tries again
                if (live == ready) {
                    live = null;
                }
                failures = 0;
                ready.completeExceptionally(permanent);
                return;
            }
            failures++;
            delay = Math.min(5000, 100L << Math.min(failures - 1, 6));
        }
        LOG.infof("The mytasks subscription to %s dropped (%s); reopening in %d ms", subscriptionsUrl(),
                failure.getMessage(), delay);
        vertx.setTimer(delay, id -> open(ready));
    }

    /** Closes the subscription and forgets everything. */
    void close() {
        DynamicGraphQLClient current;
        synchronized (this) {
            closed = true;
            current = client;
            client = null;
            if (live != null && !live.isDone()) {
                live.completeExceptionally(new IllegalStateException("The application is shutting down"));
            }
        }
        if (current != null) {
            close(current);
        }
    }

    /** Drops the subscription as a network failure would (for tests). */
    void dropForTesting() {
        DynamicGraphQLClient current;
        synchronized (this) {
            current = client;
        }
        if (current != null) {
            dropped(current, new IllegalStateException("dropped for testing"));
        }
    }

    private static void close(DynamicGraphQLClient client) {
        try {
            client.close();
        } catch (Exception e) {
            LOG.debug("Closing the subscription client failed", e);
        }
    }

    private String subscriptionsUrl() {
        try {
            return connection.endpoints().subscriptionsUrl();
        } catch (RuntimeException e) {
            return "the rekuest server";
        }
    }

    int earlyTasks() {
        synchronized (this) {
            return early.size();
        }
    }

    int listeners() {
        return listeners.size();
    }
}
