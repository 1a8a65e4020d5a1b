package io.quarkiverse.rekuest.runtime;

import jakarta.enterprise.invoke.Invoker;

/**
 * A {@code @Node} method ready to be called: its build-time metadata and the ArC invoker that looks up the
 * bean and calls the method, without reflection.
 *
 * @param metadata what was decided at build time
 * @param invoker calls the method; pass {@code null} as the instance and the arguments in parameter order
 */
public record RegisteredNode(NodeMetadata metadata, Invoker<Object, Object> invoker) {
}
