package io.quarkiverse.rekuest.devserver.graphql;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Predicate;

import graphql.schema.DataFetchingEnvironment;
import graphql.schema.idl.RuntimeWiring;
import io.quarkiverse.rekuest.devserver.auth.Identity;
import io.quarkiverse.rekuest.devserver.store.DefinitionRules;
import io.quarkiverse.rekuest.devserver.store.ImplementationRecord;
import io.quarkiverse.rekuest.devserver.store.Json;
import io.quarkiverse.rekuest.devserver.store.RekuestException;
import io.quarkiverse.rekuest.devserver.store.RekuestStore;
import io.quarkiverse.rekuest.devserver.store.StateStore;
import io.quarkiverse.rekuest.devserver.store.StateStore.StateRecord;

import static graphql.schema.idl.TypeRuntimeWiring.newTypeWiring;

/**
 * The agents' states over GraphQL (§5.5): {@code states}, {@code state(id)}, {@code Agent.states},
 * {@code Implementation.manipulates}, and the {@code watchState} subscription (the current value first, then every
 * snapshot and patch in order of arrival). Visible to the agent's organization.
 */
final class StateFetchers {

    private final RekuestStore store;

    StateFetchers(RekuestStore store) {
        this.store = store;
    }

    void wire(RuntimeWiring.Builder wiring) {
        wiring.type(newTypeWiring("Query")
                .dataFetcher("states", env -> visible(env, store.states().states()))
                .dataFetcher("state", env -> {
                    StateRecord state = store.states().state(env.getArgument("id"));
                    if (state == null || !sameOrganization(env, state)) {
                        throw new RekuestException("State matching query does not exist.");
                    }
                    return state;
                })
                .dataFetcher("checkout", this::checkout)
                .dataFetcher("forwardEventsAfterRev", this::forwardEventsAfterRev));
        wiring.type(newTypeWiring("Agent")
                .dataFetcher("states", env -> store.states().statesOf(env.getSource())));
        wiring.type(newTypeWiring("Implementation")
                .dataFetcher("manipulates", env -> {
                    ImplementationRecord implementation = env.getSource();
                    return store.states().statesOf(implementation.agent).stream()
                            .filter(s -> implementation.manipulates.contains(s.iface)).toList();
                }));
        wiring.type(newTypeWiring("State")
                .dataFetcher("id", env -> state(env).id)
                .dataFetcher("definition", env -> definition(state(env)))
                .dataFetcher("agent", env -> state(env).agent)
                .dataFetcher("interface", env -> state(env).iface)
                .dataFetcher("key", env -> state(env).key)
                .dataFetcher("appIdentifier", env -> state(env).app)
                .dataFetcher("createdAt", env -> state(env).createdAt)
                .dataFetcher("updatedAt", env -> state(env).updatedAt));
        wiring.type(newTypeWiring("Subscription")
                .dataFetcher("watchState", this::watchState));
    }

    /** The current value of a state; reading back in time (revision, timestamp, patch windows) is not kept here. */
    private Object checkout(DataFetchingEnvironment env) {
        StateRecord state = store.states().state(env.getArgument("state"));
        if (state == null || !sameOrganization(env, state)) {
            throw new RekuestException("State matching query does not exist.");
        }
        for (String timeTravel : List.of("sessionId", "globalRevision", "timestamp")) {
            if (env.getArgument(timeTravel) != null) {
                throw new RekuestException(FallbackFetchers.NOT_IMPLEMENTED + "checkout(" + timeTravel + "); checkout of"
                        + " the current value");
            }
        }
        if (state.value == null) {
            throw new RekuestException("State '" + state.iface + "' has no value yet: its agent sent no snapshot");
        }
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("stateId", state.id);
        value.put("value", Json.toJava(state.value));
        value.put("globalRevision", state.globalRevision);
        value.put("forwardPatches", List.of());
        value.put("backwardPatches", List.of());
        return value;
    }

    /** The kept patches after {@code globalRevision}, oldest first, of one state (or every visible one), at most count. */
    private Object forwardEventsAfterRev(DataFetchingEnvironment env) {
        long after = ((Number) env.getArgument("globalRevision")).longValue();
        String stateId = env.getArgument("stateId");
        String sessionId = env.getArgument("sessionId");
        int count = env.getArgument("count") == null ? 100 : ((Number) env.getArgument("count")).intValue();
        List<Map<String, Object>> found = new java.util.ArrayList<>();
        for (StateRecord state : visible(env, store.states().states())) {
            if (stateId != null && !state.id.equals(stateId)) {
                continue;
            }
            for (var patch : store.states().patches(state)) {
                long rev = patch.path("globalRevision").asLong();
                if (rev <= after || sessionId != null && !sessionId.equals(patch.path("session").asText(null))) {
                    continue;
                }
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("id", state.id + ":" + rev);
                item.put("op", patch.path("op").asText());
                item.put("path", patch.path("path").asText());
                item.put("value", Json.toJava(patch.get("value")));
                item.put("timestamp", state.updatedAt);
                item.put("currentRevision", rev - 1);
                item.put("futureRevision", rev);
                item.put("globalCurrentRevision", rev - 1);
                item.put("globalFutureRevision", rev);
                item.put("sessionId", patch.path("session").asText(""));
                item.put("task", patch.hasNonNull("task") ? store.task(patch.get("task").asText()) : null);
                item.put("state", state);
                item.put("interface", state.iface);
                item.put("patch", Map.of("op", patch.path("op").asText(), "path", patch.path("path").asText(),
                        "value", Json.toJava(patch.get("value"))));
                found.add(item);
            }
        }
        found.sort(java.util.Comparator.comparingLong(p -> (Long) p.get("futureRevision")));
        return found.size() > count ? found.subList(0, count) : found;
    }

    private static StateRecord state(DataFetchingEnvironment env) {
        return env.getSource();
    }

    private static Map<String, Object> definition(StateRecord state) {
        Map<String, Object> definition = new LinkedHashMap<>();
        definition.put("id", state.id);
        definition.put("hash", DefinitionRules.hash(state.definition));
        definition.put("name", state.definition.path("name").asText(state.iface));
        definition.put("ports", Json.toJava(state.definition.path("ports")));
        return definition;
    }

    private static boolean sameOrganization(DataFetchingEnvironment env, StateRecord state) {
        return RekuestStore.sameOrganization(Args.caller(env), state.agent.identity);
    }

    private static List<StateRecord> visible(DataFetchingEnvironment env, List<StateRecord> states) {
        return states.stream().filter(s -> sameOrganization(env, s)).toList();
    }

    private Object watchState(DataFetchingEnvironment env) {
        Identity caller = Args.caller(env);
        String stateId = env.getArgument("stateId");
        String agentId = env.getArgument("agentId");
        String iface = env.getArgument("interface");
        if (stateId == null && agentId == null) {
            throw new RekuestException("watchState needs stateId, or agentId with interface");
        }
        Predicate<StateRecord> selected = s -> RekuestStore.sameOrganization(caller, s.agent.identity)
                && (stateId == null || s.id.equals(stateId)) && (agentId == null || s.agent.id.equals(agentId))
                && (iface == null || s.iface.equals(iface));
        Executor executor = env.getGraphQlContext().get(SubscriptionFetchers.EXECUTOR);
        return new Watch(store.states(), selected, executor != null ? executor : Runnable::run);
    }

    /** One {@code watchState} subscription: the current values first, then each change, on the connection's executor. */
    private static final class Watch extends BufferedPublisher implements StateStore.Watcher {
        private final StateStore states;
        private final Predicate<StateRecord> selected;

        Watch(StateStore states, Predicate<StateRecord> selected, Executor executor) {
            super(executor);
            this.states = states;
            this.selected = selected;
        }

        @Override
        protected void start() {
            synchronized (states) {
                // the current values and the watch start together: nothing in between is missed
                for (StateRecord state : states.states()) {
                    if (selected.test(state) && state.value != null) {
                        Map<String, Object> event = new LinkedHashMap<>();
                        event.put("__typename", "StateSnapshotEvent");
                        event.put("stateId", state.id);
                        event.put("agentId", state.agent.id);
                        event.put("interface", state.iface);
                        event.put("value", Json.toJava(state.value));
                        event.put("globalRevision", state.globalRevision);
                        event.put("sessionId", state.sessionId == null ? "" : state.sessionId);
                        event.put("timestamp", state.updatedAt);
                        first(event);
                    }
                }
                states.watch(this);
            }
        }

        @Override
        protected void stop() {
            states.unwatch(this);
        }

        @Override
        public void changed(StateRecord state, Map<String, Object> event) {
            if (selected.test(state)) {
                offer(event);
            }
        }
    }
}
