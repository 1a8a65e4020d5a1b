package io.quarkiverse.rekuest.test;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkiverse.rekuest.AssignedTask;
import io.quarkiverse.rekuest.Rekuest;
import io.quarkiverse.rekuest.RemoteActionRef;
import io.quarkiverse.rekuest.runtime.NodeRegistry;
import io.quarkiverse.rekuest.runtime.RegisteredNode;
import io.quarkiverse.rekuest.runtime.agent.RekuestAgent;
import io.quarkiverse.rekuest.runtime.codec.NodeCodec;
import io.quarkus.arc.Arc;
import io.quarkus.arc.InstanceHandle;

/**
 * The entry point of the test kit, for {@code @QuarkusTest} classes (the application and its Dev Services server
 * running):
 *
 * <pre>
 * RekuestAssured.assign("add", 2, 3).completes().yields(5);                  // this app's node, on the server
 * RekuestAssured.assign(rekuest.use("triple").app("other"), 4).yields(12);   // any action
 * RekuestAssured.invoke("add", 2, 3).value();                                // the node alone, no server
 * RekuestAssured.definitionOf("add").matchesGolden(Path.of("src/test/resources/rekuest/add.json"));
 * RekuestAssured.devServices().fakeAgent("other").serve(...).start();       // another app
 * </pre>
 */
public final class RekuestAssured {

    /** How long {@link #assign} waits for the task to be created, and for this app's agent to be connected. */
    static final Duration ASSIGN_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> WIRE_ARGS = new TypeReference<>() {
    };

    private RekuestAssured() {
    }

    /**
     * Assigns a task with these arguments (positional, converted as {@code call(...)} converts them) and returns its
     * assertions. {@code key} names this application's own node (its interface, or its definition key): the task goes
     * to this application's agent and the yielded values are read through the node's codec. Any other key is an action
     * of any app ({@code Rekuest#use}), its values read as plain JSON.
     */
    public static TaskAssert assign(String key, Object... args) {
        Optional<RegisteredNode> node = ownNode(key);
        if (node.isEmpty()) {
            return watch(rekuest().use(key).assign(args).await().atMost(ASSIGN_TIMEOUT), key, null);
        }
        // this app's node: the arguments go through its own codec, as its Java types (records, enums, Optional) need
        NodeCodec codec = node.get().codec();
        Map<String, Object> wire = MAPPER.convertValue(NodeRun.shrink(codec, node.get().metadata().interfaceName(), args),
                WIRE_ARGS);
        return watch(ownImplementation(node.get()).assign(wire).await().atMost(ASSIGN_TIMEOUT), key, codec);
    }

    /** {@link #assign(String, Object...)} with the arguments by port key. */
    public static TaskAssert assign(String key, Map<String, ?> args) {
        Optional<RegisteredNode> node = ownNode(key);
        RemoteActionRef ref = node.map(RekuestAssured::ownImplementation).orElseGet(() -> rekuest().use(key));
        return watch(ref.assign(args).await().atMost(ASSIGN_TIMEOUT), key, node.map(RegisteredNode::codec).orElse(null));
    }

    /** Assigns a task of the action {@code ref} names (narrowed as you like); values read as plain JSON. */
    public static TaskAssert assign(RemoteActionRef ref, Object... args) {
        return watch(ref.assign(args).await().atMost(ASSIGN_TIMEOUT), ref.toString(), null);
    }

    /** {@link #assign(RemoteActionRef, Object...)} with the arguments by port key. */
    public static TaskAssert assign(RemoteActionRef ref, Map<String, ?> args) {
        return watch(ref.assign(args).await().atMost(ASSIGN_TIMEOUT), ref.toString(), null);
    }

    /** Assertions on a task already assigned (e.g. by the code under test). */
    public static TaskAssert watch(AssignedTask task) {
        return watch(task, "assigned task", null);
    }

    /**
     * Runs this application's node {@code key} in the test's thread, without a server: the arguments go through the
     * node's codec as a caller would send them and as the agent reads them, the result back as the agent sends it and
     * a caller reads it. A {@code Task} parameter gets a {@link NodeRun} task that records progress and logs.
     */
    public static NodeRun invoke(String key, Object... args) {
        return NodeRun.run(node(key), args);
    }

    /** The wire definition of this application's node {@code key}, for golden assertions. */
    public static DefinitionAssert definitionOf(String key) {
        return new DefinitionAssert(node(key).metadata());
    }

    /** The server the application is connected to (Dev Services): URL, tokens, fake agents, faults. */
    public static DevServices devServices() {
        return DevServices.current();
    }

    // ------------------------------------------------------------------ internals

    private static TaskAssert watch(AssignedTask task, String what, NodeCodec codec) {
        return new TaskAssert(task, what, codec);
    }

    static RegisteredNode node(String key) {
        return ownNode(key).orElseThrow(() -> new IllegalArgumentException("This application has no @Node '" + key
                + "' (by interface or definition key); its nodes: " + bean(NodeRegistry.class).nodes().stream()
                        .map(n -> n.metadata().interfaceName()).toList()));
    }

    private static Optional<RegisteredNode> ownNode(String key) {
        NodeRegistry registry = bean(NodeRegistry.class);
        return registry.byInterface(key).or(() -> registry.nodes().stream()
                .filter(n -> n.metadata().definition().key().equals(key)).findFirst());
    }

    /** This application's implementation of the node, once its agent is connected. */
    private static RemoteActionRef ownImplementation(RegisteredNode node) {
        RekuestAgent agent = bean(RekuestAgent.class);
        long deadline = System.nanoTime() + ASSIGN_TIMEOUT.toNanos();
        while (!agent.isConnected() || agent.agentId() == null) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("This application's rekuest agent did not connect within " + ASSIGN_TIMEOUT
                        + ": cannot assign its node " + node.metadata().interfaceName());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return rekuest().useImplementation(agent.agentId(), node.metadata().interfaceName());
    }

    private static Rekuest rekuest() {
        return bean(Rekuest.class);
    }

    private static <T> T bean(Class<T> type) {
        if (Arc.container() == null) {
            throw new IllegalStateException("RekuestAssured needs the running application: use it in a @QuarkusTest");
        }
        InstanceHandle<T> handle = Arc.container().instance(type);
        if (!handle.isAvailable()) {
            throw new IllegalStateException("No " + type.getSimpleName() + " bean: is the rekuest extension (and its "
                    + "agent, for this app's nodes) enabled?");
        }
        return handle.get();
    }
}
