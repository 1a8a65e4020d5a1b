package io.quarkiverse.rekuest.runtime.devui;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import jakarta.enterprise.inject.Instance;

import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.ConfigValue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkiverse.rekuest.AssignedTask;
import io.quarkiverse.rekuest.Rekuest;
import io.quarkiverse.rekuest.TaskUpdate;
import io.quarkiverse.rekuest.runtime.NodeRegistry;
import io.quarkiverse.rekuest.runtime.RegisteredNode;
import io.quarkiverse.rekuest.runtime.agent.RekuestAgent;
import io.quarkiverse.rekuest.runtime.auth.RekuestConnection;
import io.quarkiverse.rekuest.runtime.auth.RekuestEndpoints;
import io.quarkiverse.rekuest.runtime.health.AgentReadiness;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * The JSON-RPC service behind the rekuest pages of the Dev UI (registered by the deployment module in dev mode only).
 * The pages call it as {@code quarkus-rekuest_<method>}; the arguments of Try it arrive as the JSON text of the wire's
 * {@code args} object, are checked with the node's codec, and are assigned through the server like any caller's
 * ({@link io.quarkiverse.rekuest.RemoteActionRef#assign}), to this application's own implementation.
 */
public class RekuestJsonRpcService {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private static final int MAX_TASKS = 500;

    private final Instance<NodeRegistry> registry;
    private final Instance<Rekuest> rekuest;
    private final Instance<RekuestAgent> agent;
    private final Instance<AgentReadiness> readiness;
    private final Instance<RekuestConnection> connection;
    private final DevUITasks assigned = new DevUITasks();

    public RekuestJsonRpcService(Instance<NodeRegistry> registry, Instance<Rekuest> rekuest, Instance<RekuestAgent> agent,
            Instance<AgentReadiness> readiness, Instance<RekuestConnection> connection) {
        this.registry = registry;
        this.rekuest = rekuest;
        this.agent = agent;
        this.readiness = readiness;
        this.connection = connection;
    }

    // =================================================================== Nodes

    /** The application's nodes, ordered by interface: definition, Java method, execution model. */
    public List<Map<String, Object>> nodes() {
        List<Map<String, Object>> nodes = new ArrayList<>();
        if (registry.isResolvable()) {
            for (RegisteredNode node : registry.get().nodes()) {
                nodes.add(NodeDescriptions.describe(node));
            }
        }
        return nodes;
    }

    // =================================================================== Try it

    /**
     * Checks arguments with the node's codec.
     *
     * @param node the node's interface
     * @param args the JSON text of the {@code args} object
     * @return {@code {"errors": [{"path", "problem"}...]}}, empty when the agent would accept them
     */
    public Uni<Map<String, Object>> validate(String node, String args) {
        return check(node, args, errors -> Uni.createFrom().item(Map.of("errors", errors)));
    }

    /**
     * Checks the arguments, then assigns the node through the server to this application's agent.
     *
     * @return {@code {"taskId"}} once the server created the task; {@code {"errors": [...]}} when an argument does not
     *         fit; {@code {"error"}} when the task could not be assigned
     */
    public Uni<Map<String, Object>> assign(String node, String args) {
        return check(node, args, errors -> {
            if (!errors.isEmpty()) {
                return Uni.createFrom().item(Map.of("errors", errors));
            }
            String agentId = agent.isResolvable() ? agent.get().agentId() : null;
            if (agentId == null) {
                return Uni.createFrom().item(Map.of("error", "The agent of this application is not registered with the "
                        + "rekuest server yet (see the Server page); try again once it is connected"));
            }
            if (!rekuest.isResolvable()) {
                return Uni.createFrom().item(Map.of("error", "No rekuest caller in this application"));
            }
            Map<String, Object> values = JSON.convertValue(parse(args), MAP);
            return rekuest.get().useImplementation(agentId, node).assign(values)
                    .map(task -> {
                        assigned.add(task);
                        return Map.<String, Object> of("taskId", task.id());
                    })
                    .onFailure().recoverWithItem(failure -> Map.of("error", message(failure)));
        });
    }

    /**
     * The events of a task assigned from this page, in order, the ones so far first; ends after the terminal event.
     * Each is {@code {"id", "kind", "returns", "message", "progress", "terminal", "receivedAt"}}.
     */
    public Multi<Map<String, Object>> watch(String taskId) {
        return assigned.get(taskId)
                .map(task -> task.updates().map(RekuestJsonRpcService::update))
                .orElseGet(() -> Multi.createFrom().failure(new IllegalArgumentException(
                        "Task " + taskId + " was not assigned from this Dev UI (or is long gone); see the Tasks page")));
    }

    /** Asks the server to cancel a task assigned from this page. */
    public Uni<Boolean> cancel(String taskId) {
        return control(taskId, AssignedTask::cancel);
    }

    /** Asks the server to interrupt a task assigned from this page. */
    public Uni<Boolean> interrupt(String taskId) {
        return control(taskId, AssignedTask::interrupt);
    }

    /** Asks the server to pause a task assigned from this page. */
    public Uni<Boolean> pause(String taskId) {
        return control(taskId, AssignedTask::pause);
    }

    /** Asks the server to resume a task assigned from this page. */
    public Uni<Boolean> resume(String taskId) {
        return control(taskId, AssignedTask::resume);
    }

    // =================================================================== Tasks

    /** The server's most recent tasks (this application's and its callers'), newest first, with their events. */
    public Uni<List<Map<String, Object>>> tasks(int limit) {
        if (limit < 1 || limit > MAX_TASKS) {
            return Uni.createFrom().failure(new IllegalArgumentException(
                    "limit must be between 1 and " + MAX_TASKS + ", got " + limit));
        }
        return new TaskHistory(connection.get()).recent(limit);
    }

    /** One task of the server with its event timeline. */
    public Uni<Map<String, Object>> task(String taskId) {
        return new TaskHistory(connection.get()).task(taskId);
    }

    // =================================================================== Server

    /** Which server, the agent's link and its counters. */
    public Map<String, Object> server() {
        Map<String, Object> server = new LinkedHashMap<>();
        ConfigValue url = ConfigProvider.getConfig().getConfigValue("quarkus.rekuest.url");
        String source = url.getSourceName() == null ? "" : url.getSourceName();
        server.put("url", url.getValue());
        server.put("urlSource", source);
        server.put("devServices", source.toLowerCase().contains("devservices"));
        try {
            RekuestEndpoints endpoints = connection.get().endpoints();
            server.put("graphqlUrl", endpoints.graphqlUrl());
            server.put("subscriptionsUrl", endpoints.subscriptionsUrl());
            server.put("agiUrl", endpoints.agiUrl());
        } catch (RuntimeException e) {
            server.put("endpointError", message(e));
        }
        if (readiness.isResolvable()) {
            AgentReadiness.Status status = readiness.get().status();
            server.put("state", status.state().name());
            server.put("detail", status.detail());
            server.put("since", status.since().toString());
        }
        server.put("agent", agent.isResolvable());
        if (agent.isResolvable()) {
            RekuestAgent a = agent.get();
            Map<Integer, Integer> closes = a.closeCodes();
            int reconnects = 0;
            Map<String, Integer> byCode = new LinkedHashMap<>();
            for (Map.Entry<Integer, Integer> close : closes.entrySet()) {
                reconnects += close.getValue();
                byCode.put(String.valueOf(close.getKey()), close.getValue());
            }
            server.put("connected", a.isConnected());
            server.put("agentId", a.agentId());
            server.put("sessionId", a.sessionId());
            server.put("reconnects", reconnects);
            server.put("closeCodes", byCode);
            server.put("unconfirmedReports", a.unconfirmedReports());
        }
        server.put("nodes", registry.isResolvable() ? registry.get().nodes().size() : 0);
        server.put("checkedAt", Instant.now().toString());
        return server;
    }

    // =================================================================== helpers

    private Uni<Map<String, Object>> check(String node, String args,
            Function<List<Map<String, Object>>, Uni<Map<String, Object>>> then) {
        RegisteredNode registered = registry.isResolvable() ? registry.get().byInterface(node).orElse(null) : null;
        if (registered == null) {
            return Uni.createFrom().item(Map.of("error", "This application has no node '" + node + "'"));
        }
        JsonNode parsed;
        try {
            parsed = parse(args);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().item(Map.of("error", e.getMessage()));
        }
        return Uni.createFrom().completionStage(() -> ArgumentCheck.check(registered, parsed))
                .chain(errors -> then.apply(errors.stream().map(ArgumentCheck.FieldError::toMap).toList()));
    }

    private static JsonNode parse(String args) {
        if (args == null || args.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode parsed = JSON.readTree(args);
            if (!parsed.isObject()) {
                throw new IllegalArgumentException("The arguments must be a JSON object keyed by port, got "
                        + parsed.getNodeType());
            }
            return parsed;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("The arguments are not valid JSON: " + e.getOriginalMessage());
        }
    }

    private Uni<Boolean> control(String taskId, Function<AssignedTask, Uni<Void>> action) {
        return assigned.get(taskId)
                .map(task -> action.apply(task).replaceWith(Boolean.TRUE))
                .orElseGet(() -> Uni.createFrom().failure(new IllegalArgumentException(
                        "Task " + taskId + " was not assigned from this Dev UI (or is long gone)")));
    }

    static Map<String, Object> update(TaskUpdate update) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", update.id());
        event.put("kind", update.kind());
        event.put("returns", update.returns());
        event.put("message", update.message());
        event.put("progress", update.progress());
        event.put("terminal", update.terminal());
        event.put("receivedAt", Instant.now().toString());
        return event;
    }

    private static String message(Throwable failure) {
        String message = failure.getMessage();
        return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
    }
}
