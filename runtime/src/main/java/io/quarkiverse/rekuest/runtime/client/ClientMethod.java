package io.quarkiverse.rekuest.runtime.client;

import java.util.List;

import io.quarkiverse.rekuest.runtime.ReturnKind;
import io.quarkiverse.rekuest.runtime.codec.JavaType;
import io.quarkiverse.rekuest.runtime.definition.ActionDefinition;

/**
 * Everything decided at build time about one method of a {@link io.quarkiverse.rekuest.RekuestClient} interface.
 *
 * @param signature the method as {@code Interface#method(ParamTypes)}, for messages
 * @param definition the definition derived from the signature, exactly as for a {@code @Node} method
 * @param returnKind how the method hands back the result (blocking value, {@code Uni}, {@code CompletionStage},
 *        {@code Multi}, or nothing)
 * @param parameterCount the number of parameters
 * @param taskParameter the position of a {@code Task} parameter (passed on by a shared interface, not sent), or -1
 * @param argTypes the Java types of the argument ports, in port order
 * @param returnType the Java type of the result (unwrapped)
 * @param target where the call goes
 * @param deadline the method's deadline as written in {@code @RemoteAction(deadline)}, or empty for the configured default
 * @param retries retries of FAILED (or of a missing result) for idempotent or pure actions, or -1 for the configured default
 * @param spread how a call picks among the live implementations; {@code CONFIGURED} for the configured default
 */
public record ClientMethod(String signature, ActionDefinition definition, ReturnKind returnKind, int parameterCount,
        int taskParameter, List<JavaType> argTypes, JavaType returnType, Target target, String deadline, int retries,
        io.quarkiverse.rekuest.Spread spread) {
}
