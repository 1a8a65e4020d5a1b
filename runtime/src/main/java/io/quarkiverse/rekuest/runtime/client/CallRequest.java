package io.quarkiverse.rekuest.runtime.client;

import java.time.Duration;

import io.quarkiverse.rekuest.runtime.definition.ActionDefinition;

/**
 * One call, as the proxy or the dynamic API hands it to the {@link RekuestCaller}.
 *
 * @param description what is called, for messages ({@code Calculator#add(int, int)} or {@code action 'add'})
 * @param target where it goes
 * @param definition the local definition whose ports must match, or {@code null} (dynamic calls match by key only)
 * @param codec shrinks the arguments and expands the results
 * @param deadline how long the call may take, or {@code null}
 * @param retries how often FAILED (or COMPLETED without the result) is retried when the action is idempotent or pure
 * @param parent the task this call is made from (a nested call, §2.8), or {@code null}
 * @param spread how the call picks among the action's live implementations (never {@code CONFIGURED})
 * @param dependency the running node's dependency the call goes through (§5.4), or {@code null}
 */
record CallRequest(String description, Target target, ActionDefinition definition, CallCodec codec, Duration deadline,
        int retries, String parent, io.quarkiverse.rekuest.Spread spread,
        io.quarkiverse.rekuest.runtime.dependency.NodeDependencies.Slot dependency) {
}
