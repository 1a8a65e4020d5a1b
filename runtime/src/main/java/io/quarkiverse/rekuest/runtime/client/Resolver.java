package io.quarkiverse.rekuest.runtime.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkiverse.rekuest.NoImplementationException;
import io.quarkiverse.rekuest.runtime.definition.ActionDefinition;
import io.quarkiverse.rekuest.runtime.definition.PortDefinition;
import io.smallrye.mutiny.Uni;

/**
 * Finds the action (or implementation) a call goes to, and caches the answer until a call fails for lack of an
 * implementation (§1.4):
 * <ul>
 * <li>agent + interface: {@code implementationAt}, then assign by {@code implementation} (v2.2.0's GraphQL assign
 * ignores agent + interface);</li>
 * <li>hash: {@code action(hash:)}, then assign by the action id (by {@code actionHash} fails when two apps share a
 * definition, §10b);</li>
 * <li>otherwise {@code action(matching: {key, app, version, ports})}; when several apps serve an equal action, the
 * {@code actions} list is narrowed to those with a connected implementation.</li>
 * </ul>
 */
final class Resolver {

    private static final Logger LOG = Logger.getLogger(Resolver.class);

    static final String ACTION_FIELDS = "id name key version kind idempotent app { identifier } args { key kind nullable } "
            + "returns { key kind nullable }";

    static final String MATCH = "query RekuestMatchAction($demand: ActionDemandInput!) { action(matching: $demand) { "
            + ACTION_FIELDS + " } }";
    static final String BY_HASH = "query RekuestActionByHash($hash: ActionHash!) { action(hash: $hash) { " + ACTION_FIELDS
            + " } }";
    static final String SEARCH = "query RekuestSearchActions($filters: ActionFilter) { actions(filters: $filters) { "
            + ACTION_FIELDS + " implementations { id agent { id connected } } } }";
    static final String AT = "query RekuestImplementationAt($agent: ID!, $interface: String) { "
            + "implementationAt(agent: $agent, interface: $interface) { id action { " + ACTION_FIELDS + " } } }";

    /**
     * What a call is assigned to.
     *
     * @param generator whether the action is a {@code GENERATOR} (it may yield any number of times)
     * @param requiredReturns the return ports that are not nullable
     */
    record Resolved(String actionId, String implementationId, String name, boolean idempotent, List<String> argKeys,
            List<String> returnKeys, boolean generator, List<String> requiredReturns, String dependency, String method) {

        Resolved(String actionId, String implementationId, String name, boolean idempotent, List<String> argKeys,
                List<String> returnKeys, boolean generator, List<String> requiredReturns) {
            this(actionId, implementationId, name, idempotent, argKeys, returnKeys, generator, requiredReturns, null, null);
        }

        /** The same action, assigned to one of its implementations (a spread call). */
        Resolved at(String implementation) {
            return new Resolved(actionId, implementation, name, idempotent, argKeys, returnKeys, generator,
                    requiredReturns);
        }

        /**
         * A call through the running node's dependency (§5.4): the server finds the action among the agents it resolved
         * for the parent task, so the ports are the local definition's.
         */
        static Resolved throughDependency(ActionDefinition definition, String dependency, String method) {
            List<String> args = definition.args().stream().map(PortDefinition::key).toList();
            List<String> returns = definition.returns().stream().map(PortDefinition::key).toList();
            List<String> required = definition.returns().stream().filter(port -> !port.nullable())
                    .map(PortDefinition::key).toList();
            return new Resolved(null, null, definition.name(), definition.idempotent() || definition.pure(), args,
                    returns, definition.kind() == io.quarkiverse.rekuest.runtime.definition.ActionKind.GENERATOR,
                    required, dependency, method);
        }
    }

    private final CallerGraphQL graphql;
    private final Map<Object, Uni<Resolved>> cache = new ConcurrentHashMap<>();
    /** The resolutions of {@link #cache} that have completed, for calls that need no reactive step to find them. */
    private final Map<Object, Resolved> done = new ConcurrentHashMap<>();

    Resolver(CallerGraphQL graphql) {
        this.graphql = graphql;
    }

    /** The resolution of {@code target} (matching {@code definition}'s ports when given), cached. */
    Uni<Resolved> resolve(Target target, ActionDefinition definition) {
        Object key = cacheKey(target, definition);
        Uni<Resolved> cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        AtomicReference<Uni<Resolved>> self = new AtomicReference<>();
        Uni<Resolved> resolution = lookup(target, definition)
                .onFailure().invoke(failure -> cache.remove(key))
                .invoke(found -> {
                    // only while this resolution is still the cached one (not invalidated meanwhile)
                    if (cache.get(key) == self.get()) {
                        done.put(key, found);
                    }
                })
                .memoize().indefinitely();
        self.set(resolution);
        Uni<Resolved> existing = cache.putIfAbsent(key, resolution);
        return existing != null ? existing : resolution;
    }

    /** The cached resolution of {@code target} when it has completed, else {@code null}. */
    Resolved resolvedNow(Target target, ActionDefinition definition) {
        return done.get(cacheKey(target, definition));
    }

    /** How many resolutions are cached. */
    int cached() {
        return cache.size();
    }

    /** Forgets the resolution of {@code target}: the next call looks it up again. */
    void invalidate(Target target, ActionDefinition definition) {
        Object key = cacheKey(target, definition);
        done.remove(key);
        cache.remove(key);
    }

    /**
     * The target itself, or the target with the definition compared by identity: a proxy method passes the same
     * definition instance on every call, and hashing or rendering it per call showed in the benchmark's profile.
     */
    private static Object cacheKey(Target target, ActionDefinition definition) {
        return definition == null ? target : new DefinedTarget(target, definition);
    }

    private record DefinedTarget(Target target, ActionDefinition definition) {
        @Override
        public boolean equals(Object other) {
            return other instanceof DefinedTarget that && target.equals(that.target) && definition == that.definition;
        }

        @Override
        public int hashCode() {
            return target.hashCode() * 31 + System.identityHashCode(definition);
        }
    }

    /** The document that looks {@code target} up: {@link #AT}, {@link #BY_HASH} or {@link #MATCH}. */
    static String lookupDocument(Target target) {
        return !target.agent().isEmpty() ? AT : !target.hash().isEmpty() ? BY_HASH : MATCH;
    }

    /** The variables of {@link #lookupDocument}. */
    static ObjectNode lookupVariables(Target target, ActionDefinition definition) {
        ObjectNode variables = CallerGraphQL.MAPPER.createObjectNode();
        if (!target.agent().isEmpty()) {
            variables.put("agent", target.agent());
            variables.put("interface", target.implementation().isEmpty() ? target.key() : target.implementation());
        } else if (!target.hash().isEmpty()) {
            variables.put("hash", target.hash());
        } else {
            variables.set("demand", demand(target, definition));
        }
        return variables;
    }

    /**
     * The variables of {@link #SEARCH}. Not {@code search}: the server matches it against action names only, never keys
     * ("join_words" does not find "Join Words"); the key is compared on the answers instead.
     */
    static ObjectNode searchVariables(Target target) {
        ObjectNode variables = CallerGraphQL.MAPPER.createObjectNode();
        ObjectNode filters = variables.putObject("filters");
        if (!target.app().isEmpty()) {
            filters.put("appIdentifier", target.app());
        }
        return variables;
    }

    private Uni<Resolved> lookup(Target target, ActionDefinition definition) {
        ObjectNode variables = lookupVariables(target, definition);
        if (!target.agent().isEmpty()) {
            return graphql.execute(AT, variables)
                    .map(data -> {
                        JsonNode implementation = data.get("implementationAt");
                        return resolved(implementation.get("action"), implementation.get("id").asText());
                    })
                    .onFailure(CallerGraphQL.GraphQLCallException.class)
                    .transform(failure -> noImplementation(target, failure));
        }
        if (!target.hash().isEmpty()) {
            return graphql.execute(BY_HASH, variables)
                    .map(data -> resolved(data.get("action"), null))
                    .onFailure(CallerGraphQL.GraphQLCallException.class)
                    .recoverWithUni(failure -> ambiguous(failure) ? search(target, definition)
                            : Uni.createFrom().failure(noImplementation(target, failure)));
        }
        return graphql.execute(MATCH, variables)
                .map(data -> resolved(data.get("action"), null))
                .onFailure(CallerGraphQL.GraphQLCallException.class)
                .recoverWithUni(failure -> ambiguous(failure) ? search(target, definition)
                        : Uni.createFrom().failure(noImplementation(target, failure)));
    }

    /** Several apps serve an equal action: take the first whose implementation is connected. */
    private Uni<Resolved> search(Target target, ActionDefinition definition) {
        return graphql.execute(SEARCH, searchVariables(target)).map(data -> {
            List<JsonNode> candidates = new ArrayList<>();
            for (JsonNode action : data.get("actions")) {
                if (matches(action, target, definition)) {
                    candidates.add(action);
                }
            }
            for (JsonNode action : candidates) {
                for (JsonNode implementation : action.path("implementations")) {
                    if (implementation.path("agent").path("connected").asBoolean(false)) {
                        LOG.debugf("%s: %d apps serve an equal action; using action %s", target.describe(),
                                candidates.size(), action.get("id").asText());
                        return resolved(action, null);
                    }
                }
            }
            throw new NoImplementationException("No live agent implements " + target.describe() + ": "
                    + (candidates.isEmpty() ? "no action matches" : candidates.size() + " matching actions, none connected"),
                    null);
        });
    }

    private static boolean matches(JsonNode action, Target target, ActionDefinition definition) {
        if (!target.key().isEmpty() && !target.key().equals(TaskEvent.text(action, "key"))) {
            return false;
        }
        if (!target.version().isEmpty() && !target.version().equals(TaskEvent.text(action, "version"))) {
            return false;
        }
        if (definition == null) {
            return true;
        }
        return ports(action.path("args"), definition.args()) && ports(action.path("returns"), definition.returns());
    }

    private static boolean ports(JsonNode actual, List<PortDefinition> expected) {
        if (actual.size() != expected.size()) {
            return false;
        }
        for (int i = 0; i < expected.size(); i++) {
            JsonNode port = actual.get(i);
            if (!expected.get(i).key().equals(TaskEvent.text(port, "key"))
                    || !expected.get(i).kind().name().equals(TaskEvent.text(port, "kind"))) {
                return false;
            }
        }
        return true;
    }

    /** {@code ActionDemandInput}: key, app, version and every port's position, key, kind and nullability. */
    static ObjectNode demand(Target target, ActionDefinition definition) {
        ObjectNode demand = CallerGraphQL.MAPPER.createObjectNode();
        if (!target.key().isEmpty()) {
            demand.put("key", target.key());
        }
        if (!target.app().isEmpty()) {
            demand.put("app", target.app());
        }
        if (!target.version().isEmpty()) {
            demand.put("version", target.version());
        }
        if (definition != null) {
            demand.set("argMatches", matches(definition.args()));
            demand.set("returnMatches", matches(definition.returns()));
            demand.put("forceArgLength", definition.args().size());
            demand.put("forceReturnLength", definition.returns().size());
        }
        return demand;
    }

    private static ArrayNode matches(List<PortDefinition> ports) {
        ArrayNode matches = CallerGraphQL.MAPPER.createArrayNode();
        for (int i = 0; i < ports.size(); i++) {
            PortDefinition port = ports.get(i);
            ObjectNode match = matches.addObject();
            match.put("at", i);
            match.put("key", port.key());
            match.put("kind", port.kind().name());
            match.put("nullable", port.nullable());
            if (port.identifier() != null) {
                match.put("identifier", port.identifier());
            }
        }
        return matches;
    }

    private static boolean ambiguous(Throwable failure) {
        String message = failure.getMessage();
        return message != null && message.contains("more than one");
    }

    private static NoImplementationException noImplementation(Target target, Throwable failure) {
        return new NoImplementationException("No live agent implements " + target.describe() + ": " + failure.getMessage(),
                failure);
    }

    private static Resolved resolved(JsonNode action, String implementationId) {
        List<String> args = new ArrayList<>();
        action.path("args").forEach(port -> args.add(port.get("key").asText()));
        List<String> returns = new ArrayList<>();
        List<String> required = new ArrayList<>();
        action.path("returns").forEach(port -> {
            returns.add(port.get("key").asText());
            if (!port.path("nullable").asBoolean(false)) {
                required.add(port.get("key").asText());
            }
        });
        return new Resolved(action.get("id").asText(), implementationId, TaskEvent.text(action, "name"),
                action.path("idempotent").asBoolean(false), args, returns, "GENERATOR".equals(TaskEvent.text(action, "kind")),
                required);
    }
}
