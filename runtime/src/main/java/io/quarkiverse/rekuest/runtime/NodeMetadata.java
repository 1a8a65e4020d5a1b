package io.quarkiverse.rekuest.runtime;

import io.quarkiverse.rekuest.Effect;
import io.quarkiverse.rekuest.runtime.definition.ActionDefinition;

/**
 * Everything decided at build time about one {@code @Node} method.
 *
 * @param signature the method as {@code Class#method(ParamTypes)}, for messages
 * @param interfaceName the interface the agent serves the action under (unique within the application)
 * @param effect the node's effect, sent with its implementation
 * @param definition the action's definition
 * @param executionModel the thread the method runs on
 * @param returnKind how the method hands back its result
 * @param parameterCount the number of the method's parameters
 * @param taskParameter the position of the {@link io.quarkiverse.rekuest.Task} parameter, or -1; the other
 *        parameters are the definition's args, in order
 */
public record NodeMetadata(
        String signature,
        String interfaceName,
        Effect effect,
        ActionDefinition definition,
        ExecutionModel executionModel,
        ReturnKind returnKind,
        int parameterCount,
        int taskParameter) {

    /** Whether the method takes the task handle. */
    public boolean takesTask() {
        return taskParameter >= 0;
    }
}
