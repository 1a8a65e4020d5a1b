package io.quarkiverse.rekuest.devserver.webhook;

import java.util.ArrayList;
import java.util.List;

import io.vertx.core.Future;

/**
 * The real server POSTs a webhook agent's message inside the call that queued it ({@code assign}, {@code cancel}...):
 * the call answers only once the POST succeeded, failed or timed out (§2.11). A GraphQL request opens a scope on its
 * thread; every POST started while it is open is collected, and the response waits for them.
 */
public final class WebhookDeliveries {

    private static final ThreadLocal<List<Future<?>>> SCOPE = new ThreadLocal<>();

    private WebhookDeliveries() {
    }

    /** Opens a scope on this thread (a GraphQL request is being handled). */
    public static void open() {
        SCOPE.set(new ArrayList<>());
    }

    /** Closes the scope of this thread. */
    public static void close() {
        SCOPE.remove();
    }

    /** A POST started: the open scope, if any, waits for it. */
    static void started(Future<?> delivery) {
        List<Future<?>> scope = SCOPE.get();
        if (scope != null) {
            scope.add(delivery);
        }
    }

    /**
     * Completes when every POST started in this thread's scope so far has ended (whatever the outcome); null when
     * none was started, so that the common case answers at once.
     */
    public static Future<Void> pending() {
        List<Future<?>> scope = SCOPE.get();
        if (scope == null || scope.isEmpty()) {
            return null;
        }
        List<Future<?>> ended = new ArrayList<>(scope.size());
        for (Future<?> delivery : scope) {
            ended.add(delivery.transform(ar -> Future.succeededFuture()));
        }
        return Future.all(ended).mapEmpty();
    }
}
