package io.quarkiverse.rekuest.runtime.agent;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Every frame the agent reports goes through here, in order, and is kept until the server has processed it.
 * <p>
 * Why: the real server acknowledges only lifecycle and terminal reports, never {@code YIELD}, {@code LOG} or
 * {@code PROGRESS}; and after a close it processes the connection's backlog for a while, then drops the rest. A frame
 * written to a socket is therefore not a frame the server has. The outbox keeps each frame until the connection it
 * was sent on confirms it, and sends the unconfirmed ones again, in order, on the next connection.
 * <ul>
 * <li><b>Confirmation.</b> The server handles one connection's frames in order, so an {@code EVENT_ACK} (or an
 * {@code ASSIGN_RESPONSE} / {@code CONTROL_RESPONSE}) confirms every frame sent before the acknowledged one on that
 * connection; a {@code HEARTBEAT} confirms every frame sent before our previous {@code HEARTBEAT_ANSWER}.</li>
 * <li><b>Re-sending without doubles.</b> Terminal reports are de-duplicated by the server (a task is done once).
 * Nothing else is, so for the other kinds each frame carries its index among the task's frames of that kind, and
 * before re-sending, the agent reads how many the server stored ({@link #uncertain()}, {@link #skipStored}) and skips
 * those. The server stores a prefix of each task's frames (in-order processing), so the count is enough.</li>
 * <li><b>Flow control.</b> New frames are held back while the server is estimated ({@link ServerLag}) to be more than
 * {@code maxLag} behind, so its backlog never outgrows its heartbeat budget.</li>
 * <li><b>Bounded memory.</b> At most {@code maxRetained} frames are kept; producers that can wait
 * ({@link #awaitCapacity}, {@link #whenCapacity}) are held back beyond that.</li>
 * </ul>
 * Frames of the caller side ({@code ASSIGN_REQUEST}, control requests) are ordered with the reports, kept until their
 * response confirms them, and sent again on the next connection like reports: the server answers a repeated
 * {@code ASSIGN_REQUEST} (same {@code reference}) with the task it already created.
 */
final class Outbox {

    private static final Logger LOG = Logger.getLogger(Outbox.class);

    /** Kinds the server stores every time it gets them: re-sent only after checking how many it has. */
    static final Set<String> COUNTED = Set.of("YIELD", "LOG", "PROGRESS", "STARTED", "PAUSED", "RESUMED");
    /** Kinds that end a task: the server keeps the first and acknowledges every copy. */
    static final Set<String> TERMINAL = Set.of("COMPLETED", "FAILED", "CRITICAL", "CANCELLED", "INTERRUPTED");

    /** Told when a task's terminal report is confirmed: the task is over for good. */
    interface Listener {
        void terminalConfirmed(String task);
    }

    private static final class Entry {
        final ObjectNode frame;
        final String id;
        final String type;
        final String task;
        /** A caller frame: no {@code seq}, never counted, confirmed by its response. */
        final boolean callerFrame;
        /** Not kept across connections (state frames): a reconnect sends a fresh snapshot instead of a re-send. */
        boolean transientFrame;
        /** Index among this task's frames of this type, for {@link #COUNTED} types; else -1. */
        final int index;
        final long order;
        String text;
        AgentLink sentOn;
        long sentAt;
        long sendIndex;

        Entry(ObjectNode frame, String type, String task, boolean callerFrame, int index, long order) {
            this.frame = frame;
            this.id = Frames.text(frame, "id");
            this.type = type;
            this.task = task;
            this.callerFrame = callerFrame;
            this.index = index;
            this.order = order;
        }
    }

    private final Listener listener;
    private final ServerLag lag;
    private final long maxLag;
    private final int maxRetained;
    /** Runs an action after a delay in ms (0: soon, on another stack); Vert.x timers in the agent. */
    private final Scheduler scheduler;

    /** Runs actions later, never on the caller's stack. */
    interface Scheduler {
        void later(long delayMs, Runnable action);
    }

    /** Sent on {@link #link}, not yet confirmed, in send order. */
    private final ArrayDeque<Entry> inFlight = new ArrayDeque<>();
    /** Not sent on {@link #link} yet, in order. */
    private final ArrayDeque<Entry> waiting = new ArrayDeque<>();
    private final Map<String, Entry> byId = new HashMap<>();
    /** Per task, how many frames of each counted type it made so far. */
    private final Map<String, Map<String, Integer>> counts = new HashMap<>();
    private final List<Runnable> capacityWaiters = new ArrayList<>();

    private AgentLink link;
    /** Whether a connection was ever attached: caller frames are accepted from then on, also while disconnected. */
    private boolean everAttached;
    /** Whether new frames may be sent on {@link #link} (false while it is re-synchronised). */
    private boolean open;
    private long order;
    private long seq;
    /** The last frame sent before our most recent HEARTBEAT_ANSWER (its order), or -1. */
    private long answerMark = -1;
    private boolean pumpScheduled;
    private boolean overCapacityLogged;

    /**
     * @param maxLag how far behind (ns) the server may be estimated before new frames wait
     * @param maxRetained how many frames are kept at most before producers that can wait are held back
     */
    Outbox(Listener listener, ServerLag lag, long maxLag, int maxRetained, Scheduler scheduler) {
        this.listener = listener;
        this.lag = lag;
        this.maxLag = maxLag;
        this.maxRetained = maxRetained;
        this.scheduler = scheduler;
    }

    // ------------------------------------------------------------------ producing

    /** Adds a report about {@code task} (with the next {@code seq}) and sends it when flow control allows. */
    void report(ObjectNode frame, String task) {
        String type = Frames.text(frame, "type");
        synchronized (this) {
            int index = -1;
            if (COUNTED.contains(type)) {
                Map<String, Integer> perType = counts.computeIfAbsent(task, t -> new HashMap<>(4));
                index = perType.merge(type, 1, Integer::sum) - 1;
            }
            frame.put("seq", ++seq);
            add(new Entry(frame, type, task, false, index, ++order));
        }
        pump();
    }

    /**
     * Adds a caller frame, ordered with the reports and kept until its response comes (sent again after a reconnect).
     *
     * @return false when the agent never connected: there is no connection to wait for
     */
    boolean sendCallerFrame(ObjectNode frame) {
        synchronized (this) {
            if (!everAttached) {
                return false;
            }
            add(new Entry(frame, Frames.text(frame, "type"), null, true, -1, ++order));
        }
        pump();
        return true;
    }

    /**
     * Adds a frame that is sent in order with the reports and counted by flow control, but dropped instead of re-sent
     * when its connection is lost: state frames, which the server neither acknowledges nor de-duplicates (a reconnect
     * publishes a fresh snapshot instead). Nothing is added while no connection was ever attached.
     */
    void sendTransient(ObjectNode frame) {
        synchronized (this) {
            if (!everAttached) {
                return;
            }
            Entry entry = new Entry(frame, Frames.text(frame, "type"), null, false, -1, ++order);
            entry.transientFrame = true;
            add(entry);
        }
        pump();
    }

    /**
     * Whether a frame added now would be sent at once and the server is estimated to be less than {@code budget} ns
     * behind: what state publishing waits for, so that it only takes what the server can spare.
     */
    synchronized boolean canSendNow(long budget) {
        return link != null && open && waiting.isEmpty() && lag.backlog(System.nanoTime()) < Math.min(budget, maxLag);
    }

    private void add(Entry entry) {
        waiting.addLast(entry);
        if (entry.id != null) {
            byId.put(entry.id, entry);
        }
        if (retained() > maxRetained && !overCapacityLogged) {
            overCapacityLogged = true;
            LOG.warnf("The agent holds more than %d reports the server has not confirmed yet; producers that can wait"
                    + " are held back (the server is slow or unreachable)", maxRetained);
        }
    }

    /** Whether a producer may add a frame without exceeding the bound. */
    synchronized boolean hasCapacity() {
        return retained() < maxRetained;
    }

    /** Blocks the calling (worker or virtual) thread until there is room, or the thread is interrupted. */
    void awaitCapacity() throws InterruptedException {
        synchronized (this) {
            while (retained() >= maxRetained) {
                wait();
            }
        }
    }

    /** Runs {@code resume} once there is room (at once if there is). Must not block. */
    void whenCapacity(Runnable resume) {
        synchronized (this) {
            if (retained() >= maxRetained) {
                capacityWaiters.add(resume);
                return;
            }
        }
        resume.run();
    }

    synchronized int retained() {
        return inFlight.size() + waiting.size();
    }

    // ------------------------------------------------------------------ connections

    /**
     * A new connection got INIT: everything not confirmed will be sent again on it, in order, once it is
     * {@linkplain #open(AgentLink) opened} (after the stored counts were checked).
     */
    synchronized void attach(AgentLink newLink) {
        link = newLink;
        everAttached = true;
        open = false;
        answerMark = -1;
        lag.reset(System.nanoTime());
        // what was sent on the old connection goes back in front of what was never sent, in order
        for (Iterator<Entry> it = inFlight.descendingIterator(); it.hasNext();) {
            waiting.addFirst(it.next());
        }
        inFlight.clear();
        // state frames are not re-sent: the publisher sends a fresh snapshot on the new connection
        waiting.removeIf(entry -> {
            if (entry.transientFrame) {
                byId.remove(entry.id);
                return true;
            }
            return false;
        });
        waiting.forEach(entry -> entry.sentOn = null);
        releaseCapacity();
    }

    /** The connection is gone: nothing is sent until the next {@link #attach}. */
    synchronized void detach(AgentLink oldLink) {
        if (link == oldLink) {
            link = null;
            open = false;
        }
    }

    /**
     * For each task with unconfirmed frames of a counted type, which types: the server may have stored some of them
     * (processed before the old connection's backlog was dropped). Empty when a plain re-send cannot double anything.
     */
    synchronized Map<String, Set<String>> uncertain() {
        Map<String, Set<String>> uncertain = new LinkedHashMap<>();
        for (Entry entry : waiting) {
            if (entry.index >= 0) {
                uncertain.computeIfAbsent(entry.task, t -> new HashSet<>()).add(entry.type);
            }
        }
        return uncertain;
    }

    /**
     * Drops the unconfirmed frames the server already stored: for each task and type, the first {@code stored}
     * frames of that type (the server stores a prefix, see the class comment).
     *
     * @return how many frames were dropped
     */
    synchronized int skipStored(Map<String, Map<String, Integer>> stored) {
        int skipped = 0;
        for (Iterator<Entry> it = waiting.iterator(); it.hasNext();) {
            Entry entry = it.next();
            if (entry.index < 0) {
                continue;
            }
            Integer count = stored.getOrDefault(entry.task, Map.of()).get(entry.type);
            if (count != null && entry.index < count) {
                it.remove();
                byId.remove(entry.id);
                skipped++;
            }
        }
        releaseCapacity();
        return skipped;
    }

    /** New and re-sent frames may now go out on the attached connection. */
    void open(AgentLink onLink) {
        synchronized (this) {
            if (link != onLink) {
                return;
            }
            open = true;
        }
        pump();
    }

    // ------------------------------------------------------------------ confirmations

    /**
     * The server processed the frame {@code id} on {@code onLink} (an EVENT_ACK, or a response to a caller frame):
     * every frame sent before it there is processed too.
     */
    void confirmed(String id, AgentLink onLink) {
        List<String> terminals = new ArrayList<>();
        synchronized (this) {
            Entry acked = id == null ? null : byId.get(id);
            if (acked == null || acked.sentOn != onLink || onLink != link) {
                // unknown, or sent on a connection given up since: it is re-sent (and de-duplicated) anyway
                return;
            }
            lag.processed(acked.sendIndex, acked.sentAt, System.nanoTime());
            confirmThrough(acked.order, terminals);
        }
        terminalsConfirmed(terminals);
        pump();
    }

    /** Our HEARTBEAT_ANSWER is about to be written on {@code onLink}, behind every frame sent so far. */
    synchronized void answering(AgentLink onLink) {
        if (onLink != link) {
            return;
        }
        Entry last = inFlight.peekLast();
        answerMark = last == null ? -1 : last.order;
        lag.answerSent(System.nanoTime());
    }

    /** A HEARTBEAT arrived on {@code onLink}: the server processed our previous answer, and all sent before it. */
    void heartbeat(AgentLink onLink) {
        List<String> terminals = new ArrayList<>();
        synchronized (this) {
            if (onLink != link) {
                return;
            }
            lag.heartbeat(System.nanoTime());
            if (answerMark >= 0) {
                confirmThrough(answerMark, terminals);
                answerMark = -1;
            }
        }
        terminalsConfirmed(terminals);
        pump();
    }

    private void confirmThrough(long lastOrder, List<String> terminals) {
        while (!inFlight.isEmpty() && inFlight.peekFirst().order <= lastOrder) {
            Entry entry = inFlight.pollFirst();
            byId.remove(entry.id);
            if (entry.task != null && TERMINAL.contains(entry.type)) {
                counts.remove(entry.task);
                terminals.add(entry.task);
            }
        }
        releaseCapacity();
    }

    private void terminalsConfirmed(List<String> terminals) {
        for (String task : terminals) {
            listener.terminalConfirmed(task);
        }
    }

    private void releaseCapacity() {
        if (retained() < maxRetained) {
            overCapacityLogged = false;
            notifyAll();
            if (!capacityWaiters.isEmpty()) {
                List<Runnable> resumed = new ArrayList<>(capacityWaiters);
                capacityWaiters.clear();
                // outside this lock and the caller's stack: a waiter adds frames at once
                resumed.forEach(waiter -> scheduler.later(0, waiter));
            }
        }
    }

    // ------------------------------------------------------------------ sending

    /** Sends what flow control allows; schedules itself again when the server is estimated to be too far behind. */
    void pump() {
        synchronized (this) {
            if (link == null || !open) {
                return;
            }
            long now = System.nanoTime();
            while (!waiting.isEmpty()) {
                long backlog = lag.backlog(now);
                if (backlog >= maxLag) {
                    if (!pumpScheduled) {
                        pumpScheduled = true;
                        long delayMs = Math.max(1, (backlog - maxLag) / 1_000_000 + 1);
                        scheduler.later(delayMs, this::scheduledPump);
                    }
                    break;
                }
                Entry entry = waiting.pollFirst();
                if (entry.text == null) {
                    entry.text = Frames.write(entry.frame);
                }
                entry.sentOn = link;
                entry.sentAt = now;
                entry.sendIndex = lag.sent(now);
                inFlight.addLast(entry);
                link.send(entry.text);
            }
        }
    }

    private void scheduledPump() {
        synchronized (this) {
            pumpScheduled = false;
        }
        pump();
    }

    /**
     * How many kept frames the server has not confirmed, state frames left out (they are never re-sent, so nothing is
     * lost by not waiting for them).
     */
    synchronized int unconfirmedReports() {
        int count = 0;
        for (Entry entry : inFlight) {
            count += entry.transientFrame ? 0 : 1;
        }
        for (Entry entry : waiting) {
            count += entry.transientFrame ? 0 : 1;
        }
        return count;
    }

    /** Whether every frame was confirmed (at shutdown: nothing left to lose). */
    synchronized boolean isEmpty() {
        return inFlight.isEmpty() && waiting.isEmpty();
    }

    /** Whether a terminal report of {@code task} is kept (sent or not, not yet confirmed). */
    synchronized boolean hasTerminal(String task) {
        for (Entry entry : inFlight) {
            if (task.equals(entry.task) && TERMINAL.contains(entry.type)) {
                return true;
            }
        }
        for (Entry entry : waiting) {
            if (task.equals(entry.task) && TERMINAL.contains(entry.type)) {
                return true;
            }
        }
        return false;
    }

    /**
     * How long ago (ns) the frame {@code id} was last written to the current connection: -1 while it waits for one
     * (disconnected, or held back by flow control), {@link Long#MAX_VALUE} when it is no longer kept (confirmed).
     */
    synchronized long sentAgo(String id) {
        Entry entry = byId.get(id);
        if (entry == null) {
            return Long.MAX_VALUE;
        }
        if (entry.sentOn == null || entry.sentOn != link) {
            return -1;
        }
        return System.nanoTime() - entry.sentAt;
    }

}
