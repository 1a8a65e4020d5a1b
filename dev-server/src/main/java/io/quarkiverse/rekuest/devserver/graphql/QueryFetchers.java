package io.quarkiverse.rekuest.devserver.graphql;

import static graphql.schema.idl.TypeRuntimeWiring.newTypeWiring;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

import graphql.schema.DataFetchingEnvironment;
import graphql.schema.idl.RuntimeWiring;
import io.quarkiverse.rekuest.devserver.auth.Identity;
import io.quarkiverse.rekuest.devserver.store.ActionRecord;
import io.quarkiverse.rekuest.devserver.store.AgentRecord;
import io.quarkiverse.rekuest.devserver.store.ImplementationRecord;
import io.quarkiverse.rekuest.devserver.store.MemoryDrawerRecord;
import io.quarkiverse.rekuest.devserver.store.RekuestException;
import io.quarkiverse.rekuest.devserver.store.RekuestStore;
import io.quarkiverse.rekuest.devserver.store.TaskEventRecord;
import io.quarkiverse.rekuest.devserver.store.TaskRecord;

/** The {@code Query} root: lookups and filtered lists, always scoped to the caller's organization. */
final class QueryFetchers {

    private final RekuestStore store;

    QueryFetchers(RekuestStore store) {
        this.store = store;
    }

    void wire(RuntimeWiring.Builder wiring) {
        wiring.type(newTypeWiring("Query")
                .dataFetcher("agents", this::agents)
                .dataFetcher("agent", this::agent)
                .dataFetcher("actions", this::actions)
                .dataFetcher("action", this::action)
                .dataFetcher("implementations", this::implementations)
                .dataFetcher("implementation", env -> visibleImplementation(env, env.getArgument("id")))
                .dataFetcher("implementationAt", this::implementationAt)
                .dataFetcher("myImplementationAt", this::myImplementationAt)
                .dataFetcher("tasks", this::tasks)
                .dataFetcher("task", env -> visibleTask(env, env.getArgument("id")))
                .dataFetcher("myTasks", this::myTasks)
                .dataFetcher("event", this::event)
                .dataFetcher("memoryDrawer", this::memoryDrawer));
    }

    private Object agents(DataFetchingEnvironment env) {
        Identity caller = Args.caller(env);
        Map<String, Object> f = env.getArgument("filters");
        List<Object> ids = Args.list(f, "ids");
        List<Object> hasImplementations = Args.list(f, "hasImplementations");
        String clientId = Args.string(f, "clientId");
        String app = Args.string(f, "appIdentifier");
        String search = Args.string(f, "search");
        List<ImplementationRecord> implementations = store.implementations();
        return Args.page(env, store.agents().stream()
                .filter(a -> RekuestStore.sameOrganization(caller, a.identity))
                .filter(a -> ids == null || ids.contains(a.id))
                .filter(a -> clientId == null || clientId.equals(a.identity.clientId()))
                .filter(a -> app == null || app.equals(a.identity.app()))
                .filter(a -> search == null || contains(a.name, search))
                .filter(a -> hasImplementations == null || hasImplementations.stream().allMatch(iface -> implementations
                        .stream().anyMatch(i -> i.agent == a && i.interfaceName.equals(iface))))
                .toList());
    }

    private Object agent(DataFetchingEnvironment env) {
        Identity caller = Args.caller(env);
        String id = env.getArgument("id");
        AgentRecord agent = id == null ? store.agentOf(caller) : store.agent(id);
        if (agent == null || !RekuestStore.sameOrganization(caller, agent.identity)) {
            throw new RekuestException(id == null ? "This client has no agent yet: call ensureAgent" : "Agent " + id + " not found");
        }
        return agent;
    }

    private Object actions(DataFetchingEnvironment env) {
        Identity caller = Args.caller(env);
        Map<String, Object> f = env.getArgument("filters");
        List<Object> ids = Args.list(f, "ids");
        String search = Args.string(f, "search");
        String kind = Args.string(f, "kind");
        String collection = Args.string(f, "inCollection");
        Boolean stateful = Args.bool(f, "stateful");
        String app = Args.string(f, "appIdentifier");
        return Args.page(env, store.actions().stream()
                .filter(a -> a.organization.equals(caller.organization()))
                .filter(a -> ids == null || ids.contains(a.id))
                .filter(a -> search == null || contains(a.name, search) || contains(a.description, search)
                        || contains(a.key, search))
                .filter(a -> kind == null || kind.equals(a.kind))
                .filter(a -> collection == null || a.collections.contains(collection))
                .filter(a -> stateful == null || stateful == a.stateful)
                .filter(a -> app == null || app.equals(a.app))
                .toList());
    }

    private Object action(DataFetchingEnvironment env) {
        Identity caller = Args.caller(env);
        String id = env.getArgument("id");
        String taskId = env.getArgument("task");
        String implementationId = env.getArgument("implementation");
        String hash = env.getArgument("hash");
        Map<String, Object> matching = env.getArgument("matching");
        if (id != null) {
            ActionRecord action = store.action(id);
            if (action == null || !action.organization.equals(caller.organization())) {
                throw new RekuestException("Action " + id + " not found");
            }
            return action;
        }
        if (taskId != null) {
            return visibleTask(env, taskId).action;
        }
        if (implementationId != null) {
            return visibleImplementation(env, implementationId).action;
        }
        if (hash != null) {
            return single(store.actions().stream().filter(a -> a.organization.equals(caller.organization()))
                    .filter(a -> hash.equals(a.hash)).toList(), "hash " + hash);
        }
        if (matching != null) {
            return single(store.actions().stream().filter(a -> a.organization.equals(caller.organization()))
                    .filter(ActionDemand.of(matching)).toList(), "the demand " + matching);
        }
        throw new RekuestException("action needs one of id, task, implementation, hash or matching");
    }

    private static ActionRecord single(List<ActionRecord> matches, String what) {
        if (matches.isEmpty()) {
            throw new RekuestException("No action matches " + what);
        }
        if (matches.size() > 1) {
            throw new RekuestException("get() returned more than one Action -- it returned " + matches.size()
                    + "! Narrow " + what + " (for example by app and version)");
        }
        return matches.get(0);
    }

    private Object implementations(DataFetchingEnvironment env) {
        Identity caller = Args.caller(env);
        Map<String, Object> f = env.getArgument("filters");
        List<Object> ids = Args.list(f, "ids");
        Boolean active = Args.bool(f, "active");
        String hash = Args.string(f, "actionHash");
        String search = Args.string(f, "search");
        return Args.page(env, store.implementations().stream()
                .filter(i -> RekuestStore.sameOrganization(caller, i.agent.identity))
                .filter(i -> ids == null || ids.contains(i.id))
                .filter(i -> active == null || active == store.live(i.agent))
                .filter(i -> hash == null || hash.equals(i.action.hash))
                .filter(i -> search == null || contains(i.interfaceName, search) || contains(i.action.name, search))
                .toList());
    }

    private Object implementationAt(DataFetchingEnvironment env) {
        Identity caller = Args.caller(env);
        String agentId = env.getArgument("agent");
        AgentRecord agent = store.agent(agentId);
        if (agent == null || !RekuestStore.sameOrganization(caller, agent.identity)) {
            throw new RekuestException("Agent " + agentId + " not found");
        }
        return implementationOf(agent, env.getArgument("interface"), env.getArgument("actionHash"), null);
    }

    private Object myImplementationAt(DataFetchingEnvironment env) {
        AgentRecord agent = store.agentOf(Args.caller(env));
        if (agent == null) {
            throw new RekuestException("This client has no agent yet: call ensureAgent");
        }
        return implementationOf(agent, env.getArgument("interface"), null, env.getArgument("actionId"));
    }

    private ImplementationRecord implementationOf(AgentRecord agent, String iface, String hash, String actionId) {
        if (iface == null && hash == null && actionId == null) {
            throw new RekuestException("Give an interface, an actionHash or an actionId to find the implementation");
        }
        Predicate<ImplementationRecord> matches = i -> i.agent == agent && (iface == null || iface.equals(i.interfaceName))
                && (hash == null || hash.equals(i.action.hash)) && (actionId == null || actionId.equals(i.action.id));
        return store.implementations().stream().filter(matches).findFirst().orElseThrow(() -> new RekuestException(
                "Agent " + agent.id + " has no implementation for "
                        + (iface != null ? "interface '" + iface + "'" : hash != null ? "action hash " + hash : "action " + actionId)));
    }

    private Object tasks(DataFetchingEnvironment env) {
        Identity caller = Args.caller(env);
        Map<String, Object> f = env.getArgument("filters");
        List<Object> ids = Args.list(f, "ids");
        List<Object> states = Args.list(f, "state");
        String implementation = Args.string(f, "implementation");
        String action = Args.string(f, "action");
        String agent = Args.string(f, "agent");
        String parent = Args.string(f, "parent");
        String root = Args.string(f, "root");
        Boolean rootIsNull = Args.bool(f, "rootIsnull");
        Boolean isDone = Args.bool(f, "isDone");
        String reference = Args.string(f, "reference");
        return Args.page(env, store.tasks().stream()
                .filter(t -> RekuestStore.sameOrganization(caller, t.caller))
                .filter(t -> ids == null || ids.contains(t.id))
                .filter(t -> states == null || states.contains(t.latestEventKind.name()))
                .filter(t -> implementation == null || implementation.equals(t.implementation.id))
                .filter(t -> action == null || action.equals(t.action.id))
                .filter(t -> agent == null || agent.equals(t.agent.id))
                .filter(t -> parent == null || t.parent != null && parent.equals(t.parent.id))
                .filter(t -> root == null || t.root != null && root.equals(t.root.id))
                .filter(t -> rootIsNull == null || rootIsNull == (t.root == null))
                .filter(t -> isDone == null || isDone == t.isDone)
                .filter(t -> reference == null || reference.equals(t.reference))
                .toList());
    }

    private Object myTasks(DataFetchingEnvironment env) {
        Identity caller = Args.caller(env);
        return store.tasks().stream()
                .filter(t -> t.caller.sameAs(caller) && t.root == null && !t.isDone).toList();
    }

    private Object event(DataFetchingEnvironment env) {
        String id = env.getArgument("id");
        TaskEventRecord event = store.event(id);
        if (event == null || !RekuestStore.sameOrganization(Args.caller(env), event.task().caller)) {
            throw new RekuestException("Event " + id + " not found");
        }
        return event;
    }

    private Object memoryDrawer(DataFetchingEnvironment env) {
        String id = env.getArgument("id");
        MemoryDrawerRecord drawer = store.drawer(id);
        if (drawer == null || !RekuestStore.sameOrganization(Args.caller(env), drawer.shelve().agent.identity)) {
            throw new RekuestException("Memory drawer " + id + " not found");
        }
        return drawer;
    }

    private TaskRecord visibleTask(DataFetchingEnvironment env, String id) {
        TaskRecord task = store.task(id);
        if (task == null || !RekuestStore.sameOrganization(Args.caller(env), task.caller)) {
            throw new RekuestException("Task " + id + " not found");
        }
        return task;
    }

    private ImplementationRecord visibleImplementation(DataFetchingEnvironment env, String id) {
        ImplementationRecord implementation = store.implementation(id);
        if (implementation == null || !RekuestStore.sameOrganization(Args.caller(env), implementation.agent.identity)) {
            throw new RekuestException("Implementation " + id + " not found");
        }
        return implementation;
    }

    private static boolean contains(String haystack, String needle) {
        return haystack != null && haystack.toLowerCase(Locale.ROOT).contains(needle.toLowerCase(Locale.ROOT));
    }
}
