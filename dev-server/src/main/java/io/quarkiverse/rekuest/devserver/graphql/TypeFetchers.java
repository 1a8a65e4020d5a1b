package io.quarkiverse.rekuest.devserver.graphql;

import static graphql.schema.idl.TypeRuntimeWiring.newTypeWiring;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

/**
 * Field resolvers of the object types whose fields are not plain same-named fields of the store records, and the
 * slim {@code TaskChange} / {@code TaskEventChange} views the task feeds publish.
 */
final class TypeFetchers {

    private final RekuestStore store;

    TypeFetchers(RekuestStore store) {
        this.store = store;
    }

    void wire(RuntimeWiring.Builder wiring) {
        wiring.type(newTypeWiring("Agent")
                .dataFetcher("client", env -> client(agent(env).identity))
                .dataFetcher("user", env -> user(agent(env).identity))
                .dataFetcher("organization", env -> organization(agent(env).identity.organization()))
                .dataFetcher("app", env -> app(agent(env).identity.app()))
                .dataFetcher("release", env -> release(agent(env).identity))
                .dataFetcher("active", env -> store.live(agent(env)))
                .dataFetcher("implementations", env -> Args.page(env, implementationsOf(agent(env))))
                .dataFetcher("implementation", env -> implementationsOf(agent(env)).stream()
                        .filter(i -> i.interfaceName.equals(env.getArgument("interface"))).findFirst().orElse(null))
                .dataFetcher("tasks", env -> Args.page(env,
                        store.tasks().stream().filter(t -> t.agent == agent(env)).toList())));
        wiring.type(newTypeWiring("Action")
                .dataFetcher("app", env -> app(action(env).app))
                .dataFetcher("organization", env -> organization(action(env).organization))
                .dataFetcher("collections", env -> action(env).collections.stream()
                        .map(c -> Map.of("id", c, "name", c)).toList())
                .dataFetcher("implementations", env -> Args.page(env, store.implementations().stream()
                        .filter(i -> i.action == action(env)).toList()))
                .dataFetcher("args", env -> Json.toJava(action(env).definition.path("args")))
                .dataFetcher("returns", env -> Json.toJava(action(env).definition.path("returns")))
                .dataFetcher("portGroups", env -> Json.toJava(action(env).definition.path("portGroups"))));
        wiring.type(newTypeWiring("Implementation")
                .dataFetcher("interface", env -> implementation(env).interfaceName)
                .dataFetcher("name", env -> implementation(env).action.name)
                .dataFetcher("params", env -> {
                    Object params = Json.toJava(implementation(env).params);
                    return params == null ? Map.of() : params;
                }));
        wiring.type(newTypeWiring("Task")
                .dataFetcher("events", this::events)
                .dataFetcher("latestEventKind", env -> ((TaskRecord) env.getSource()).latestEventKind.name())
                .dataFetcher("children", env -> Args.page(env, store.children(env.getSource()))));
        wiring.type(newTypeWiring("TaskEvent")
                .dataFetcher("id", env -> ((TaskEventRecord) env.getSource()).id())
                .dataFetcher("task", env -> ((TaskEventRecord) env.getSource()).task())
                .dataFetcher("kind", env -> ((TaskEventRecord) env.getSource()).kind().name()));
        wiring.type(newTypeWiring("MemoryShelve")
                .dataFetcher("drawers", env -> Args.page(env, store.drawers((MemoryShelveRecord) env.getSource()))));
        wiring.type(newTypeWiring("ArgPort").dataFetcher("choices", TypeFetchers::choices));
        wiring.type(newTypeWiring("ReturnPort").dataFetcher("choices", TypeFetchers::choices));
    }

    private Object events(DataFetchingEnvironment env) {
        List<TaskEventRecord> events = store.events(env.getSource());
        Map<String, Object> filters = env.getArgument("filters");
        if (filters != null) {
            List<Object> ids = Args.list(filters, "ids");
            List<Object> kinds = Args.list(filters, "kind");
            events = events.stream()
                    .filter(e -> ids == null || ids.contains(e.id()))
                    .filter(e -> kinds == null || kinds.contains(e.kind().name()))
                    .toList();
        }
        return Args.page(env, events);
    }

    /** Choice.value is a String on output; the stored value may be any JSON. */
    @SuppressWarnings("unchecked")
    private static Object choices(DataFetchingEnvironment env) {
        Map<String, Object> port = env.getSource();
        List<Map<String, Object>> choices = (List<Map<String, Object>>) port.get("choices");
        if (choices == null) {
            return null;
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> choice : choices) {
            Map<String, Object> copy = new LinkedHashMap<>(choice);
            Object value = choice.get("value");
            copy.put("value", value instanceof String ? value : Json.write(value));
            out.add(copy);
        }
        return out;
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
}
