package io.quarkiverse.rekuest.runtime.client;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Singleton;

import io.quarkiverse.rekuest.AssignedTask;
import io.quarkiverse.rekuest.Rekuest;
import io.quarkiverse.rekuest.RemoteActionRef;
import io.quarkiverse.rekuest.runtime.agent.TaskContext;
import io.quarkiverse.rekuest.runtime.config.RekuestConfig;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** The {@link Rekuest} bean. */
@Singleton
public class DynamicRekuest implements Rekuest {

    private final RekuestCaller caller;
    private final RekuestConfig config;

    public DynamicRekuest(RekuestCaller caller, RekuestConfig config) {
        this.caller = caller;
        this.config = config;
    }

    @Override
    public RemoteActionRef use(String key) {
        requireText(key, "key");
        return new Ref(new Target(key, "", "", "", "", ""), config.client().deadline().orElse(null));
    }

    @Override
    public RemoteActionRef useHash(String hash) {
        requireText(hash, "hash");
        return new Ref(new Target("", "", "", hash, "", ""), config.client().deadline().orElse(null));
    }

    @Override
    public RemoteActionRef useImplementation(String agentId, String interfaceName) {
        requireText(agentId, "agentId");
        requireText(interfaceName, "interfaceName");
        return new Ref(new Target(interfaceName, "", "", "", agentId, interfaceName), config.client().deadline().orElse(null));
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }

    private final class Ref implements RemoteActionRef {

        private final Target target;
        private final Duration deadline;

        Ref(Target target, Duration deadline) {
            this.target = target;
            this.deadline = deadline;
        }

        @Override
        public RemoteActionRef app(String app) {
            return new Ref(new Target(target.key(), app, target.version(), target.hash(), target.agent(),
                    target.implementation()), deadline);
        }

        @Override
        public RemoteActionRef version(String version) {
            return new Ref(new Target(target.key(), target.app(), version, target.hash(), target.agent(),
                    target.implementation()), deadline);
        }

        @Override
        public RemoteActionRef deadline(Duration newDeadline) {
            return new Ref(target, newDeadline);
        }

        private CallRequest request(Object[] positional, Map<String, ?> named) {
            return new CallRequest(target.describe(), target, null, CallCodec.dynamic(positional, named), deadline,
                    config.client().retries(), TaskContext.current());
        }

        @Override
        public Object call(Object... args) {
            return RekuestCaller.await(callAsync(args), target.describe());
        }

        @Override
        public Object call(Map<String, ?> args) {
            return RekuestCaller.await(callAsync(args), target.describe());
        }

        @Override
        public Uni<Object> callAsync(Object... args) {
            return caller.call(request(args, null));
        }

        @Override
        public Uni<Object> callAsync(Map<String, ?> args) {
            return caller.call(request(null, args));
        }

        @Override
        public Multi<Object> iterate(Object... args) {
            return caller.stream(request(args, null));
        }

        @Override
        public Multi<Object> iterate(Map<String, ?> args) {
            return caller.stream(request(null, args));
        }

        @Override
        public Uni<AssignedTask> assign(Object... args) {
            return caller.assign(request(args, null));
        }

        @Override
        public Uni<AssignedTask> assign(Map<String, ?> args) {
            return caller.assign(request(null, args));
        }

        @Override
        public String toString() {
            return target.describe();
        }
    }
}
