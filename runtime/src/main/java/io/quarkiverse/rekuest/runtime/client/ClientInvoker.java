package io.quarkiverse.rekuest.runtime.client;

import java.time.Duration;
import java.util.List;

import io.quarkiverse.rekuest.Spread;
import io.quarkiverse.rekuest.runtime.agent.TaskContext;
import io.quarkiverse.rekuest.runtime.codec.NodeCodec;
import io.quarkiverse.rekuest.runtime.codec.PortCodec;
import io.quarkiverse.rekuest.runtime.config.RekuestConfig;
import io.quarkiverse.rekuest.runtime.dependency.NodeDependencies;
import io.quarkus.arc.Arc;
import io.quarkus.arc.InstanceHandle;

/** The runtime side of one generated proxy: turns a method call into a call of the remote action. */
public final class ClientInvoker {

    private final String interfaceName;
    private final RekuestCaller caller;
    private final ClientMethod[] methods;
    private final NodeCodec[] codecs;
    private final Duration[] deadlines;
    private final int[] retries;
    private final Spread[] spreads;
    /** Looked up on the first nested call. */
    private volatile NodeDependencies dependencies;

    ClientInvoker(String interfaceName, RekuestCaller caller, List<ClientMethod> methods, PortCodec portCodec,
            RekuestConfig.Client config) {
        this.interfaceName = interfaceName;
        this.caller = caller;
        this.methods = methods.toArray(ClientMethod[]::new);
        this.codecs = new NodeCodec[this.methods.length];
        this.deadlines = new Duration[this.methods.length];
        this.retries = new int[this.methods.length];
        this.spreads = new Spread[this.methods.length];
        for (int i = 0; i < this.methods.length; i++) {
            ClientMethod method = this.methods[i];
            codecs[i] = new NodeCodec(method.definition(), method.argTypes(), method.returnType(), portCodec);
            deadlines[i] = method.deadline().isEmpty() ? config.deadline().orElse(null) : Durations.parse(method.deadline());
            retries[i] = method.retries() >= 0 ? method.retries() : config.retries();
            spreads[i] = Spreads.effective(method.spread(), config.spread(), method.signature());
        }
    }

    Object invoke(int index, Object[] args) {
        ClientMethod method = methods[index];
        Object[] ports = args;
        if (method.taskParameter() >= 0) {
            // a shared interface's Task parameter belongs to the implementing node; it is not sent
            ports = new Object[args.length - 1];
            for (int i = 0, p = 0; i < args.length; i++) {
                if (i != method.taskParameter()) {
                    ports[p++] = args[i];
                }
            }
        }
        String parent = TaskContext.current();
        CallRequest request = new CallRequest(method.signature(), method.target(), method.definition(),
                CallCodec.typed(codecs[index], ports), deadlines[index], retries[index], parent, spreads[index],
                parent == null ? null : dependencySlot(parent, method));
        return switch (method.returnKind()) {
            case MULTI -> caller.stream(request);
            case UNI -> caller.call(request);
            case COMPLETION_STAGE -> caller.call(request).subscribeAsCompletionStage();
            case VALUE, VOID -> RekuestCaller.await(caller.call(request), method.signature());
        };
    }

    /** The running node's dependency this nested call goes through, when the node declared this interface. */
    private NodeDependencies.Slot dependencySlot(String parent, ClientMethod method) {
        NodeDependencies dependencies = this.dependencies;
        if (dependencies == null) {
            try (InstanceHandle<NodeDependencies> handle = Arc.container().instance(NodeDependencies.class)) {
                dependencies = handle.isAvailable() ? handle.get() : new NodeDependencies(java.util.Map.of());
            }
            this.dependencies = dependencies;
        }
        return dependencies.slotFor(parent, interfaceName, method.definition().key());
    }

    @Override
    public String toString() {
        return "@RekuestClient " + interfaceName;
    }
}
