package io.quarkiverse.rekuest.runtime.codec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkiverse.rekuest.runtime.NodeMetadata;
import io.quarkiverse.rekuest.runtime.codec.JavaType.Shape;
import io.quarkiverse.rekuest.runtime.definition.ActionDefinition;
import io.quarkiverse.rekuest.runtime.definition.PortDefinition;

/**
 * The codecs of one action's ports, built once. Two symmetric sides:
 * <ul>
 * <li>agent: {@link #arguments} expands the {@code args} of an {@code ASSIGN} into the method's arguments,
 * {@link #returns} shrinks a result into the {@code returns} of a {@code YIELD};</li>
 * <li>caller: {@link #shrinkArgs} shrinks Java arguments into {@code args} keyed by port, {@link #expandReturns}
 * expands {@code returns} into the Java result.</li>
 * </ul>
 * When a port holds a structure, the {@code ...Async} variants must be used ({@link #expandsArgsAsync()} and the
 * like tell); they work for every action. Every error is a {@link CodecException} whose path starts with the port key.
 */
public final class NodeCodec {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String signature;
    private final int parameterCount;
    private final int taskParameter;
    private final String[] argKeys;
    private final ValueCodec[] args;
    private final String[] returnKeys;
    private final ValueCodec[] returns;
    /** The adapter of a returns tuple, else {@code null}. */
    private final TypeAdapter tuple;
    private final boolean argsAsyncExpand;
    private final boolean argsAsyncShrink;
    private final boolean returnsAsyncExpand;
    private final boolean returnsAsyncShrink;

    /** The agent side of a {@code @Node} method. */
    public NodeCodec(NodeMetadata metadata, List<JavaType> argTypes, JavaType returnType, PortCodec codec) {
        this(metadata.signature(), metadata.definition(), metadata.parameterCount(), metadata.taskParameter(), argTypes,
                returnType, codec);
    }

    /**
     * A caller's view of an action: {@code argTypes} in the order of the definition's args (no task parameter).
     *
     * @param returnType the Java type of the result: {@link Shape#VOID}, a value for {@code return0}, or a
     *        {@link Shape#TUPLE} for several return ports
     */
    public NodeCodec(ActionDefinition definition, List<JavaType> argTypes, JavaType returnType, PortCodec codec) {
        this(definition.key(), definition, argTypes.size(), -1, argTypes, returnType, codec);
    }

    private NodeCodec(String signature, ActionDefinition definition, int parameterCount, int taskParameter,
            List<JavaType> argTypes, JavaType returnType, PortCodec codec) {
        List<PortDefinition> argPorts = definition.args();
        if (argTypes.size() != argPorts.size()) {
            throw new IllegalArgumentException("Action " + signature + " has " + argPorts.size() + " ports but "
                    + argTypes.size() + " Java argument types");
        }
        this.signature = signature;
        this.parameterCount = parameterCount;
        this.taskParameter = taskParameter;
        this.argKeys = new String[argPorts.size()];
        this.args = new ValueCodec[argPorts.size()];
        for (int i = 0; i < args.length; i++) {
            argKeys[i] = argPorts.get(i).key();
            args[i] = codec.compile(argPorts.get(i), argTypes.get(i));
        }
        List<PortDefinition> returnPorts = definition.returns();
        List<String> keys = new ArrayList<>();
        List<ValueCodec> codecs = new ArrayList<>();
        if (returnType.shape() == Shape.TUPLE) {
            codec.components(new PortDefinition("returns", null, false, null, null, null, null, null, returnPorts),
                    returnType, -1, keys, codecs);
            this.tuple = codec.adapter(returnPorts.isEmpty() ? null : returnPorts.get(0), returnType);
        } else {
            this.tuple = null;
            if (!returnPorts.isEmpty() && returnType.shape() != Shape.VOID) {
                keys.add(returnPorts.get(0).key());
                codecs.add(codec.compile(returnPorts.get(0), returnType));
            }
        }
        this.returnKeys = keys.toArray(String[]::new);
        this.returns = codecs.toArray(ValueCodec[]::new);
        this.argsAsyncExpand = any(args, true);
        this.argsAsyncShrink = any(args, false);
        this.returnsAsyncExpand = any(returns, true);
        this.returnsAsyncShrink = any(returns, false);
    }

    private static boolean any(ValueCodec[] codecs, boolean expand) {
        for (ValueCodec codec : codecs) {
            if (expand ? codec.expandsAsync() : codec.shrinksAsync()) {
                return true;
            }
        }
        return false;
    }

    // ================================================================== agent: expand args, shrink returns

    /** Whether {@link #argumentsAsync} is needed (a structure among the args). */
    public boolean expandsArgsAsync() {
        return argsAsyncExpand;
    }

    /** Whether {@link #returnsAsync} is needed (a structure or memory structure among the returns). */
    public boolean shrinksReturnsAsync() {
        return returnsAsyncShrink;
    }

    /**
     * The invoker's arguments, in parameter order, with {@code task} at the task parameter.
     *
     * @param args the {@code args} object of the {@code ASSIGN}, or {@code null}
     * @throws CodecException naming the first port whose value does not fit
     * @throws IllegalStateException when {@link #expandsArgsAsync()}
     */
    public Object[] arguments(JsonNode args, Object task) throws CodecException {
        checkArgs(args);
        Object[] values = new Object[parameterCount];
        int port = 0;
        for (int i = 0; i < values.length; i++) {
            if (i == taskParameter) {
                values[i] = task;
                continue;
            }
            try {
                values[i] = this.args[port].expand(value(args, argKeys[port]), 0);
            } catch (CodecException e) {
                throw e.within(argKeys[port]);
            }
            port++;
        }
        return values;
    }

    /** {@link #arguments}, expanding structures concurrently; fails with a {@link CodecException}. */
    public CompletionStage<Object[]> argumentsAsync(JsonNode args, Object task) {
        try {
            checkArgs(args);
        } catch (CodecException e) {
            return CompletableFuture.failedFuture(e);
        }
        @SuppressWarnings("unchecked")
        CompletableFuture<Object>[] values = new CompletableFuture[parameterCount];
        int port = 0;
        for (int i = 0; i < values.length; i++) {
            if (i == taskParameter) {
                values[i] = CompletableFuture.completedFuture(task);
                continue;
            }
            values[i] = ValueCodec.within(this.args[port].expandAsync(value(args, argKeys[port]), 0), argKeys[port]);
            port++;
        }
        return Codecs.all(values).handle((result, failure) -> {
            if (failure != null) {
                throw new CompletionException(unwrap(failure));
            }
            return result;
        });
    }

    private static void checkArgs(JsonNode args) throws CodecException {
        if (args != null && !args.isNull() && !args.isObject()) {
            throw new CodecException("args", "must be an object keyed by port, got " + args.getNodeType());
        }
    }

    private static JsonNode value(JsonNode object, String key) {
        return object == null || object.isNull() ? null : object.get(key);
    }

    /** Whether the action has a return port (a {@code void} node yields nothing). */
    public boolean returnsValue() {
        return returns.length > 0;
    }

    /**
     * The {@code returns} object of a {@code YIELD}: {@code {"return0": value}}, or one entry per component of a
     * returns tuple.
     *
     * @throws CodecException when the value does not fit the return ports
     * @throws IllegalStateException when {@link #shrinksReturnsAsync()}
     */
    public ObjectNode returns(Object value) throws CodecException {
        Object[] values = returnValues(value);
        ObjectNode object = NODES.objectNode();
        for (int i = 0; i < returns.length; i++) {
            try {
                object.set(returnKeys[i], returns[i].shrink(values[i], 0));
            } catch (CodecException e) {
                throw e.within(returnKeys[i]);
            } catch (ClassCastException e) {
                throw new CodecException(returnKeys[i], "has a value of the wrong type: " + e.getMessage());
            }
        }
        return object;
    }

    /** {@link #returns}, shrinking structures and shelving memory structures; fails with a {@link CodecException}. */
    public CompletionStage<ObjectNode> returnsAsync(Object value) {
        Object[] values;
        try {
            values = returnValues(value);
        } catch (CodecException e) {
            return CompletableFuture.failedFuture(e);
        }
        @SuppressWarnings("unchecked")
        CompletableFuture<Object>[] shrunk = new CompletableFuture[returns.length];
        for (int i = 0; i < returns.length; i++) {
            shrunk[i] = ValueCodec.within(returns[i].shrinkAsync(values[i], 0), returnKeys[i]).thenApply(n -> (Object) n);
        }
        return Codecs.all(shrunk).handle((nodes, failure) -> {
            if (failure != null) {
                throw new CompletionException(unwrap(failure));
            }
            ObjectNode object = NODES.objectNode();
            for (int i = 0; i < nodes.length; i++) {
                object.set(returnKeys[i], (JsonNode) nodes[i]);
            }
            return object;
        });
    }

    private Object[] returnValues(Object value) throws CodecException {
        if (tuple == null) {
            return new Object[] { value };
        }
        if (value == null) {
            throw new CodecException("returns", "is null, but a returns tuple must be returned");
        }
        return tuple.components(value);
    }

    // ================================================================== caller: shrink args, expand returns

    /** Whether {@link #shrinkArgsAsync} is needed (a structure or memory structure among the args). */
    public boolean shrinksArgsAsync() {
        return argsAsyncShrink;
    }

    /** Whether {@link #expandReturnsAsync} is needed (a structure among the returns). */
    public boolean expandsReturnsAsync() {
        return returnsAsyncExpand;
    }

    /**
     * The {@code args} of an assignment, keyed by port: each Java argument (in the order of the definition's args)
     * shrunk. A {@code null} (or empty {@code Optional}) for a port that is nullable or has a default is sent as
     * {@code null}; the agent applies the default.
     *
     * @throws CodecException naming the first port whose value does not fit
     */
    public ObjectNode shrinkArgs(Object... values) throws CodecException {
        checkCount(values);
        ObjectNode object = NODES.objectNode();
        for (int i = 0; i < args.length; i++) {
            try {
                object.set(argKeys[i], args[i].shrink(values[i], 0));
            } catch (CodecException e) {
                throw e.within(argKeys[i]);
            } catch (ClassCastException e) {
                throw new CodecException(argKeys[i], "has a value of the wrong type: " + e.getMessage());
            }
        }
        return object;
    }

    /** {@link #shrinkArgs}, shrinking structures concurrently; fails with a {@link CodecException}. */
    public CompletionStage<ObjectNode> shrinkArgsAsync(Object... values) {
        try {
            checkCount(values);
        } catch (CodecException e) {
            return CompletableFuture.failedFuture(e);
        }
        @SuppressWarnings("unchecked")
        CompletableFuture<Object>[] shrunk = new CompletableFuture[args.length];
        for (int i = 0; i < args.length; i++) {
            shrunk[i] = ValueCodec.within(args[i].shrinkAsync(values[i], 0), argKeys[i]).thenApply(n -> (Object) n);
        }
        return Codecs.all(shrunk).handle((nodes, failure) -> {
            if (failure != null) {
                throw new CompletionException(unwrap(failure));
            }
            ObjectNode object = NODES.objectNode();
            for (int i = 0; i < nodes.length; i++) {
                object.set(argKeys[i], (JsonNode) nodes[i]);
            }
            return object;
        });
    }

    private void checkCount(Object[] values) throws CodecException {
        if (values.length != args.length) {
            throw new CodecException("args", "has " + values.length + " values, but " + signature + " has " + args.length
                    + " ports");
        }
    }

    /**
     * The Java result of a {@code YIELD}'s {@code returns}: {@code null} for an action without returns, the value of
     * {@code return0}, or the returns tuple built from {@code return0..n}.
     */
    public Object expandReturns(JsonNode returnsObject) throws CodecException {
        if (returnsObject != null && !returnsObject.isNull() && !returnsObject.isObject()) {
            throw new CodecException("returns", "must be an object keyed by port, got " + returnsObject.getNodeType());
        }
        Object[] values = new Object[returns.length];
        for (int i = 0; i < returns.length; i++) {
            try {
                values[i] = returns[i].expand(value(returnsObject, returnKeys[i]), 0);
            } catch (CodecException e) {
                throw e.within(returnKeys[i]);
            }
        }
        return result(values);
    }

    /** {@link #expandReturns}, expanding structures concurrently; fails with a {@link CodecException}. */
    public CompletionStage<Object> expandReturnsAsync(JsonNode returnsObject) {
        if (returnsObject != null && !returnsObject.isNull() && !returnsObject.isObject()) {
            return CompletableFuture.failedFuture(new CodecException("returns", "must be an object keyed by port, got "
                    + returnsObject.getNodeType()));
        }
        @SuppressWarnings("unchecked")
        CompletableFuture<Object>[] values = new CompletableFuture[returns.length];
        for (int i = 0; i < returns.length; i++) {
            values[i] = ValueCodec.within(returns[i].expandAsync(value(returnsObject, returnKeys[i]), 0), returnKeys[i]);
        }
        return Codecs.all(values).handle((expanded, failure) -> {
            if (failure != null) {
                throw new CompletionException(unwrap(failure));
            }
            return result(expanded);
        });
    }

    private Object result(Object[] values) {
        if (tuple != null) {
            return tuple.construct(values);
        }
        return values.length == 0 ? null : values[0];
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
