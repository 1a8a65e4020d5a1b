package io.quarkiverse.rekuest.runtime.client;

import java.util.ArrayList;
import java.util.List;

import io.quarkiverse.rekuest.runtime.definition.ActionDefinition;
import io.quarkiverse.rekuest.runtime.definition.ActionKind;
import io.quarkiverse.rekuest.runtime.definition.PortDefinition;

/**
 * What a task owes its call when it ends {@code COMPLETED} without a {@code YIELD}: nothing (a generator may yield
 * nothing, a function without return ports yields nothing), an empty result (a function whose return ports are all
 * nullable), or a value the call does not have (a function with a required return port). Decided from the caller's
 * own definition when the call has one (a proxy method: what its Java return type accepts), else from the action as
 * the server describes it (the dynamic API). Only looked at when a task completes without a YIELD, never per event.
 *
 * @param checked whether a missing YIELD matters: the action is a function with return ports, so its stored events are
 *        read before the call ends
 * @param returns every return port
 * @param required the return ports that are not nullable; empty means that no YIELD is an empty result ({@code null},
 *        or an empty {@code Optional})
 */
record OwedResult(boolean checked, List<String> returns, List<String> required) {

    static final OwedResult NOTHING = new OwedResult(false, List.of(), List.of());

    /** What the task of a call to {@code definition} (or, without one, {@code resolved}) owes the call. */
    static OwedResult of(ActionDefinition definition, Resolver.Resolved resolved) {
        if (definition != null) {
            if (definition.kind() == ActionKind.GENERATOR || definition.returns().isEmpty()) {
                return NOTHING;
            }
            List<String> returns = new ArrayList<>();
            List<String> required = new ArrayList<>();
            for (PortDefinition port : definition.returns()) {
                returns.add(port.key());
                if (!port.nullable()) {
                    required.add(port.key());
                }
            }
            return new OwedResult(true, List.copyOf(returns), List.copyOf(required));
        }
        if (resolved == null || resolved.generator() || resolved.returnKeys().isEmpty()) {
            return NOTHING;
        }
        return new OwedResult(true, List.copyOf(resolved.returnKeys()), List.copyOf(resolved.requiredReturns()));
    }

    /** Whether completing without a YIELD leaves the call without the value it must return. */
    boolean valueMissing() {
        return checked && !required.isEmpty();
    }
}
