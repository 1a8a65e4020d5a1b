package io.quarkiverse.rekuest.devserver.graphql;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import graphql.schema.DataFetchingEnvironment;
import graphql.schema.idl.RuntimeWiring;
import io.quarkiverse.rekuest.devserver.store.AgentRecord;
import io.quarkiverse.rekuest.devserver.store.Dependencies;
import io.quarkiverse.rekuest.devserver.store.Json;
import io.quarkiverse.rekuest.devserver.store.RekuestStore;
import io.quarkiverse.rekuest.devserver.store.RekuestStore.AssignRequest;
import io.quarkiverse.rekuest.devserver.store.RekuestStore.Control;

import static graphql.schema.idl.TypeRuntimeWiring.newTypeWiring;

/** The {@code Mutation} root: every mutation takes one {@code input} argument (§1.1). */
final class MutationFetchers {

    private final RekuestStore store;

    MutationFetchers(RekuestStore store) {
        this.store = store;
    }

    void wire(RuntimeWiring.Builder wiring) {
        wiring.type(newTypeWiring("Mutation")
                .dataFetcher("ensureAgent", env -> {
                    Map<String, Object> in = Args.input(env);
                    return store.ensureAgent(Args.caller(env), Args.string(in, "name"), Args.string(in, "kind"),
                            Args.string(in, "hookUrl"), Args.string(in, "hookUrlSecret"));
                })
                .dataFetcher("implementAgent", this::implementAgent)
                .dataFetcher("deleteImplementation", env -> store.deleteImplementation(Args.caller(env),
                        Args.string(Args.input(env), "implementation")).id)
                .dataFetcher("assign", this::assign)
                .dataFetcher("cancel", env -> control(env, Control.CANCEL))
                .dataFetcher("interrupt", env -> control(env, Control.INTERRUPT))
                .dataFetcher("pause", env -> control(env, Control.PAUSE))
                .dataFetcher("resume", env -> control(env, Control.RESUME))
                .dataFetcher("ack", env -> {
                    // a no-op on v2.2.0 that returns the task
                    String id = Args.string(Args.input(env), "task");
                    var task = store.task(id);
                    if (task == null || !RekuestStore.sameOrganization(Args.caller(env), task.caller)) {
                        throw new io.quarkiverse.rekuest.devserver.store.RekuestException("Task " + id + " not found");
                    }
                    return task;
                })
                .dataFetcher("collect", env -> store.collect(Args.caller(env), strings(Args.list(Args.input(env), "drawers"))))
                .dataFetcher("shelveInMemoryDrawer", env -> {
                    Map<String, Object> in = Args.input(env);
                    return store.shelve(Args.caller(env), Args.string(in, "identifier"), Args.string(in, "resourceId"),
                            Args.string(in, "label"), Args.string(in, "description"));
                })
                .dataFetcher("unshelveMemoryDrawer",
                        env -> store.unshelve(Args.caller(env), Args.string(Args.input(env), "id")))
                .dataFetcher("block", env -> admin(env, "block"))
                .dataFetcher("unblock", env -> admin(env, "unblock"))
                .dataFetcher("kick", env -> admin(env, "kick"))
                .dataFetcher("bounce", env -> admin(env, "bounce")));
    }

    private Object implementAgent(DataFetchingEnvironment env) {
        Map<String, Object> in = Args.input(env);
        List<JsonNode> implementations = new ArrayList<>();
        List<Object> declared = Args.list(in, "implementations");
        if (declared != null) {
            for (Object implementation : declared) {
                implementations.add(Json.toTree(implementation));
            }
        }
        List<JsonNode> states = trees(Args.list(in, "states"));
        List<JsonNode> locks = trees(Args.list(in, "locks"));
        DeclaredStates.check(implementations, states, locks);
        // bloks are accepted and not kept
        AgentRecord agent = store.implementAgent(Args.caller(env), Args.string(in, "name"), implementations,
                Args.string(in, "hash"));
        store.states().declare(agent, states, locks);
        return agent;
    }

    private Object assign(DataFetchingEnvironment env) {
        Map<String, Object> in = Args.input(env);
        return store.assign(Args.caller(env), assignRequest(in));
    }

    /** The store's request for a coerced {@code AssignInput}. */
    @SuppressWarnings("unchecked")
    static AssignRequest assignRequest(Map<String, Object> in) {
        List<String> initHooks = new ArrayList<>();
        List<Object> hooks = Args.list(in, "hooks");
        if (hooks != null) {
            for (Object hook : hooks) {
                Map<String, Object> h = (Map<String, Object>) hook;
                if ("INIT".equals(h.get("kind"))) {
                    initHooks.add(h.get("hash").toString());
                }
            }
        }
        // v2.2.0's GraphQL assign does not handle agent + interface (§10): they are not passed on
        List<Dependencies.Mapping> mappings = new ArrayList<>();
        List<Object> resolved = Args.list(in, "dependencies");
        if (resolved != null) {
            for (Object item : resolved) {
                @SuppressWarnings("unchecked")
                Map<String, Object> mapping = (Map<String, Object>) item;
                List<String> agents = new ArrayList<>();
                List<Object> mapped = Args.list(mapping, "mappedAgents");
                if (mapped != null) {
                    for (Object agent : mapped) {
                        @SuppressWarnings("unchecked")
                        Object id = ((Map<String, Object>) agent).get("agent");
                        agents.add(String.valueOf(id));
                    }
                }
                mappings.add(new Dependencies.Mapping(Args.string(mapping, "key"), agents,
                        Boolean.TRUE.equals(mapping.get("autoResolve"))));
            }
        }
        return new AssignRequest(Args.string(in, "action"), Args.string(in, "implementation"),
                Args.string(in, "actionHash"), null, null, in.get("args"), Args.string(in, "reference"),
                Args.string(in, "parent"), Boolean.TRUE.equals(in.get("capture")), Boolean.TRUE.equals(in.get("ephemeral")),
                initHooks, Args.string(in, "dependency"), Args.string(in, "method"), mappings);
    }

    private Object control(DataFetchingEnvironment env, Control control) {
        Map<String, Object> in = Args.input(env);
        return store.control(Args.caller(env), null, Args.string(in, "task"), control, Boolean.TRUE.equals(in.get("step")));
    }

    private Object admin(DataFetchingEnvironment env, String action) {
        Map<String, Object> in = Args.input(env);
        return store.admin(Args.caller(env), Args.string(in, "agent"), action, Args.string(in, "reason"));
    }

    private static List<JsonNode> trees(List<Object> values) {
        List<JsonNode> trees = new ArrayList<>();
        if (values != null) {
            values.forEach(value -> trees.add(Json.toTree(value)));
        }
        return trees;
    }

    private static List<String> strings(List<Object> values) {
        return values == null ? List.of() : values.stream().map(Object::toString).toList();
    }
}
