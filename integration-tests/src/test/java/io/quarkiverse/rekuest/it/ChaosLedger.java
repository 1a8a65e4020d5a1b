package io.quarkiverse.rekuest.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkiverse.rekuest.test.wire.GraphQLCaller;

/**
 * What the chaos suite assigned and what each task must end with, checked against the server's task table (never
 * against what the test saw on a subscription): each task ends once, with every value it must yield, in order, none
 * lost, none doubled, no {@code null}, and never {@code CRITICAL} because of the link.
 */
final class ChaosLedger {

    private static final Set<String> TERMINAL = Set.of("COMPLETED", "FAILED", "CRITICAL", "CANCELLED", "INTERRUPTED");

    /** The outcome counts of one check. */
    record Outcome(int tasks, int completed, int lost, int doubled, int nulls, int critical, int unfinished,
            List<String> problems) {

        boolean perfect() {
            return completed == tasks && lost == 0 && doubled == 0 && nulls == 0 && critical == 0 && unfinished == 0;
        }

        @Override
        public String toString() {
            return tasks + " tasks: " + completed + " completed once with every value, " + lost + " values lost, " + doubled
                    + " doubled, " + nulls + " null, " + critical + " critical, " + unfinished + " unfinished"
                    + (problems.isEmpty() ? "" : "; first problems: " + problems.subList(0, Math.min(5, problems.size())));
        }
    }

    private final GraphQLCaller caller;
    /** Task id → the values its YIELDs must carry, in order. */
    private final Map<String, List<Long>> expected = new LinkedHashMap<>();

    ChaosLedger(GraphQLCaller caller) {
        this.caller = caller;
    }

    void expect(String task, List<Long> values) {
        expected.put(task, values);
    }

    int size() {
        return expected.size();
    }

    /** Waits (bounded) until every task is done on the server, then checks them all. */
    Outcome check(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, JsonNode> tasks = read();
        while (tasks.values().stream().anyMatch(task -> !task.get("isDone").asBoolean()) && System.nanoTime() < deadline) {
            GraphQLCaller.sleep(250);
            tasks = read();
        }
        int completed = 0, lost = 0, doubled = 0, nulls = 0, critical = 0, unfinished = 0;
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, List<Long>> entry : expected.entrySet()) {
            JsonNode task = tasks.get(entry.getKey());
            if (task == null || !task.get("isDone").asBoolean()) {
                unfinished++;
                problems.add(entry.getKey() + " unfinished: " + task);
                continue;
            }
            List<Long> values = new ArrayList<>();
            List<String> terminals = new ArrayList<>();
            boolean sawNull = false;
            for (JsonNode event : task.get("events")) {
                String kind = event.get("kind").asText();
                if ("YIELD".equals(kind)) {
                    JsonNode value = event.path("returns").path("return0");
                    if (value.isMissingNode() || value.isNull()) {
                        sawNull = true;
                    } else {
                        values.add(value.asLong());
                    }
                } else if (TERMINAL.contains(kind)) {
                    terminals.add(kind + (event.hasNonNull("message") ? " " + event.get("message").asText() : ""));
                }
            }
            List<Long> want = entry.getValue();
            if (sawNull) {
                nulls++;
            }
            if (terminals.stream().anyMatch(t -> t.startsWith("CRITICAL"))) {
                critical++;
            }
            if (values.size() < want.size()) {
                lost += want.size() - values.size();
            } else if (values.size() > want.size()) {
                doubled += values.size() - want.size();
            }
            boolean ok = values.equals(want) && !sawNull && terminals.size() == 1 && terminals.get(0).equals("COMPLETED");
            if (ok) {
                completed++;
            } else {
                problems.add(entry.getKey() + " yielded " + values + " (want " + want + "), ended " + terminals);
            }
        }
        return new Outcome(expected.size(), completed, lost, doubled, nulls, critical, unfinished, problems);
    }

    private Map<String, JsonNode> read() {
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        List<String> ids = new ArrayList<>(expected.keySet());
        for (int from = 0; from < ids.size(); from += 200) {
            List<String> page = ids.subList(from, Math.min(ids.size(), from + 200));
            JsonNode data = caller.data("query($ids: [ID!]){ tasks(filters: {ids: $ids}, pagination: {limit: 1000}) { id isDone"
                    + " events { kind returns message } } }", Map.of("ids", page));
            data.get("tasks").forEach(task -> byId.put(task.get("id").asText(), task));
        }
        return byId;
    }
}
