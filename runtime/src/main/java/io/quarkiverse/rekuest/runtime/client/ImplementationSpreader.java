package io.quarkiverse.rekuest.runtime.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkiverse.rekuest.NoImplementationException;
import io.quarkiverse.rekuest.Spread;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * Spreads calls over the live implementations of an action (its replicas), because the server does not: v2.2.0 sends
 * an assign by action to the <em>first</em> available implementation (protocol.adoc §1.5). Keeps, per action, the
 * implementations whose agent is {@code active} (read at most every {@code spread-refresh}), this application's count of
 * open calls on each, and the calls in flight on each; a replica that stops being active while calls are open on it is
 * reported to those calls ({@link RemoteTask#replicaLost}), which assign an idempotent call again elsewhere.
 * <p>
 * "Active" is the server's liveness: a replica that crashed without closing its socket stays active until its
 * {@code last_seen} is 30 s old (§2.6), so its calls move only then.
 */
final class ImplementationSpreader {

    private static final Logger LOG = Logger.getLogger(ImplementationSpreader.class);

    static final String LIVE = "query RekuestActionImplementations($action: ID!) { "
            + "implementations(filters: {action: {ids: [$action]}}, pagination: {limit: 1000}) { id agent { id active } } }";

    private final CallerGraphQL graphql;
    private final Vertx vertx;
    private final Duration refresh;
    private final Map<String, Replicas> byAction = new ConcurrentHashMap<>();
    /** Calls open on each implementation (picked and not yet released), by implementation id. */
    private final Map<String, Integer> open = new ConcurrentHashMap<>();
    /** The calls in flight on a picked implementation, watched for the loss of their replica. */
    private final Map<RemoteTask, Picked> watched = new ConcurrentHashMap<>();
    private volatile long watchTimer = -1;

    /** One pick: the action and the implementation a call went to. */
    record Picked(String actionId, String implementationId) {
    }

    /** What is known of one action's implementations. */
    private static final class Replicas {
        /** Implementation ids of active agents, in the server's order. */
        volatile List<String> live = List.of();
        /** When {@link #live} was read (nanoTime), or 0. */
        volatile long readAt;
        /** The read in flight, or null. */
        volatile Uni<List<String>> reading;
        /** Round-robin position; also where ties of least-busy start. Guarded by the spreader. */
        int cursor;
    }

    ImplementationSpreader(CallerGraphQL graphql, Vertx vertx, Duration refresh) {
        this.graphql = graphql;
        this.vertx = vertx;
        this.refresh = refresh;
    }

    /**
     * Picks an implementation of {@code actionId} when the list of its live implementations is fresh and not empty,
     * else {@code null} (then use {@link #pick}). The pick counts as an open call until {@link #release}d.
     */
    String pickNow(String actionId, Spread spread, Set<String> avoid) {
        Replicas replicas = byAction.get(actionId);
        if (replicas == null || replicas.readAt == 0 || System.nanoTime() - replicas.readAt > refresh.toNanos()
                || replicas.live.isEmpty()) {
            // stale, or emptied by lost replicas: only the server can tell whether none is live, so read it again
            return null;
        }
        return choose(actionId, replicas, spread, avoid);
    }

    /** Picks an implementation of {@code actionId}, reading its live implementations first when the list is stale. */
    Uni<String> pick(String actionId, Spread spread, Set<String> avoid) {
        String now = pickNow(actionId, spread, avoid);
        if (now != null) {
            return Uni.createFrom().item(now);
        }
        Replicas replicas = byAction.computeIfAbsent(actionId, id -> new Replicas());
        return read(actionId, replicas).map(live -> choose(actionId, replicas, spread, avoid));
    }

    private Uni<List<String>> read(String actionId, Replicas replicas) {
        synchronized (replicas) {
            Uni<List<String>> reading = replicas.reading;
            if (reading != null) {
                return reading;
            }
            ObjectNode variables = CallerGraphQL.MAPPER.createObjectNode().put("action", actionId);
            reading = graphql.execute(LIVE, variables).map(data -> {
                List<String> live = new ArrayList<>();
                for (JsonNode implementation : data.path("implementations")) {
                    if (implementation.path("agent").path("active").asBoolean(false)) {
                        live.add(implementation.get("id").asText());
                    }
                }
                replicas.live = List.copyOf(live);
                replicas.readAt = System.nanoTime();
                return replicas.live;
            }).eventually(() -> {
                synchronized (replicas) {
                    replicas.reading = null;
                }
            }).memoize().indefinitely();
            replicas.reading = reading;
            return reading;
        }
    }

    /** Chooses among the live implementations not in {@code avoid} (all live ones when that leaves none). */
    private synchronized String choose(String actionId, Replicas replicas, Spread spread, Set<String> avoid) {
        List<String> live = replicas.live;
        List<String> candidates = live;
        if (!avoid.isEmpty()) {
            candidates = live.stream().filter(id -> !avoid.contains(id)).toList();
            if (candidates.isEmpty()) {
                candidates = live;
            }
        }
        if (candidates.isEmpty()) {
            throw new NoImplementationException("No live implementation of action " + actionId
                    + " to spread the call over: no implementation's agent is active", null);
        }
        int start = Math.floorMod(replicas.cursor++, candidates.size());
        String chosen = candidates.get(start);
        if (spread == Spread.LEAST_BUSY) {
            int fewest = open.getOrDefault(chosen, 0);
            for (int i = 1; i < candidates.size() && fewest > 0; i++) {
                String candidate = candidates.get((start + i) % candidates.size());
                int count = open.getOrDefault(candidate, 0);
                if (count < fewest) {
                    fewest = count;
                    chosen = candidate;
                }
            }
        }
        open.merge(chosen, 1, Integer::sum);
        return chosen;
    }

    /** Ends the open call counted by a pick of {@code implementationId}, and stops watching {@code call}. */
    void release(RemoteTask call, String implementationId) {
        watched.remove(call);
        open.computeIfPresent(implementationId, (id, count) -> count <= 1 ? null : count - 1);
    }

    /** Watches {@code call}, assigned to {@code implementationId} of {@code actionId}, for the loss of its replica. */
    void watch(RemoteTask call, String actionId, String implementationId) {
        watched.put(call, new Picked(actionId, implementationId));
        if (watchTimer < 0) {
            synchronized (this) {
                if (watchTimer < 0) {
                    watchTimer = vertx.setPeriodic(Math.max(1, refresh.toMillis()), id -> checkWatched());
                }
            }
        }
    }

    /**
     * Takes {@code implementationId} out of the live list of {@code actionId} at once (an assign found its agent not
     * available, or a call learnt its replica is gone); the next read puts it back if the server counts it active.
     */
    void lost(String actionId, String implementationId) {
        Replicas replicas = byAction.get(actionId);
        if (replicas != null) {
            replicas.live = replicas.live.stream().filter(id -> !id.equals(implementationId)).toList();
        }
    }

    /** Reads the live implementations of every action with watched calls; tells the calls whose replica is gone. */
    private void checkWatched() {
        if (watched.isEmpty()) {
            return;
        }
        Set<String> actions = ConcurrentHashMap.newKeySet();
        watched.values().forEach(picked -> actions.add(picked.actionId()));
        for (String actionId : actions) {
            Replicas replicas = byAction.computeIfAbsent(actionId, id -> new Replicas());
            read(actionId, replicas).subscribe().with(live -> {
                for (Map.Entry<RemoteTask, Picked> entry : watched.entrySet()) {
                    Picked picked = entry.getValue();
                    if (picked.actionId().equals(actionId) && !live.contains(picked.implementationId())) {
                        LOG.debugf("Implementation %s of action %s is no longer active", picked.implementationId(),
                                actionId);
                        entry.getKey().replicaLost(picked.implementationId());
                    }
                }
            }, failure -> LOG.debugf("Reading the implementations of action %s failed: %s", actionId,
                    failure.getMessage()));
        }
    }

    /** The calls watched (for tests: finished calls leave nothing behind). */
    int watchedCalls() {
        return watched.size();
    }

    /** The implementations with open calls (for tests). */
    int openImplementations() {
        return open.size();
    }

    void close() {
        long timer = watchTimer;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }
}
