package io.quarkiverse.rekuest.runtime.client;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkiverse.rekuest.runtime.config.RekuestConfig;
import io.quarkiverse.rekuest.runtime.dependency.ActionSlot;
import io.quarkiverse.rekuest.runtime.dependency.AgentDependency;
import io.quarkiverse.rekuest.runtime.dependency.NodeDependencies;
import io.quarkiverse.rekuest.runtime.health.AgentReadiness;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * Checks, once the agent is connected and then now and again, that every action the nodes' required dependencies name
 * (protocol.adoc §5.4) has an implementation on an active agent, and reports the missing ones as a detail of the
 * readiness check, naming the action, its app, the client method and the node. The server would refuse to assign such
 * a node's tasks ("dependency ... cannot be resolved"); the detail says why before anyone tries.
 */
@Singleton
public class DependencyCheck {

    private static final Logger LOG = Logger.getLogger(DependencyCheck.class);

    static final String PROVIDED = "query RekuestDependencyProvided($demand: ActionDemandInput!) { "
            + "implementations(filters: {actionDemand: $demand}, pagination: {limit: 1000}) { id agent { id active } } }";

    /** How often the check runs while something is missing, and while nothing is. */
    private static final long MISSING_INTERVAL_MILLIS = 5_000;
    private static final long PROVIDED_INTERVAL_MILLIS = 30_000;
    private static final long WAIT_FOR_AGENT_MILLIS = 500;

    private final NodeDependencies dependencies;
    private final RekuestCaller caller;
    private final AgentReadiness readiness;
    private final RekuestConfig config;
    private final Vertx vertx;
    private volatile long timer = -1;
    private volatile boolean stopped;

    /** One action a required dependency needs, and who needs it. */
    private record Need(String description, ActionSlot slot) {
    }

    public DependencyCheck(NodeDependencies dependencies, RekuestCaller caller, AgentReadiness readiness,
            RekuestConfig config, Vertx vertx) {
        this.dependencies = dependencies;
        this.caller = caller;
        this.readiness = readiness;
        this.config = config;
        this.vertx = vertx;
    }

    void onStart(@Observes StartupEvent event) {
        if (config.agent().enabled() && !needs().isEmpty()) {
            schedule(WAIT_FOR_AGENT_MILLIS);
        }
    }

    private void schedule(long millis) {
        if (!stopped) {
            timer = vertx.setTimer(millis, id -> run());
        }
    }

    private void run() {
        if (readiness.status().state() != AgentReadiness.State.CONNECTED) {
            schedule(WAIT_FOR_AGENT_MILLIS);
            return;
        }
        check().subscribe().with(missing -> {
            List<String> before = readiness.missingDependencies();
            readiness.setMissingDependencies(missing);
            // logged when the answer changes, not at every check
            if (!missing.isEmpty() && !missing.equals(before)) {
                LOG.warnf("Dependencies of the nodes that no active agent provides: %s", String.join("; ", missing));
            } else if (missing.isEmpty() && !before.isEmpty()) {
                LOG.infof("Every dependency of the nodes is provided again");
            }
            schedule(missing.isEmpty() ? PROVIDED_INTERVAL_MILLIS : MISSING_INTERVAL_MILLIS);
        }, failure -> {
            LOG.debugf("Checking the nodes' dependencies failed: %s", failure.getMessage());
            schedule(MISSING_INTERVAL_MILLIS);
        });
    }

    /** The required actions without an implementation on an active agent, described. */
    Uni<List<String>> check() {
        List<Need> needs = needs();
        return caller.wired().flatMap(ignored -> Multi.createFrom().iterable(needs)
                .onItem().transformToUniAndConcatenate(need -> provided(need.slot()).map(ok -> ok ? null : need.description()))
                .filter(description -> description != null)
                .collect().asList());
    }

    private Uni<Boolean> provided(ActionSlot slot) {
        ObjectNode variables = CallerGraphQL.MAPPER.createObjectNode();
        try {
            variables.set("demand", CallerGraphQL.MAPPER.readTree(ActionDemands.json(slot.target(), slot.definition())));
        } catch (java.io.IOException e) {
            return Uni.createFrom().failure(e);
        }
        return caller.graphql().execute(PROVIDED, variables).map(data -> {
            for (JsonNode implementation : data.path("implementations")) {
                if (implementation.path("agent").path("active").asBoolean(false)) {
                    return true;
                }
            }
            return false;
        });
    }

    /** Every action of a required dependency, once per client method, with the nodes that need it. */
    private List<Need> needs() {
        Map<String, List<String>> nodesBySlot = new LinkedHashMap<>();
        Map<String, ActionSlot> slots = new LinkedHashMap<>();
        Map<String, String> apps = new LinkedHashMap<>();
        for (Map.Entry<String, List<AgentDependency>> node : dependencies.all().entrySet()) {
            for (AgentDependency dependency : node.getValue()) {
                if (dependency.optional()) {
                    continue;
                }
                for (ActionSlot slot : dependency.actions()) {
                    String id = dependency.clientInterface() + "#" + slot.key();
                    slots.putIfAbsent(id, slot);
                    apps.putIfAbsent(id, dependency.app());
                    nodesBySlot.computeIfAbsent(id, k -> new ArrayList<>()).add("'" + node.getKey() + "'");
                }
            }
        }
        List<Need> needs = new ArrayList<>();
        for (Map.Entry<String, ActionSlot> entry : slots.entrySet()) {
            ActionSlot slot = entry.getValue();
            String app = slot.target().app().isEmpty() ? apps.get(entry.getKey()) : slot.target().app();
            String action = slot.target().hash().isEmpty() ? "action '" + slot.key() + "'"
                    : "the action with hash " + slot.target().hash();
            List<String> nodes = nodesBySlot.get(entry.getKey());
            needs.add(new Need(action + (app.isEmpty() ? "" : " of app '" + app + "'") + " (" + slot.signature()
                    + ", needed by node" + (nodes.size() > 1 ? "s " : " ") + String.join(", ", nodes) + ")", slot));
        }
        return needs;
    }

    @PreDestroy
    void stop() {
        stopped = true;
        long current = timer;
        if (current >= 0) {
            vertx.cancelTimer(current);
        }
    }
}
