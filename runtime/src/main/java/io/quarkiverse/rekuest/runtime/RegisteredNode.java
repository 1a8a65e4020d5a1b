package io.quarkiverse.rekuest.runtime;

import jakarta.enterprise.invoke.Invoker;

import io.quarkiverse.rekuest.runtime.codec.NodeCodec;

/**
 * A {@code @Node} method ready to be called, as one description built once at start: its build-time metadata, the
 * ArC invoker that looks up the bean and calls the method without reflection, and the codec that turns the wire's
 * arguments into Java values and the results back.
 *
 * @param metadata what was decided at build time
 * @param invoker calls the method; pass {@code null} as the instance and the arguments in parameter order
 * @param codec the node's arguments in, its results out
 */
public record RegisteredNode(NodeMetadata metadata, Invoker<Object, Object> invoker, NodeCodec codec) {
}
