package io.quarkiverse.rekuest.devserver.graphql;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkiverse.rekuest.devserver.store.ActionRecord;
import io.quarkiverse.rekuest.devserver.store.AgentRecord;
import io.quarkiverse.rekuest.devserver.store.ImplementationRecord;
import io.quarkiverse.rekuest.devserver.store.MemoryDrawerRecord;
import io.quarkiverse.rekuest.devserver.store.RekuestException;
import io.quarkiverse.rekuest.devserver.store.RekuestStore;
import io.quarkiverse.rekuest.devserver.store.TaskEventRecord;
import io.quarkiverse.rekuest.devserver.store.TaskRecord;

import static io.quarkiverse.rekuest.devserver.graphql.FilterSpec.exact;
import static io.quarkiverse.rekuest.devserver.graphql.FilterSpec.icontains;
import static io.quarkiverse.rekuest.devserver.graphql.FilterSpec.in;
import static io.quarkiverse.rekuest.devserver.graphql.FilterSpec.notNull;
import static io.quarkiverse.rekuest.devserver.graphql.FilterSpec.nothingHeld;

/**
 * The filter inputs of the types the embedded store holds, field by field as the real server's filters define them
 * ({@code facade/filters/*.py} of v2.2.0), in {@link FilterSpec}'s semantics. Filters on things the store never holds
 * (protocols, states, dependencies, devices) match nothing, as they would on a real server that holds none.
 */
final class Filters {

    /** The real server's {@code ImplementationFilter.active}: the agent was seen within this window. */
    private static final Duration ACTIVE_WINDOW = Duration.ofMinutes(5);

    final FilterSpec<ActionRecord> action;
    final FilterSpec<ActionRecord> implementationAction;
    final FilterSpec<AgentRecord> implementationAgent;
    final FilterSpec<ImplementationRecord> implementation;
    final FilterSpec<AgentRecord> agent;
    final FilterSpec<TaskRecord> task;
    final FilterSpec<TaskEventRecord> taskEvent;
    final FilterSpec<MemoryDrawerRecord> memoryDrawer;

    private final RekuestStore store;

    Filters(RekuestStore store) {
        this.store = store;
        this.action = new FilterSpec<ActionRecord>("ActionFilter")
                .lookup("name", a -> a.name)
                .narrowing("search", icontains(a -> a.name))
                .narrowing("ids", in(a -> a.id))
                .narrowing("demands", portDemands())
                .narrowing("objectDemands", portDemands())
                .narrowing("protocols", nothingHeld())
                .narrowing("kind", exact(a -> a.kind))
                .narrowing("inCollection", value -> value == null ? a -> a.collections.isEmpty()
                        : a -> a.collections.contains(value.toString()))
                .narrowing("usedBefore", usedAt(true))
                .narrowing("usedAfter", usedAt(false))
                .narrowing("stateful", exact(a -> a.stateful))
                .narrowing("appIdentifier", exact(a -> a.app));
        this.implementationAction = new FilterSpec<ActionRecord>("ImplementationActionFilter")
                .narrowing("search", icontains(a -> a.name))
                .narrowing("name", exact(a -> a.name))
                .narrowing("ids", in(a -> a.id))
                .narrowing("demands", portDemands())
                .narrowing("kind", exact(a -> a.kind))
                .narrowing("protocols", nothingHeld());
        this.implementationAgent = new FilterSpec<AgentRecord>("ImplementationAgentFilter")
                .narrowing("clientId", exact(a -> a.identity.clientId()))
                .narrowing("ids", in(a -> a.id))
                .narrowing("hasImplementations", hasImplementations())
                .narrowing("hasStates", nothingHeld());
        this.implementation = new FilterSpec<ImplementationRecord>("ImplementationFilter")
                .lookup("interface", i -> i.interfaceName)
                .nested("action", implementationAction, i -> i.action)
                .nested("agent", implementationAgent, i -> i.agent)
                .narrowing("active", value -> {
                    Instant border = Instant.now().minus(ACTIVE_WINDOW);
                    boolean active = Boolean.TRUE.equals(value);
                    return i -> i.agent.lastSeen != null && (active ? i.agent.lastSeen.isAfter(border)
                            : !i.agent.lastSeen.isAfter(border));
                })
                .narrowing("ids", in(i -> i.id))
                .narrowing("actionHash", exact(i -> i.action.hash))
                .narrowing("parameters", notNull(value -> i -> parameters(i, (List<?>) value)))
                .narrowing("resolvableFor", value -> {
                    throw new RekuestException("Dependency matching query does not exist.");
                })
                .narrowing("search", notNull(value -> i -> StrLookup.containsIgnoreCase(i.action.name, value.toString())
                        || StrLookup.containsIgnoreCase(i.agent.name, value.toString())
                        || StrLookup.containsIgnoreCase(i.interfaceName, value.toString())))
                .narrowing("actionDemand", notNull(value -> {
                    @SuppressWarnings("unchecked")
                    ActionDemand demand = ActionDemand.of((Map<String, Object>) value);
                    return i -> demand.test(i.action);
                }));
        this.agent = new FilterSpec<AgentRecord>("AgentFilter")
                .narrowing("clientId", exact(a -> a.identity.clientId()))
                .narrowing("ids", in(a -> a.id))
                .narrowing("hasImplementations", hasImplementations())
                .narrowing("hasStates", nothingHeld())
                .narrowing("pinned", value -> Boolean.TRUE.equals(value) ? a -> a.pinned : a -> !a.pinned)
                .narrowing("search", value -> "".equals(value) ? a -> true : icontains((AgentRecord a) -> a.name).narrow(value))
                .narrowing("dependency", missing("Dependency"))
                .narrowing("blokDependency", missing("BlokDependency"))
                .narrowing("threeDModel", missing("ThreeDModel"))
                .narrowing("distinct", value -> a -> true)
                .narrowing("actionDemands", notNull(value -> actionDemands((List<?>) value)))
                .narrowing("stateDemands", notNull(value -> ((List<?>) value).isEmpty() ? a -> true : a -> false))
                .narrowing("user", exact(a -> a.identity.sub()))
                .narrowing("appIdentifier", exact(a -> a.identity.app()))
                .narrowing("versionNumber", exact(a -> a.identity.release()))
                .narrowing("deviceId", nothingHeld());
        this.task = new FilterSpec<TaskRecord>("TaskFilter")
                .narrowing("ids", in(t -> t.id))
                .narrowing("clientId", exact(t -> t.agent.identity.clientId()))
                .narrowing("state", in(t -> t.latestEventKind.name()))
                .narrowing("implementation", exact(t -> t.implementation.id))
                .narrowing("action", exact(t -> t.action.id))
                .narrowing("agent", exact(t -> t.agent.id))
                .narrowing("caller", exact(t -> Callers.id(t.caller)))
                .narrowing("parent", exact(t -> t.parent == null ? null : t.parent.id))
                .narrowing("root", exact(t -> t.root == null ? null : t.root.id))
                .narrowing("rootIsnull", notNull(value -> t -> (t.root == null) == (Boolean) value))
                .narrowing("isDone", exact(t -> t.isDone))
                .narrowing("actedOn", notNull(value -> t -> ((List<?>) value).stream().anyMatch(t.actedOn::contains)))
                .narrowing("argsHash", nothingHeld())
                .narrowing("reference", exact(t -> t.reference))
                .narrowing("createdBefore", notNull(value -> t -> t.createdAt.isBefore((OffsetDateTime) value)))
                .narrowing("createdAfter", notNull(value -> t -> t.createdAt.isAfter((OffsetDateTime) value)));
        this.taskEvent = new FilterSpec<TaskEventRecord>("TaskEventFilter")
                .narrowing("ids", in(TaskEventRecord::id))
                .narrowing("kind", in(e -> e.kind().name()));
        this.memoryDrawer = new FilterSpec<MemoryDrawerRecord>("MemoryDrawerFilter")
                .narrowing("shelve", exact(d -> d.shelve().id))
                .narrowing("agent", exact(d -> d.shelve().agent.id))
                .narrowing("implementation", nothingHeld())
                .narrowing("identifier", exact(MemoryDrawerRecord::identifier))
                .narrowing("ids", in(MemoryDrawerRecord::id))
                .narrowing("search", icontains(MemoryDrawerRecord::label));
    }

    private static <T> FilterSpec.Narrowing<T> missing(String type) {
        return value -> {
            throw new RekuestException(type + " matching query does not exist.");
        };
    }

    /** {@code demands}: every port demand must hold ({@code PortDemandInput}). */
    private static FilterSpec.Narrowing<ActionRecord> portDemands() {
        return notNull(value -> {
            List<?> demands = (List<?>) value;
            return a -> demands.stream().allMatch(d -> portDemand(a, (Map<?, ?>) d));
        });
    }

    @SuppressWarnings("unchecked")
    private static boolean portDemand(ActionRecord action, Map<?, ?> demand) {
        JsonNode ports = action.definition.path("RETURNS".equals(demand.get("kind")) ? "returns" : "args");
        if (!length(demand.get("forceLength"), ports.size())
                || !length(demand.get("forceNonNullableLength"), count(ports, p -> !p.path("nullable").asBoolean(false)))
                || !length(demand.get("forceStructureLength"),
                        count(ports, p -> "STRUCTURE".equals(p.path("kind").asText())))) {
            return false;
        }
        return ActionDemand.ports((List<Object>) demand.get("matches"), ports);
    }

    private static boolean length(Object wanted, int actual) {
        return wanted == null || ((Number) wanted).intValue() == actual;
    }

    private static int count(JsonNode ports, Predicate<JsonNode> which) {
        int n = 0;
        for (JsonNode port : ports) {
            n += which.test(port) ? 1 : 0;
        }
        return n;
    }

    /** {@code usedBefore} / {@code usedAfter}: some task of the action was created before / after the time. */
    private FilterSpec.Narrowing<ActionRecord> usedAt(boolean before) {
        return notNull(value -> {
            OffsetDateTime at = (OffsetDateTime) value;
            List<TaskRecord> tasks = store.tasks();
            return a -> tasks.stream()
                    .anyMatch(t -> t.action == a && (before ? t.createdAt.isBefore(at) : t.createdAt.isAfter(at)));
        });
    }

    /** {@code hasImplementations}: the agent implements an action with one of these hashes. */
    private FilterSpec.Narrowing<AgentRecord> hasImplementations() {
        return notNull(value -> {
            List<?> hashes = (List<?>) value;
            List<ImplementationRecord> implementations = store.implementations();
            return a -> implementations.stream().anyMatch(i -> i.agent == a && hashes.contains(i.action.hash));
        });
    }

    /** {@code actionDemands}: for every demand the agent implements a matching action (an unmatched demand fails). */
    @SuppressWarnings("unchecked")
    private Predicate<AgentRecord> actionDemands(List<?> demands) {
        List<ImplementationRecord> implementations = store.implementations();
        List<ActionRecord> actions = store.actions();
        Predicate<AgentRecord> all = a -> true;
        for (Object d : demands) {
            ActionDemand demand = ActionDemand.of((Map<String, Object>) d);
            if (actions.stream().noneMatch(demand)) {
                throw new RekuestException("No actions found that match the given action demands " + d);
            }
            all = all.and(a -> implementations.stream().anyMatch(i -> i.agent == a && demand.test(i.action)));
        }
        return all;
    }

    private static boolean parameters(ImplementationRecord implementation, List<?> pairs) {
        JsonNode params = implementation.params;
        for (Object p : pairs) {
            Map<?, ?> pair = (Map<?, ?>) p;
            JsonNode actual = params == null ? null : params.get(String.valueOf(pair.get("key")));
            if (actual == null || !actual.isTextual() || !actual.asText().equals(pair.get("value"))) {
                return false;
            }
        }
        return true;
    }
}
