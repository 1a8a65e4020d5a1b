package io.quarkiverse.rekuest.runtime.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The outbox on its own: what a frame written to a socket becomes when the server processes in order, acknowledges
 * only lifecycle and terminal reports, and may drop the end of a dead connection's backlog.
 */
class OutboxTest {

    /** A link that records what was written. */
    static final class RecordingLink implements AgentLink {
        final List<JsonNode> sent = new ArrayList<>();

        @Override
        public void send(String text) {
            try {
                sent.add(Frames.MAPPER.readTree(text));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        List<String> kinds() {
            List<String> kinds = new ArrayList<>();
            sent.forEach(frame -> kinds.add(frame.get("type").asText() + ":" + frame.path("task").asText()));
            return kinds;
        }
    }

    final List<String> confirmedTerminals = new ArrayList<>();
    final List<Runnable> scheduled = new ArrayList<>();

    /** A fast server: nothing is held back by flow control. */
    Outbox outbox(int maxRetained) {
        return new Outbox(confirmedTerminals::add, new ServerLag(5_000, TimeUnit.SECONDS.toNanos(10)),
                TimeUnit.SECONDS.toNanos(2), maxRetained, (delay, action) -> scheduled.add(action));
    }

    static ObjectNode yieldFrame(String task, int value) {
        ObjectNode frame = Frames.report("YIELD", task);
        frame.putObject("returns").put("return0", value);
        return frame;
    }

    @Test
    void anAckConfirmsEveryFrameSentBeforeItAndTheRestIsResentInOrderOnTheNextConnection() {
        Outbox outbox = outbox(100);
        RecordingLink first = new RecordingLink();
        outbox.attach(first);
        outbox.open(first);
        outbox.report(yieldFrame("1", 1), "1");
        ObjectNode completed1 = Frames.report("COMPLETED", "1");
        outbox.report(completed1, "1");
        outbox.report(yieldFrame("2", 2), "2");
        outbox.report(Frames.report("COMPLETED", "2"), "2");
        assertEquals(List.of("YIELD:1", "COMPLETED:1", "YIELD:2", "COMPLETED:2"), first.kinds());

        outbox.confirmed(completed1.get("id").asText(), first);
        assertEquals(List.of("1"), confirmedTerminals, "task 1 is over for good");
        assertEquals(2, outbox.retained(), "task 2's YIELD and COMPLETED are kept: nothing confirmed them");

        RecordingLink second = new RecordingLink();
        outbox.detach(first);
        outbox.attach(second);
        assertEquals(Map.of("2", Set.of("YIELD")), outbox.uncertain(), "the server may have stored task 2's YIELD");
        outbox.open(second);
        assertEquals(List.of("YIELD:2", "COMPLETED:2"), second.kinds(), "re-sent in order, not task 1");
        assertEquals(first.sent.get(2), second.sent.get(0), "the very same frame: same id, same seq");
    }

    @Test
    void aHeartbeatConfirmsWhatWasSentBeforeThePreviousAnswer() {
        Outbox outbox = outbox(100);
        RecordingLink link = new RecordingLink();
        outbox.attach(link);
        outbox.open(link);
        outbox.report(yieldFrame("7", 1), "7");
        outbox.answering(link);
        outbox.report(yieldFrame("7", 2), "7");
        outbox.heartbeat(link);
        assertEquals(1, outbox.retained(), "the YIELD before the answer is processed, the one after is not known to be");
        outbox.answering(link);
        outbox.heartbeat(link);
        assertEquals(0, outbox.retained());
        assertTrue(confirmedTerminals.isEmpty(), "a generator is not over until its terminal report is confirmed");
    }

    @Test
    void framesTheServerStoredBeforeTheConnectionDiedAreNotSentAgain() {
        Outbox outbox = outbox(100);
        RecordingLink first = new RecordingLink();
        outbox.attach(first);
        outbox.open(first);
        for (int i = 0; i < 5; i++) {
            outbox.report(yieldFrame("g", i), "g");
        }
        outbox.report(Frames.report("LOG", "g").put("message", "m"), "g");
        outbox.report(Frames.report("COMPLETED", "g"), "g");

        RecordingLink second = new RecordingLink();
        outbox.attach(second);
        // the old connection's consumer stored three YIELDs before its backlog was dropped
        assertEquals(3, outbox.skipStored(Map.of("g", Map.of("YIELD", 3, "QUEUED", 1))), "three stored YIELDs skipped");
        outbox.open(second);
        List<Integer> values = new ArrayList<>();
        second.sent.stream().filter(f -> "YIELD".equals(f.get("type").asText()))
                .forEach(f -> values.add(f.get("returns").get("return0").asInt()));
        assertEquals(List.of(3, 4), values, "only the YIELDs the server lost, in order: none lost, none doubled");
        assertEquals(List.of("YIELD:g", "YIELD:g", "LOG:g", "COMPLETED:g"), second.kinds());
    }

    @Test
    void callerFramesAreOrderedWithReportsAndSentAgainUntilTheirResponseComes() {
        Outbox outbox = outbox(100);
        RecordingLink first = new RecordingLink();
        assertFalse(outbox.sendCallerFrame(Frames.frame("ASSIGN_REQUEST")), "never connected: refused at once");
        outbox.attach(first);
        outbox.open(first);
        outbox.report(yieldFrame("1", 1), "1");
        ObjectNode request = Frames.frame("ASSIGN_REQUEST");
        assertTrue(outbox.sendCallerFrame(request));
        outbox.report(Frames.report("COMPLETED", "1"), "1");
        assertEquals(List.of("YIELD:1", "ASSIGN_REQUEST:", "COMPLETED:1"), first.kinds());

        // the connection is lost before any answer: a request made meanwhile waits for the next one
        outbox.detach(first);
        ObjectNode later = Frames.frame("CANCEL_REQUEST");
        assertTrue(outbox.sendCallerFrame(later), "taken while disconnected");
        RecordingLink second = new RecordingLink();
        outbox.attach(second);
        outbox.open(second);
        assertEquals(List.of("YIELD:1", "ASSIGN_REQUEST:", "COMPLETED:1", "CANCEL_REQUEST:"), second.kinds());

        // the ASSIGN_RESPONSE confirms what came before the request
        outbox.confirmed(request.get("id").asText(), second);
        assertEquals(2, outbox.retained());
    }

    @Test
    void anAckOnAConnectionGivenUpOnConfirmsNothing() {
        Outbox outbox = outbox(100);
        RecordingLink first = new RecordingLink();
        outbox.attach(first);
        outbox.open(first);
        ObjectNode completed = Frames.report("COMPLETED", "1");
        outbox.report(completed, "1");
        RecordingLink second = new RecordingLink();
        outbox.attach(second);
        outbox.confirmed(completed.get("id").asText(), first);
        assertEquals(1, outbox.retained(), "re-sent on the new connection and confirmed there");
        outbox.open(second);
        outbox.confirmed(completed.get("id").asText(), second);
        assertEquals(0, outbox.retained());
        assertEquals(List.of("1"), confirmedTerminals);
    }

    @Test
    void aSlowServerHoldsNewFramesBack() {
        // 20 ms per frame assumed, at most 100 ms behind: about five frames go out before the server confirms any
        Outbox outbox = new Outbox(confirmedTerminals::add, new ServerLag(TimeUnit.MILLISECONDS.toNanos(20),
                TimeUnit.SECONDS.toNanos(10)), TimeUnit.MILLISECONDS.toNanos(100), 1000,
                (delay, action) -> scheduled.add(action));
        RecordingLink link = new RecordingLink();
        outbox.attach(link);
        outbox.open(link);
        List<ObjectNode> completions = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            ObjectNode completed = Frames.report("COMPLETED", "t" + i);
            completions.add(completed);
            outbox.report(completed, "t" + i);
        }
        int firstBurst = link.sent.size();
        assertTrue(firstBurst >= 4 && firstBurst <= 6, "sent " + firstBurst);
        assertEquals(1, scheduled.size(), "one timer to try again");
        // the server confirms them quickly: it is faster than assumed, more may go out
        outbox.confirmed(completions.get(firstBurst - 1).get("id").asText(), link);
        assertTrue(link.sent.size() > firstBurst, "more went out once the server proved faster: " + link.sent.size());
    }

    @Test
    void producersThatCanWaitAreHeldBackAtTheBound() throws Exception {
        Outbox outbox = outbox(3);
        AtomicInteger resumed = new AtomicInteger();
        RecordingLink link = new RecordingLink();
        outbox.attach(link);
        outbox.open(link);
        outbox.report(yieldFrame("g", 0), "g");
        outbox.report(yieldFrame("g", 1), "g");
        assertTrue(outbox.hasCapacity());
        outbox.answering(link);
        outbox.report(yieldFrame("g", 2), "g");
        assertFalse(outbox.hasCapacity());
        outbox.whenCapacity(resumed::incrementAndGet);
        assertEquals(0, resumed.get(), "a generator is not asked for more while the outbox is full");
        outbox.heartbeat(link);
        scheduled.forEach(Runnable::run);
        assertEquals(1, resumed.get(), "asked again once the server processed what was sent before the answer");
    }
}
