package io.quarkiverse.rekuest.runtime;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.vertx.core.Context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Several observers told in turn: each gets its own start mark's value and its own trace back. */
class CombinedEventsTest {

    /** Times (a mark), follows nothing. */
    static final class Timing implements RekuestEvents {
        final List<String> seen = new ArrayList<>();

        @Override
        public long taskStarted(String node) {
            seen.add("started " + node);
            return 42;
        }

        @Override
        public void taskFinished(String node, String outcome, long started) {
            seen.add("finished " + node + " " + outcome + " " + started);
        }

        @Override
        public long callStarted(String action) {
            return 7;
        }

        @Override
        public void callFinished(String action, String outcome, long started) {
            seen.add("call " + action + " " + outcome + " " + started);
        }
    }

    /** Follows tasks and calls with its own objects, times nothing. */
    static final class Following implements RekuestEvents {
        final List<String> seen = new ArrayList<>();

        @Override
        public Object taskOpened(String node, String task, JsonNode assign, Context context) {
            return "task-" + task;
        }

        @Override
        public void taskClosed(Object trace, String outcome, String error, Throwable cause) {
            seen.add(trace + " " + outcome + " " + error);
        }

        @Override
        public Object callOpened(String action, String parent) {
            return "call-" + action + "-" + parent;
        }

        @Override
        public void callSending(Object trace, String reference) {
            seen.add(trace + " sending " + reference);
        }

        @Override
        public void callAssigned(Object trace, String task) {
            seen.add(trace + " assigned " + task);
        }

        @Override
        public void callClosed(Object trace, String outcome, Throwable failure) {
            seen.add(trace + " " + outcome);
        }
    }

    @Test
    void eachObserverGetsItsOwn() {
        Timing timing = new Timing();
        Following following = new Following();
        RekuestEvents both = new CombinedEvents(List.of(timing, following));

        long mark = both.taskStarted("add");
        assertEquals(42, mark, "the timing observer's mark");
        Object trace = both.taskOpened("add", "t1", null, null);
        both.taskFinished("add", RekuestEvents.FAILED, mark);
        both.taskClosed(trace, RekuestEvents.FAILED, "bad", null);
        assertEquals(List.of("started add", "finished add failed 42"), timing.seen);
        assertEquals(List.of("task-t1 failed bad"), following.seen);

        following.seen.clear();
        long callMark = both.callStarted("mul");
        Object call = both.callOpened("mul", "t1");
        both.callSending(call, "ref");
        both.callAssigned(call, "t2");
        both.callFinished("mul", RekuestEvents.COMPLETED, callMark);
        both.callClosed(call, RekuestEvents.COMPLETED, null);
        assertEquals(List.of("call-mul-t1 sending ref", "call-mul-t1 assigned t2", "call-mul-t1 completed"),
                following.seen);
        assertEquals("call mul completed 7", timing.seen.get(2));
    }

    @Test
    void nothingFollowedWhenNoObserverFollows() {
        RekuestEvents both = new CombinedEvents(List.of(new Timing(), new Timing()));
        assertNull(both.taskOpened("add", "t1", null, null), "then the agent calls no other task hook");
        assertNull(both.callOpened("mul", null));
        assertNull(RekuestEvents.NONE.taskOpened("add", "t1", null, null));
        assertNull(RekuestEvents.NONE.callOpened("mul", null));
        assertEquals(0, RekuestEvents.NONE.taskStarted("add"));
    }
}
