package io.quarkiverse.rekuest.devserver.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkiverse.rekuest.devserver.graphql.ActionDemand;

/**
 * Agent dependencies (§5.4): what an implementation declares ({@code AgentDependencyInput}), how an assign resolves
 * them into the task's {@code dependencies} ({@code {depKey: [{agent, actions: {slotKey: {implementation,
 * dependencies}}}]}}), and how a call made inside the task through {@code dependency} + {@code method} is routed (to
 * one of the resolved agents, picked at random, as v2.2.0 does).
 * <p>
 * Where the reference is silent this server decides, strictly: only available agents (live, or webhook) are resolved
 * ({@code allowInactive} is not honoured); a required dependency that resolves to no agent refuses the assign, naming
 * the dependency and the actions it lacks; an agent resolves a dependency only when it implements every required
 * action slot.
 */
public final class Dependencies {

    /** {@code ResolvedDependencyInput}: agents the caller maps to a dependency key. */
    public record Mapping(String key, List<String> agents, boolean autoResolve) {
    }

    private Dependencies() {
    }

    /** Checks the declared dependencies of the implementation {@code iface} at {@code implementAgent}. */
    static void validate(String iface, JsonNode dependencies) {
        if (dependencies.isMissingNode() || dependencies.isNull()) {
            return;
        }
        if (!dependencies.isArray()) {
            throw new RekuestException("Implementation '" + iface + "': dependencies must be a list of AgentDependencyInput");
        }
        Set<String> keys = new HashSet<>();
        for (JsonNode dependency : dependencies) {
            String key = dependency.path("key").asText("");
            if (key.isBlank()) {
                throw new RekuestException("Implementation '" + iface + "' declares a dependency without a key");
            }
            if (!keys.add(key)) {
                throw new RekuestException("Implementation '" + iface + "' declares the dependency '" + key + "' twice");
            }
            Set<String> slots = new HashSet<>();
            for (JsonNode slot : dependency.path("actionDependencies")) {
                String slotKey = slot.path("key").asText("");
                if (slotKey.isBlank()) {
                    throw new RekuestException("Dependency '" + key + "' of implementation '" + iface
                            + "' has an action dependency without a key");
                }
                if (!slots.add(slotKey)) {
                    throw new RekuestException("Dependency '" + key + "' of implementation '" + iface
                            + "' declares the action '" + slotKey + "' twice");
                }
            }
        }
    }

    /** Resolves the dependencies of {@code implementation} for a new task; refuses when a required one cannot be. */
    static Map<String, Object> resolve(ImplementationRecord implementation, List<Mapping> mappings,
            Collection<AgentRecord> agents, Collection<ImplementationRecord> implementations,
            Predicate<AgentRecord> available) {
        JsonNode declared = implementation.dependencies;
        if (declared == null || declared.isEmpty()) {
            return Map.of();
        }
        Map<String, Object> resolved = new LinkedHashMap<>();
        for (JsonNode dependency : declared) {
            String key = dependency.path("key").asText();
            boolean optional = dependency.path("optional").asBoolean(false);
            String app = dependency.hasNonNull("app") ? dependency.get("app").asText() : null;
            Mapping mapping = mappings == null ? null
                    : mappings.stream().filter(m -> key.equals(m.key())).findFirst().orElse(null);
            List<AgentRecord> candidates = new ArrayList<>();
            if (mapping != null && !mapping.agents().isEmpty()) {
                for (String id : mapping.agents()) {
                    AgentRecord agent = agents.stream().filter(a -> a.id.equals(id)).findFirst().orElse(null);
                    if (agent == null || !RekuestStore.sameOrganization(agent.identity, implementation.agent.identity)) {
                        throw new RekuestException("Agent " + id + " mapped to the dependency '" + key + "' not found");
                    }
                    candidates.add(agent);
                }
            } else if (dependency.path("autoResolvable").asBoolean(false) || (mapping != null && mapping.autoResolve())) {
                for (AgentRecord agent : agents) {
                    if (RekuestStore.sameOrganization(agent.identity, implementation.agent.identity)
                            && (app == null || app.equals(agent.identity.app()))) {
                        candidates.add(agent);
                    }
                }
            } else if (optional) {
                continue;
            } else {
                throw new RekuestException("Dependency '" + key + "' of implementation '" + implementation.interfaceName
                        + "' is not auto-resolvable and the assign maps no agent to it: pass dependencies: [{key: \""
                        + key + "\", mappedAgents: [...]}]");
            }
            List<Object> entries = new ArrayList<>();
            for (AgentRecord agent : candidates) {
                if (!available.test(agent)) {
                    continue;
                }
                Map<String, Object> actions = agentActions(agent, dependency, implementations);
                if (actions != null) {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("agent", agent.id);
                    entry.put("actions", actions);
                    entries.add(entry);
                }
            }
            if (entries.isEmpty()) {
                if (optional) {
                    continue;
                }
                throw new RekuestException("Dependency '" + key + "' of implementation '" + implementation.interfaceName
                        + "' cannot be resolved: no available agent" + (app == null ? "" : " of app '" + app + "'")
                        + " implements " + requiredActions(dependency));
            }
            resolved.put(key, entries);
        }
        return resolved;
    }

    /** The slots {@code agent} provides, or {@code null} when it lacks a required one. */
    private static Map<String, Object> agentActions(AgentRecord agent, JsonNode dependency,
            Collection<ImplementationRecord> implementations) {
        Map<String, Object> actions = new LinkedHashMap<>();
        for (JsonNode slot : dependency.path("actionDependencies")) {
            ImplementationRecord provided = null;
            @SuppressWarnings("unchecked")
            Map<String, Object> demand = slot.path("demand").isObject()
                    ? (Map<String, Object>) Json.toJava(slot.get("demand"))
                    : Map.of("key", slot.path("key").asText());
            ActionDemand matcher = ActionDemand.of(demand);
            for (ImplementationRecord implementation : implementations) {
                if (implementation.agent == agent && matcher.test(implementation.action)) {
                    provided = implementation;
                    break;
                }
            }
            if (provided == null) {
                if (!slot.path("optional").asBoolean(false)) {
                    return null;
                }
                continue;
            }
            Map<String, Object> resolvedSlot = new LinkedHashMap<>();
            resolvedSlot.put("implementation", provided.id);
            resolvedSlot.put("dependencies", Map.of());
            actions.put(slot.path("key").asText(), resolvedSlot);
        }
        return actions;
    }

    private static String requiredActions(JsonNode dependency) {
        List<String> names = new ArrayList<>();
        for (JsonNode slot : dependency.path("actionDependencies")) {
            if (!slot.path("optional").asBoolean(false)) {
                String key = slot.path("demand").path("key").asText(slot.path("key").asText());
                names.add("'" + key + "'");
            }
        }
        return names.isEmpty() ? "the dependency" : String.join(", ", names);
    }

    /**
     * Routes an assign through the dependency {@code key} of the task {@code parent}: the implementation of
     * {@code method} on one of the agents resolved for it, picked at random among the available ones.
     */
    @SuppressWarnings("unchecked")
    static ImplementationRecord route(TaskRecord parent, String key, String method,
            Function<String, ImplementationRecord> implementations, Predicate<AgentRecord> available) {
        Object entries = parent.dependencies.get(key);
        if (!(entries instanceof List<?> list)) {
            throw new RekuestException("Task " + parent.id + " has no resolved dependency '" + key + "' (its implementation '"
                    + parent.implementation.interfaceName + "' declares " + parent.dependencies.keySet() + ")");
        }
        List<Object> shuffled = new ArrayList<>(list);
        Collections.shuffle(shuffled, ThreadLocalRandom.current());
        boolean provided = false;
        for (Object entry : shuffled) {
            Object slot = ((Map<String, Object>) ((Map<String, Object>) entry).get("actions")).get(method);
            if (slot == null) {
                continue;
            }
            provided = true;
            ImplementationRecord implementation = implementations
                    .apply(String.valueOf(((Map<String, Object>) slot).get("implementation")));
            if (implementation != null && available.test(implementation.agent)) {
                return implementation;
            }
        }
        if (!provided) {
            throw new RekuestException("Dependency '" + key + "' of task " + parent.id + " has no method '" + method + "'");
        }
        throw new RekuestException("Agent is not available (not connected, and not a webhook agent): no agent resolved "
                + "for the dependency '" + key + "' of task " + parent.id + " is available");
    }
}
