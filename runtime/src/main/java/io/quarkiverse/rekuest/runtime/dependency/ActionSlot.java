package io.quarkiverse.rekuest.runtime.dependency;

import io.quarkiverse.rekuest.runtime.client.Target;
import io.quarkiverse.rekuest.runtime.definition.ActionDefinition;

/**
 * One action a dependency must provide ({@code ActionDependencyInput}): a method of the client interface.
 *
 * @param key the slot's key: the action key, as the call names it in {@code method} when it assigns through the
 *        dependency
 * @param signature the interface method, for messages
 * @param target where the method's calls go (key, app, version or hash)
 * @param definition the definition derived from the method, whose ports the provided action must match
 */
public record ActionSlot(String key, String signature, Target target, ActionDefinition definition) {
}
