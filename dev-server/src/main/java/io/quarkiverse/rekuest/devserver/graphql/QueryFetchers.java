package io.quarkiverse.rekuest.devserver.graphql;

import java.util.List;
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

import static graphql.schema.idl.TypeRuntimeWiring.newTypeWiring;

/** The {@code Query} root: lookups and filtered lists, always scoped to the caller's organization. */
final class QueryFetchers {

    private final RekuestStore store;
    private final Filters filters;
    private final OrderSpecs orders;
    private final String sdl;

    QueryFetchers(RekuestStore store, Filters filters, OrderSpecs orders, String sdl) {
        this.store = store;
        this.filters = filters;
        this.orders = orders;
        this.sdl = sdl;
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
                .dataFetcher("memoryDrawer", this::memoryDrawer)
                .dataFetcher("memoryDrawers", env -> Listing.of(env, visibleDrawers(env), filters.memoryDrawer, null))
                .dataFetcher("_service", env -> Map.of("sdl", sdl)));
    }

    private Object agents(DataFetchingEnvironment env) {
        Identity caller = Args.caller(env);
        return Listing.of(env, store.agents().stream().filter(a -> RekuestStore.sameOrganization(caller, a.identity)).toList(),
                filters.agent, orders.agent);
    }

    /** By id, or by app (and version and device) as v2.2.0's {@code queries/agent.py} does. */
    private Object agent(DataFetchingEnvironment env) {
        Identity caller = Args.caller(env);
        String id = env.getArgument("id");
        String app = env.getArgument("app");
        String version = env.getArgument("version");
        String deviceId = env.getArgument("deviceId");
        if (id != null && !id.isEmpty()) {
            AgentRecord agent = store.agent(id);
            if (agent == null || !RekuestStore.sameOrganization(caller, agent.identity)) {
                throw new RekuestException("Agent matching query does not exist.");
            }
            return agent;
        }
        if (app == null || app.isEmpty()) {
            throw new RekuestException(
                    "You need to provide either the agent id or the app, version and device_id to identify the agent");
        }
        if (version != null && !version.isEmpty()) {
            // v2.2.0 filters Agent by a 'version' column it does not have (Django: FieldError)
            throw new RekuestException("Cannot resolve keyword 'version' into field: v2.2.0 cannot find an agent by version;"
                    + " leave version out or look the agent up by id");
        }
        List<AgentRecord> agents = store.agents().stream()
                .filter(a -> RekuestStore.sameOrganization(caller, a.identity) && app.equals(a.identity.app()))
                .filter(a -> deviceId == null || deviceId.isEmpty()) // the embedded server knows no devices
                .toList();
        if (agents.size() > 1) {
            throw new RekuestException("Multiple agents found with the provided app, version and device_id."
                    + " Please provide the agent id to identify the agent.");
        }
        if (agents.isEmpty()) {
            throw new RekuestException("No agent found for " + app + " with version " + python(version) + " and device_id "
                    + python(deviceId));
        }
        return agents.get(0);
    }

    private static String python(String value) {
        return value == null ? "None" : value;
    }

    private Object actions(DataFetchingEnvironment env) {
        Identity caller = Args.caller(env);
        return Listing.of(env, store.actions().stream().filter(a -> a.organization.equals(caller.organization())).toList(),
                filters.action, orders.action);
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
                throw new RekuestException("Action matching query does not exist.");
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
        if (env.getArgument("agent") != null) {
            // v2.2.0 looks the implementation up by (hash, interface) with the hash already known to be empty
            throw new RekuestException(env.getArgument("interface") != null
                    ? "'NoneType' object has no attribute 'action': v2.2.0 cannot find an action by agent and interface;"
                            + " use implementationAt(agent, interface) { action { ... } }"
                    : "You need to provide either, action_hash or action_id, if you want to inspect the action of an agent");
        }
        throw new RekuestException("Action matching query does not exist.");
    }

    private static ActionRecord single(List<ActionRecord> matches, String what) {
        if (matches.isEmpty()) {
            throw new RekuestException(
                    what.startsWith("hash") ? "Action matching query does not exist." : "No action matches " + what);
        }
        if (matches.size() > 1) {
            throw new RekuestException("get() returned more than one Action -- it returned " + matches.size()
                    + "! Narrow " + what + " (for example by app and version)");
        }
        return matches.get(0);
    }

    private Object implementations(DataFetchingEnvironment env) {
        Identity caller = Args.caller(env);
        return Listing.of(env, store.implementations().stream()
                .filter(i -> RekuestStore.sameOrganization(caller, i.agent.identity)).toList(),
                filters.implementation, orders.implementation);
    }

    private Object implementationAt(DataFetchingEnvironment env) {
        Identity caller = Args.caller(env);
        String agentId = env.getArgument("agent");
        AgentRecord agent = store.agent(agentId);
        if (agent == null || !RekuestStore.sameOrganization(caller, agent.identity)) {
            throw new RekuestException("Agent matching query does not exist.");
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
                        + (iface != null ? "interface '" + iface + "'"
                                : hash != null ? "action hash " + hash : "action " + actionId)));
    }

    private Object tasks(DataFetchingEnvironment env) {
        Identity caller = Args.caller(env);
        return Listing.of(env, store.tasks().stream().filter(t -> RekuestStore.sameOrganization(caller, t.caller)).toList(),
                filters.task, orders.task);
    }

    private List<MemoryDrawerRecord> visibleDrawers(DataFetchingEnvironment env) {
        Identity caller = Args.caller(env);
        return store.agents().stream().filter(a -> RekuestStore.sameOrganization(caller, a.identity) && a.memoryShelve != null)
                .flatMap(a -> store.drawers(a.memoryShelve).stream()).toList();
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
            throw new RekuestException("TaskEvent matching query does not exist.");
        }
        return event;
    }

    private Object memoryDrawer(DataFetchingEnvironment env) {
        String id = env.getArgument("id");
        MemoryDrawerRecord drawer = store.drawer(id);
        if (drawer == null || !RekuestStore.sameOrganization(Args.caller(env), drawer.shelve().agent.identity)) {
            throw new RekuestException("MemoryDrawer matching query does not exist.");
        }
        return drawer;
    }

    private TaskRecord visibleTask(DataFetchingEnvironment env, String id) {
        TaskRecord task = store.task(id);
        if (task == null || !RekuestStore.sameOrganization(Args.caller(env), task.caller)) {
            throw new RekuestException("Task matching query does not exist.");
        }
        return task;
    }

    private ImplementationRecord visibleImplementation(DataFetchingEnvironment env, String id) {
        ImplementationRecord implementation = store.implementation(id);
        if (implementation == null || !RekuestStore.sameOrganization(Args.caller(env), implementation.agent.identity)) {
            throw new RekuestException("Implementation matching query does not exist.");
        }
        return implementation;
    }

}
