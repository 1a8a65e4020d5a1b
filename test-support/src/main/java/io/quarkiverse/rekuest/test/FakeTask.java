package io.quarkiverse.rekuest.test;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One task a {@link FakeAgent} received (its {@code ASSIGN}), and the reports the agent sends for it. Reports of a
 * task that was cancelled or interrupted are not sent (the agent already answered CANCELLED / INTERRUPTED).
 */
public final class FakeTask {

    private final FakeAgent agent;
    private final JsonNode assign;

    FakeTask(FakeAgent agent, JsonNode assign) {
        this.agent = agent;
        this.assign = assign;
    }

    /** The server's task id. */
    public String id() {
        return assign.path("task").asText();
    }

    /** The interface the task was assigned to. */
    public String iface() {
        return assign.path("interface").asText();
    }

    /** The arguments by port key, as they came on the wire. */
    public JsonNode args() {
        return assign.path("args");
    }

    /** One argument; fails when the ASSIGN has no such port. */
    public JsonNode arg(String key) {
        JsonNode value = assign.path("args").get(key);
        if (value == null) {
            throw new AssertionError("ASSIGN of " + iface() + " has no argument " + key + ": " + assign);
        }
        return value;
    }

    /** The whole ASSIGN frame. */
    public JsonNode assign() {
        return assign;
    }

    /** True once the task was cancelled or interrupted. */
    public boolean stopped() {
        return agent.stopped(id());
    }

    /** A YIELD with these values as {@code return0 ... returnN}. */
    public FakeTask yield(Object... values) {
        Map<String, Object> returns = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            returns.put("return" + i, values[i]);
        }
        agent.report(this, "YIELD", "returns", returns);
        return this;
    }

    /** A PROGRESS report. */
    public FakeTask progress(int percent, String message) {
        agent.report(this, "PROGRESS", "progress", percent, "message", message);
        return this;
    }

    /** A LOG report at INFO. */
    public FakeTask log(String message) {
        agent.report(this, "LOG", "message", message, "level", "INFO");
        return this;
    }

    public void complete() {
        agent.report(this, "COMPLETED");
    }

    public void fail(String message) {
        agent.report(this, "FAILED", "error", message);
    }

    public void critical(String message) {
        agent.report(this, "CRITICAL", "error", message);
    }

    /** Sends any report type with these extra fields (name, value, ...). */
    public FakeTask report(String type, Object... fields) {
        agent.report(this, type, fields);
        return this;
    }

    /** Runs {@code work} after {@code millis}, unless the task is cancelled or interrupted first. */
    public void later(long millis, Runnable work) {
        agent.later(id(), millis, work);
    }
}
