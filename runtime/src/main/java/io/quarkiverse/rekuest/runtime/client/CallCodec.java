package io.quarkiverse.rekuest.runtime.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkiverse.rekuest.runtime.codec.CodecException;
import io.quarkiverse.rekuest.runtime.codec.NodeCodec;
import io.smallrye.mutiny.Uni;

/** Shrinks a call's arguments and expands its results: typed (by port, with build-time Java types) or dynamic (JSON). */
interface CallCodec {

    /** What {@link #valueNow} returns when the value can only be expanded asynchronously (it holds structures). */
    Object ASYNC = new Object();

    /** The {@code args} object of the assignment. */
    Uni<ObjectNode> args(Resolver.Resolved resolved);

    /** The Java value of one YIELD's {@code returns}. */
    Uni<Object> value(JsonNode returns, Resolver.Resolved resolved);

    /**
     * The {@code args} object now, or {@code null} when shrinking is asynchronous (then use {@link #args}).
     *
     * @throws Exception what {@link #args} would fail with
     */
    default ObjectNode argsNow(Resolver.Resolved resolved) throws Exception {
        return null;
    }

    /**
     * The Java value of one YIELD's {@code returns} now, or {@link #ASYNC} when expanding is asynchronous (then use
     * {@link #value}).
     *
     * @throws Exception what {@link #value} would fail with
     */
    default Object valueNow(JsonNode returns, Resolver.Resolved resolved) throws Exception {
        return ASYNC;
    }

    /** The typed codec of a proxy method: the same {@link NodeCodec} as the agent's, used from the caller side. */
    static CallCodec typed(NodeCodec codec, Object[] arguments) {
        return new CallCodec() {
            @Override
            public Uni<ObjectNode> args(Resolver.Resolved resolved) {
                if (codec.shrinksArgsAsync()) {
                    return Uni.createFrom().completionStage(() -> codec.shrinkArgsAsync(arguments));
                }
                try {
                    return Uni.createFrom().item(codec.shrinkArgs(arguments));
                } catch (CodecException e) {
                    return Uni.createFrom().failure(e);
                }
            }

            @Override
            public Uni<Object> value(JsonNode returns, Resolver.Resolved resolved) {
                if (codec.expandsReturnsAsync()) {
                    return Uni.createFrom().completionStage(() -> codec.expandReturnsAsync(returns));
                }
                try {
                    return Uni.createFrom().item(codec.expandReturns(returns));
                } catch (CodecException e) {
                    return Uni.createFrom().failure(e);
                }
            }

            @Override
            public ObjectNode argsNow(Resolver.Resolved resolved) throws CodecException {
                return codec.shrinksArgsAsync() ? null : codec.shrinkArgs(arguments);
            }

            @Override
            public Object valueNow(JsonNode returns, Resolver.Resolved resolved) throws CodecException {
                return codec.expandsReturnsAsync() ? ASYNC : codec.expandReturns(returns);
            }
        };
    }

    /**
     * The codec of the dynamic API: positional arguments follow the action's ports as the server describes them, named
     * ones are sent by key; values are converted with Jackson. A single return port gives its value, several a list.
     */
    static CallCodec dynamic(Object[] positional, Map<String, ?> named) {
        return new CallCodec() {
            @Override
            public Uni<ObjectNode> args(Resolver.Resolved resolved) {
                ObjectNode args = CallerGraphQL.MAPPER.createObjectNode();
                if (positional != null) {
                    if (positional.length > resolved.argKeys().size()) {
                        return Uni.createFrom().failure(new IllegalArgumentException(resolved.name() + " takes "
                                + resolved.argKeys().size() + " arguments " + resolved.argKeys() + ", got "
                                + positional.length));
                    }
                    for (int i = 0; i < positional.length; i++) {
                        args.set(resolved.argKeys().get(i), CallerGraphQL.MAPPER.valueToTree(positional[i]));
                    }
                }
                if (named != null) {
                    for (Map.Entry<String, ?> entry : named.entrySet()) {
                        if (!resolved.argKeys().contains(entry.getKey())) {
                            return Uni.createFrom().failure(new IllegalArgumentException(resolved.name()
                                    + " has no argument '" + entry.getKey() + "'; its arguments are " + resolved.argKeys()));
                        }
                        args.set(entry.getKey(), CallerGraphQL.MAPPER.valueToTree(entry.getValue()));
                    }
                }
                return Uni.createFrom().item(args);
            }

            @Override
            public Uni<Object> value(JsonNode returns, Resolver.Resolved resolved) {
                List<String> keys = resolved.returnKeys();
                if (keys.isEmpty()) {
                    return Uni.createFrom().nullItem();
                }
                try {
                    if (keys.size() == 1) {
                        return Uni.createFrom().item(java(returns == null ? null : returns.get(keys.get(0))));
                    }
                    List<Object> values = new ArrayList<>(keys.size());
                    for (String key : keys) {
                        values.add(java(returns == null ? null : returns.get(key)));
                    }
                    return Uni.createFrom().item(values);
                } catch (Exception e) {
                    return Uni.createFrom().failure(e);
                }
            }
        };
    }

    private static Object java(JsonNode value) throws Exception {
        return value == null || value.isNull() ? null : CallerGraphQL.MAPPER.treeToValue(value, Object.class);
    }
}
