package io.quarkiverse.rekuest.runtime;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.vertx.core.Context;

/**
 * Several observers (Micrometer and OpenTelemetry), told in turn. Start marks are {@code System.nanoTime()} readings,
 * so the first non-zero one is handed back to all; what each observer follows a task or call with is kept apart (an
 * array, only when one of them follows it).
 */
final class CombinedEvents implements RekuestEvents {

    private final RekuestEvents[] all;

    CombinedEvents(List<RekuestEvents> observers) {
        this.all = observers.toArray(RekuestEvents[]::new);
    }

    @Override
    public long taskStarted(String node) {
        long mark = 0;
        for (RekuestEvents events : all) {
            long own = events.taskStarted(node);
            mark = mark == 0 ? own : mark;
        }
        return mark;
    }

    @Override
    public void taskFinished(String node, String outcome, long started) {
        for (RekuestEvents events : all) {
            events.taskFinished(node, outcome, started);
        }
    }

    @Override
    public void frameReceived() {
        for (RekuestEvents events : all) {
            events.frameReceived();
        }
    }

    @Override
    public void frameSent() {
        for (RekuestEvents events : all) {
            events.frameSent();
        }
    }

    @Override
    public void connectionLost(int code) {
        for (RekuestEvents events : all) {
            events.connectionLost(code);
        }
    }

    @Override
    public long callStarted(String action) {
        long mark = 0;
        for (RekuestEvents events : all) {
            long own = events.callStarted(action);
            mark = mark == 0 ? own : mark;
        }
        return mark;
    }

    @Override
    public void callFinished(String action, String outcome, long started) {
        for (RekuestEvents events : all) {
            events.callFinished(action, outcome, started);
        }
    }

    @Override
    public Object taskOpened(String node, String task, JsonNode assign, Context context) {
        Object[] traces = null;
        for (int i = 0; i < all.length; i++) {
            Object trace = all[i].taskOpened(node, task, assign, context);
            if (trace != null) {
                traces = traces == null ? new Object[all.length] : traces;
                traces[i] = trace;
            }
        }
        return traces;
    }

    @Override
    public void taskClosed(Object trace, String outcome, String error, Throwable cause) {
        Object[] traces = (Object[]) trace;
        for (int i = 0; i < all.length; i++) {
            if (traces[i] != null) {
                all[i].taskClosed(traces[i], outcome, error, cause);
            }
        }
    }

    @Override
    public Object callOpened(String action, String parent) {
        Object[] traces = null;
        for (int i = 0; i < all.length; i++) {
            Object trace = all[i].callOpened(action, parent);
            if (trace != null) {
                traces = traces == null ? new Object[all.length] : traces;
                traces[i] = trace;
            }
        }
        return traces;
    }

    @Override
    public void callSending(Object trace, String reference) {
        Object[] traces = (Object[]) trace;
        for (int i = 0; i < all.length; i++) {
            if (traces[i] != null) {
                all[i].callSending(traces[i], reference);
            }
        }
    }

    @Override
    public void callAssigned(Object trace, String task) {
        Object[] traces = (Object[]) trace;
        for (int i = 0; i < all.length; i++) {
            if (traces[i] != null) {
                all[i].callAssigned(traces[i], task);
            }
        }
    }

    @Override
    public void callClosed(Object trace, String outcome, Throwable failure) {
        Object[] traces = (Object[]) trace;
        for (int i = 0; i < all.length; i++) {
            if (traces[i] != null) {
                all[i].callClosed(traces[i], outcome, failure);
            }
        }
    }
}
