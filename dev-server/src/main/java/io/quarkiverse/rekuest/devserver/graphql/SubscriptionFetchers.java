package io.quarkiverse.rekuest.devserver.graphql;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;

import graphql.schema.DataFetchingEnvironment;
import graphql.schema.idl.RuntimeWiring;
import io.quarkiverse.rekuest.devserver.auth.Identity;
import io.quarkiverse.rekuest.devserver.store.RekuestStore;
import io.quarkiverse.rekuest.devserver.store.TaskRecord;

import static graphql.schema.idl.TypeRuntimeWiring.newTypeWiring;

/**
 * The {@code Subscription} root (§1.6): {@code mytasks} (this caller's root tasks), {@code tasks} (the
 * organization's), {@code childTasks(id)} and {@code agentTasks(agent)}. Delivery is best effort, as on the real
 * server: a subscriber only sees what happens while it is subscribed.
 */
final class SubscriptionFetchers {

    /** The executor a subscription emits on, put in the GraphQL context by the websocket handler. */
    static final String EXECUTOR = "rekuest.subscription.executor";
    /**
     * Where a task-feed fetcher leaves its event source (an {@code AtomicReference}), so that the websocket handler
     * can render plain selections itself ({@link TaskFeedProjection}).
     */
    static final String SOURCE = "rekuest.subscription.source";

    private final RekuestStore store;

    SubscriptionFetchers(RekuestStore store) {
        this.store = store;
    }

    void wire(RuntimeWiring.Builder wiring) {
        wiring.type(newTypeWiring("Subscription")
                .dataFetcher("mytasks", env -> {
                    Identity caller = Args.caller(env);
                    return changeEvents(env, t -> t.caller.sameAs(caller) && t.root == null);
                })
                .dataFetcher("tasks", env -> {
                    Identity caller = Args.caller(env);
                    return changeEvents(env, t -> RekuestStore.sameOrganization(caller, t.caller));
                })
                .dataFetcher("childTasks", env -> {
                    Identity caller = Args.caller(env);
                    String id = env.getArgument("id");
                    return exposed(env, TaskEventPublisher.of(store, executor(env),
                            t -> concerns(caller, t) && isChildOf(t, id)
                                    ? pair("create", TypeFetchers.taskChange(t), "update", null)
                                    : null,
                            (t, e) -> concerns(caller, t) && isChildOf(t, id)
                                    ? pair("create", null, "update", TypeFetchers.taskChange(t))
                                    : null));
                })
                .dataFetcher("agentTasks", env -> {
                    Identity caller = Args.caller(env);
                    String agent = env.getArgument("agent");
                    return TaskEventPublisher.of(store, executor(env),
                            t -> concerns(caller, t) && t.agent.id.equals(agent) ? pair("create", t, "update", null) : null,
                            (t, e) -> concerns(caller, t) && t.agent.id.equals(agent) ? pair("create", null, "update", t)
                                    : null);
                }));
    }

    private TaskEventPublisher changeEvents(DataFetchingEnvironment env, java.util.function.Predicate<TaskRecord> filter) {
        return exposed(env, TaskEventPublisher.of(store, executor(env),
                t -> filter.test(t) ? pair("create", TypeFetchers.taskChange(t), "event", null) : null,
                (t, e) -> filter.test(t) ? pair("create", null, "event", TypeFetchers.eventChange(e)) : null));
    }

    /** Hands the source to the websocket handler when it asked for it (see {@link #SOURCE}). */
    private static TaskEventPublisher exposed(DataFetchingEnvironment env, TaskEventPublisher source) {
        java.util.concurrent.atomic.AtomicReference<TaskEventPublisher> slot = env.getGraphQlContext().get(SOURCE);
        if (slot != null) {
            slot.set(source);
        }
        return source;
    }

    private static boolean concerns(Identity caller, TaskRecord task) {
        return RekuestStore.sameOrganization(caller, task.caller);
    }

    private static boolean isChildOf(TaskRecord task, String id) {
        return task.parent != null && task.parent.id.equals(id) || task.root != null && task.root.id.equals(id);
    }

    private static Executor executor(DataFetchingEnvironment env) {
        Executor executor = env.getGraphQlContext().get(EXECUTOR);
        return executor != null ? executor : Runnable::run;
    }

    private static Map<String, Object> pair(String k1, Object v1, String k2, Object v2) {
        Map<String, Object> map = new HashMap<>(4);
        map.put(k1, v1);
        map.put(k2, v2);
        return map;
    }
}
