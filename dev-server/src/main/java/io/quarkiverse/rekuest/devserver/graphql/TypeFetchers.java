package io.quarkiverse.rekuest.devserver.graphql;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import graphql.schema.DataFetchingEnvironment;
import graphql.schema.idl.RuntimeWiring;
import io.quarkiverse.rekuest.devserver.auth.Identity;
import io.quarkiverse.rekuest.devserver.store.ActionRecord;
import io.quarkiverse.rekuest.devserver.store.AgentRecord;
import io.quarkiverse.rekuest.devserver.store.ImplementationRecord;
import io.quarkiverse.rekuest.devserver.store.Json;
import io.quarkiverse.rekuest.devserver.store.MemoryShelveRecord;
import io.quarkiverse.rekuest.devserver.store.RekuestStore;
import io.quarkiverse.rekuest.devserver.store.TaskEventRecord;
import io.quarkiverse.rekuest.devserver.store.TaskRecord;

import static graphql.schema.idl.TypeRuntimeWiring.newTypeWiring;

/**
 * Field resolvers of the object types whose fields are not plain same-named fields of the store records, and the
 * slim {@code TaskChange} / {@code TaskEventChange} views the task feeds publish.
 */
final class TypeFetchers {

    private final RekuestStore store;
    private final Filters filters;
    private final OrderSpecs orders;

    TypeFetchers(RekuestStore store, Filters filters, OrderSpecs orders) {
        this.store = store;
        this.filters = filters;
        this.orders = orders;
    }

    void wire(RuntimeWiring.Builder wiring) {
        wiring.type(newTypeWiring("Agent")
                .dataFetcher("client", env -> client(agent(env).identity))
                .dataFetcher("user", env -> user(agent(env).identity))
                .dataFetcher("organization", env -> organization(agent(env).identity.organization()))
                .dataFetcher("app", env -> app(agent(env).identity.app()))
                .dataFetcher("release", env -> release(agent(env).identity))
                .dataFetcher("active", env -> store.live(agent(env)))
                .dataFetcher("hookUrlSecret", env -> null) // never given out
                .dataFetcher("implementations", env -> Listing.of(env, implementationsOf(agent(env)), filters.implementation,
                        orders.implementation))
                .dataFetcher("implementation", env -> implementationsOf(agent(env)).stream()
                        .filter(i -> i.interfaceName.equals(env.getArgument("interface"))).findFirst().orElse(null))
                .dataFetcher("tasks", env -> Listing.of(env, store.tasks().stream().filter(t -> t.agent == agent(env)).toList(),
                        filters.task, orders.task)));
        wiring.type(newTypeWiring("Action")
                .dataFetcher("app", env -> app(action(env).app))
                .dataFetcher("organization", env -> organization(action(env).organization))
                .dataFetcher("collections", env -> action(env).collections.stream()
                        .map(c -> Map.of("id", c, "name", c)).toList())
                .dataFetcher("scope", env -> ActionScopes.of(action(env).definition))
                .dataFetcher("implementations", env -> Listing.of(env, store.implementations().stream()
                        .filter(i -> i.action == action(env)).toList(), filters.implementation, orders.implementation))
                .dataFetcher("tasks", env -> Listing.of(env, tasksOf(action(env)), filters.task, orders.task))
                .dataFetcher("runs", env -> tasksOf(action(env)))
                .dataFetcher("latestTask", env -> tasksOf(action(env)).stream()
                        .filter(t -> t.latestEventKind == io.quarkiverse.rekuest.devserver.store.TaskEventKind.COMPLETED)
                        .reduce((first, second) -> second).orElse(null))
                .dataFetcher("args", env -> Json.toJava(action(env).definition.path("args")))
                .dataFetcher("returns", env -> Json.toJava(action(env).definition.path("returns")))
                .dataFetcher("portGroups", env -> Json.toJava(action(env).definition.path("portGroups"))));
        wiring.type(newTypeWiring("Collection")
                .dataFetcher("actions", env -> Listing.of(env, store.actions().stream()
                        .filter(a -> a.collections.contains(((Map<?, ?>) env.getSource()).get("name"))).toList(),
                        filters.action, orders.action)));
        wiring.type(newTypeWiring("Implementation")
                .dataFetcher("interface", env -> implementation(env).interfaceName)
                .dataFetcher("name", env -> implementation(env).action.name)
                .dataFetcher("params", env -> {
                    Object params = Json.toJava(implementation(env).params);
                    return params == null ? Map.of() : params;
                })
                .dataFetcher("higherOrderConfig", env -> Map.of())
                .dataFetcher("dependencies", env -> dependencies(implementation(env)))
                .dataFetcher("myLatestTask", env -> store.tasks().stream()
                        .filter(t -> t.implementation == implementation(env) && t.caller.sameAs(Args.caller(env)))
                        .reduce((first, second) -> second).orElse(null)));
        wiring.type(newTypeWiring("Task")
                .dataFetcher("events",
                        env -> Listing.of(env, store.events(env.getSource()), filters.taskEvent, orders.taskEvent))
                .dataFetcher("latestEventKind", env -> ((TaskRecord) env.getSource()).latestEventKind.name())
                .dataFetcher("caller", env -> Callers.of(((TaskRecord) env.getSource()).caller))
                .dataFetcher("dependencies", env -> ((TaskRecord) env.getSource()).dependencies)
                .dataFetcher("arg", env -> ((TaskRecord) env.getSource()).args instanceof Map<?, ?> args
                        ? args.get(env.getArgument("key"))
                        : null)
                .dataFetcher("children", env -> Listing.of(env, store.children(env.getSource()), filters.task, orders.task)));
        wiring.type(newTypeWiring("TaskEvent")
                .dataFetcher("id", env -> ((TaskEventRecord) env.getSource()).id())
                .dataFetcher("task", env -> ((TaskEventRecord) env.getSource()).task())
                .dataFetcher("kind", env -> ((TaskEventRecord) env.getSource()).kind().name()));
        wiring.type(newTypeWiring("MemoryShelve")
                .dataFetcher("drawers", env -> Listing.of(env, store.drawers((MemoryShelveRecord) env.getSource()),
                        filters.memoryDrawer, null)));
        wiring.type(newTypeWiring("Choice").dataFetcher("value", TypeFetchers::choiceValue));
    }

    private List<TaskRecord> tasksOf(ActionRecord action) {
        return store.tasks().stream().filter(t -> t.action == action).toList();
    }

    /** {@code Choice.value} is a String on output; the declared value may be any JSON. */
    private static Object choiceValue(DataFetchingEnvironment env) {
        Object value = PropertyAccess.read(env.getSource(), "value");
        return value == PropertyAccess.ABSENT || value == null || value instanceof String ? value : Json.write(value);
    }

    private List<ImplementationRecord> implementationsOf(AgentRecord agent) {
        return store.implementations().stream().filter(i -> i.agent == agent).toList();
    }

    private static AgentRecord agent(DataFetchingEnvironment env) {
        return env.getSource();
    }

    private static ActionRecord action(DataFetchingEnvironment env) {
        return env.getSource();
    }

    private static ImplementationRecord implementation(DataFetchingEnvironment env) {
        return env.getSource();
    }

    static Map<String, Object> client(Identity identity) {
        Map<String, Object> client = new LinkedHashMap<>();
        client.put("id", identity.clientId());
        client.put("name", identity.clientId());
        client.put("clientId", identity.clientId());
        client.put("release", release(identity));
        return client;
    }

    static Map<String, Object> user(Identity identity) {
        return Map.of("id", identity.sub(), "sub", identity.sub());
    }

    static Map<String, Object> organization(String slug) {
        return Map.of("slug", slug);
    }

    static Map<String, Object> app(String identifier) {
        return Map.of("id", identifier, "identifier", identifier);
    }

    static Map<String, Object> release(Identity identity) {
        return Map.of("id", identity.app() + ":" + identity.release(), "app", app(identity.app()), "version",
                identity.release());
    }

    /** The slim {@code TaskChange} view (IDs only). */
    static Map<String, Object> taskChange(TaskRecord task) {
        Map<String, Object> change = new LinkedHashMap<>(32);
        change.put("id", task.id);
        change.put("reference", task.reference);
        change.put("isDone", task.isDone);
        change.put("latestEventKind", task.latestEventKind.name());
        change.put("latestInstructKind", task.latestInstructKind);
        change.put("statusMessage", task.statusMessage);
        change.put("action", task.action.id);
        change.put("implementation", task.implementation.id);
        change.put("agent", task.agent.id);
        change.put("root", task.root == null ? null : task.root.id);
        change.put("parent", task.parent == null ? null : task.parent.id);
        change.put("createdAt", task.createdAt);
        change.put("updatedAt", task.updatedAt);
        change.put("finishedAt", task.finishedAt);
        return change;
    }

    /** The {@code TaskEventChange} view. */
    static Map<String, Object> eventChange(TaskEventRecord event) {
        Map<String, Object> change = new LinkedHashMap<>(16);
        change.put("id", event.id());
        change.put("task", event.task().id);
        change.put("kind", event.kind().name());
        change.put("message", event.message());
        change.put("progress", event.progress());
        change.put("returns", event.returns());
        change.put("createdAt", event.createdAt());
        return change;
    }

    /** The declared {@code AgentDependencyInput}s of an implementation as {@code Dependency} objects (§5.4). */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> dependencies(ImplementationRecord implementation) {
        List<Map<String, Object>> dependencies = new java.util.ArrayList<>();
        if (implementation.dependencies == null) {
            return dependencies;
        }
        for (JsonNode declared : implementation.dependencies) {
            Map<String, Object> dependency = new java.util.LinkedHashMap<>();
            String key = declared.path("key").asText();
            dependency.put("id", implementation.id + ":" + key);
            dependency.put("implementation", implementation);
            dependency.put("key", key);
            dependency.put("optional", declared.path("optional").asBoolean(false));
            dependency.put("description", declared.hasNonNull("description") ? declared.get("description").asText() : null);
            dependency.put("autoResolvable", declared.path("autoResolvable").asBoolean(false));
            dependency.put("appFilter", declared.hasNonNull("app") ? declared.get("app").asText() : null);
            dependency.put("versionFilter", declared.hasNonNull("version") ? declared.get("version").asText() : null);
            dependency.put("minViableInstances", declared.hasNonNull("minViableInstances")
                    ? declared.get("minViableInstances").asInt()
                    : null);
            dependency.put("maxViableInstances", declared.hasNonNull("maxViableInstances")
                    ? declared.get("maxViableInstances").asInt()
                    : null);
            dependency.put("singular", false);
            List<Object> actions = new java.util.ArrayList<>();
            for (JsonNode slot : declared.path("actionDependencies")) {
                Map<String, Object> action = new java.util.LinkedHashMap<>();
                action.put("key", slot.path("key").asText());
                action.put("description", slot.hasNonNull("description") ? slot.get("description").asText() : null);
                action.put("optional", slot.path("optional").asBoolean(false));
                action.put("demand", slot.path("demand").isObject() ? (Map<String, Object>) Json.toJava(slot.get("demand"))
                        : null);
                actions.add(action);
            }
            dependency.put("actionDependencies", actions);
            dependency.put("stateDependencies", List.of());
            dependencies.add(dependency);
        }
        return dependencies;
    }
}
