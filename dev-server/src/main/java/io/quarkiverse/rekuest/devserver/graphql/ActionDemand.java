package io.quarkiverse.rekuest.devserver.graphql;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkiverse.rekuest.devserver.store.ActionRecord;

/** {@code ActionDemandInput} as a predicate: what a caller demands of an action's identity, flags and ports. */
public final class ActionDemand implements Predicate<ActionRecord> {

    private final Map<String, Object> demand;

    private ActionDemand(Map<String, Object> demand) {
        this.demand = demand;
    }

    public static ActionDemand of(Map<String, Object> demand) {
        return new ActionDemand(demand);
    }

    @Override
    public boolean test(ActionRecord action) {
        return eq("hash", action.hash) && eq("key", action.key) && eq("app", action.app) && eq("version", action.version)
                && eq("name", action.name) && flag("pure", action.pure) && flag("idempotent", action.idempotent)
                && flag("stateful", action.stateful)
                && length("forceArgLength", action.definition.path("args"))
                && length("forceReturnLength", action.definition.path("returns"))
                && ports(Args.list(demand, "argMatches"), action.definition.path("args"))
                && ports(Args.list(demand, "returnMatches"), action.definition.path("returns"));
    }

    private boolean eq(String field, String value) {
        Object wanted = demand.get(field);
        return wanted == null || wanted.equals(value);
    }

    private boolean flag(String field, boolean value) {
        Object wanted = demand.get(field);
        return wanted == null || wanted.equals(value);
    }

    private boolean length(String field, JsonNode ports) {
        Object wanted = demand.get(field);
        return wanted == null || ((Number) wanted).intValue() == ports.size();
    }

    @SuppressWarnings("unchecked")
    static boolean ports(List<Object> matches, JsonNode ports) {
        if (matches == null) {
            return true;
        }
        for (Object m : matches) {
            Map<String, Object> match = (Map<String, Object>) m;
            Object at = match.get("at");
            boolean found = false;
            for (int i = 0; i < ports.size() && !found; i++) {
                if (at == null || ((Number) at).intValue() == i) {
                    found = portMatches(match, ports.get(i));
                }
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }

    @SuppressWarnings("unchecked")
    private static boolean portMatches(Map<String, Object> match, JsonNode port) {
        return same(match.get("key"), port.path("key")) && same(match.get("kind"), port.path("kind"))
                && same(match.get("identifier"), port.path("identifier"))
                && (match.get("nullable") == null || match.get("nullable").equals(port.path("nullable").asBoolean(false)))
                && ports((List<Object>) match.get("children"), port.path("children"));
    }

    private static boolean same(Object wanted, JsonNode actual) {
        return wanted == null || actual.isTextual() && wanted.toString().equals(actual.asText());
    }
}
