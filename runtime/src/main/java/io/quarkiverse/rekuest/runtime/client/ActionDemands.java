package io.quarkiverse.rekuest.runtime.client;

import io.quarkiverse.rekuest.runtime.definition.ActionDefinition;

/** The {@code ActionDemandInput} a call's target makes, as JSON: for declaring dependencies (protocol.adoc §5.4). */
public final class ActionDemands {

    private ActionDemands() {
    }

    /**
     * By hash when the target names one (matching short-circuits on it), else key, app, version and every port of
     * {@code definition}: the demand the resolver sends to find the action itself.
     */
    public static String json(Target target, ActionDefinition definition) {
        if (!target.hash().isEmpty()) {
            return CallerGraphQL.MAPPER.createObjectNode().put("hash", target.hash()).toString();
        }
        return Resolver.demand(target, definition).toString();
    }
}
