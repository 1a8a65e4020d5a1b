package io.quarkiverse.rekuest.devserver.graphql;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkiverse.rekuest.devserver.store.RekuestException;

/**
 * Checks an {@code implementAgent} before anything is stored: every implementation's {@code manipulates} names one of
 * the declared {@code states} and every {@code locks} entry one of the declared {@code locks}.
 */
final class DeclaredStates {

    private DeclaredStates() {
    }

    static void check(List<JsonNode> implementations, List<JsonNode> states, List<JsonNode> locks) {
        Set<String> stateInterfaces = new HashSet<>();
        states.forEach(state -> stateInterfaces.add(state.path("interface").asText()));
        Set<String> lockKeys = new HashSet<>();
        locks.forEach(lock -> lockKeys.add(lock.path("key").asText()));
        for (JsonNode implementation : implementations) {
            String iface = implementation.path("interface").asText();
            for (JsonNode state : implementation.path("manipulates")) {
                if (!stateInterfaces.contains(state.asText())) {
                    throw new RekuestException("Implementation '" + iface + "' manipulates state '" + state.asText()
                            + "', which the agent does not declare: add it to implementAgent(states), declared are "
                            + stateInterfaces);
                }
            }
            for (JsonNode lock : implementation.path("locks")) {
                if (!lockKeys.contains(lock.asText())) {
                    throw new RekuestException("Implementation '" + iface + "' needs lock '" + lock.asText()
                            + "', which the agent does not declare: add it to implementAgent(locks), declared are "
                            + lockKeys);
                }
            }
        }
    }
}
