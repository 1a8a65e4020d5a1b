package io.quarkiverse.rekuest.runtime.agent;

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

import io.quarkiverse.rekuest.runtime.NodeRequirements;
import io.quarkiverse.rekuest.runtime.Requirements;

/**
 * Which task may run now: a node's locks ({@code @Node(locks)}) and its concurrency limit
 * ({@code @Node(maxConcurrency)}) are taken all at once before the task starts and given back when it ends. Tasks that
 * cannot start wait in arrival order: a waiting task reserves what it waits for, so a later task needing the same lock
 * or slot never overtakes it (no starvation), while tasks needing other things go ahead. Taking everything at once
 * rules out deadlocks. Each lock taken is reported {@code LOCK {key, task}} before the task starts and
 * {@code UNLOCK {key}} after its terminal report (protocol §2.4; advisory on the server). A task cancelled while it
 * waits leaves the queue and is reported at once.
 */
final class TaskGate {

    private static final Logger LOG = Logger.getLogger(TaskGate.class);

    private final Requirements requirements;
    private final Outbox outbox;

    // guarded by this
    /** Lock key → the task holding it. */
    private final Map<String, String> holders = new HashMap<>();
    /** Node interface → how many of its tasks run. */
    private final Map<String, Integer> running = new HashMap<>();
    /** Waiting tasks in arrival order, with what starts them. */
    private final LinkedHashMap<TaskRun, Runnable> waiting = new LinkedHashMap<>();
    /** Tasks that hold what they need (they run). */
    private final Set<TaskRun> admitted = new HashSet<>();

    TaskGate(Requirements requirements, Outbox outbox) {
        this.requirements = requirements;
        this.outbox = outbox;
    }

    /** Runs {@code start} once the task holds its locks and a slot of its node: at once, or when they are free. */
    void enter(TaskRun run, Runnable start) {
        NodeRequirements needs = needs(run);
        if (!needs.gated()) {
            start.run();
            return;
        }
        String waitingFor;
        synchronized (this) {
            if (waiting.isEmpty() || !blockedByEarlier(run, needs)) {
                waitingFor = obstacle(run, needs);
                if (waitingFor == null) {
                    admit(run, needs);
                }
            } else {
                waitingFor = obstacle(run, needs);
                if (waitingFor == null) {
                    waitingFor = "tasks that came before it";
                }
            }
            if (waitingFor != null) {
                waiting.put(run, start);
            }
        }
        if (waitingFor == null) {
            announce(run, needs);
            start.run();
            return;
        }
        LOG.debugf("Task %s of %s waits for %s", run.id, run.node.metadata().interfaceName(), waitingFor);
        if (needs.reportWaiting()) {
            ObjectNode progress = Frames.report("PROGRESS", run.id);
            progress.putNull("progress");
            progress.put("message", "waiting for " + waitingFor);
            run.sendIfRunning(progress);
        }
    }

    /**
     * The task ended (its terminal report is out): gives back what it held, or takes it out of the queue, and starts
     * the waiting tasks that may run now.
     */
    void leave(TaskRun run) {
        NodeRequirements needs = needs(run);
        if (!needs.gated()) {
            return;
        }
        List<Map.Entry<TaskRun, Runnable>> started = new ArrayList<>();
        List<String> released = new ArrayList<>();
        synchronized (this) {
            if (waiting.remove(run) != null) {
                LOG.debugf("Task %s left the queue before it ran", run.id);
            } else if (admitted.remove(run)) {
                for (String lock : needs.locks()) {
                    if (run.id.equals(holders.get(lock))) {
                        holders.remove(lock);
                        released.add(lock);
                    }
                }
                if (needs.maxConcurrency() > 0) {
                    running.merge(run.node.metadata().interfaceName(), -1, Integer::sum);
                }
            } else {
                return;
            }
            // in arrival order: admit each waiting task whose needs are free and not reserved by an earlier one
            Set<String> reservedLocks = new HashSet<>();
            Set<String> reservedNodes = new HashSet<>();
            for (Iterator<Map.Entry<TaskRun, Runnable>> it = waiting.entrySet().iterator(); it.hasNext();) {
                Map.Entry<TaskRun, Runnable> entry = it.next();
                TaskRun next = entry.getKey();
                NodeRequirements nextNeeds = needs(next);
                String node = next.node.metadata().interfaceName();
                boolean reserved = nextNeeds.locks().stream().anyMatch(reservedLocks::contains)
                        || nextNeeds.maxConcurrency() > 0 && reservedNodes.contains(node);
                if (!reserved && obstacle(next, nextNeeds) == null) {
                    it.remove();
                    admit(next, nextNeeds);
                    started.add(entry);
                } else {
                    reservedLocks.addAll(nextNeeds.locks());
                    if (nextNeeds.maxConcurrency() > 0) {
                        reservedNodes.add(node);
                    }
                }
            }
        }
        for (String lock : released) {
            ObjectNode unlock = Frames.frame("UNLOCK");
            unlock.put("key", lock);
            outbox.report(unlock, run.id);
        }
        for (Map.Entry<TaskRun, Runnable> entry : started) {
            announce(entry.getKey(), needs(entry.getKey()));
            entry.getValue().run();
        }
    }

    /** How many tasks wait (for tests and metrics). */
    synchronized int waiting() {
        return waiting.size();
    }

    private NodeRequirements needs(TaskRun run) {
        return requirements.of(run.node.metadata().interfaceName());
    }

    /** Whether an earlier waiting task reserved something {@code run} needs. */
    private boolean blockedByEarlier(TaskRun run, NodeRequirements needs) {
        String node = run.node.metadata().interfaceName();
        for (TaskRun earlier : waiting.keySet()) {
            NodeRequirements earlierNeeds = needs(earlier);
            if (earlierNeeds.locks().stream().anyMatch(needs.locks()::contains)) {
                return true;
            }
            if (needs.maxConcurrency() > 0 && earlier.node.metadata().interfaceName().equals(node)) {
                return true;
            }
        }
        return false;
    }

    /** Which lock of these needs another task holds, or null. */
    private String lockObstacle(NodeRequirements needs) {
        for (String lock : needs.locks()) {
            String holder = holders.get(lock);
            if (holder != null) {
                return "lock " + lock + " (held by task " + holder + ")";
            }
        }
        return null;
    }

    /** What keeps a task with these needs from running now, or null. */
    private String obstacle(TaskRun run, NodeRequirements needs) {
        String lock = lockObstacle(needs);
        if (lock != null) {
            return lock;
        }
        String node = run.node.metadata().interfaceName();
        if (needs.maxConcurrency() > 0 && running.getOrDefault(node, 0) >= needs.maxConcurrency()) {
            return "a free slot of " + node + " (" + needs.maxConcurrency() + " running at most)";
        }
        return null;
    }

    private void admit(TaskRun run, NodeRequirements needs) {
        for (String lock : needs.locks()) {
            holders.put(lock, run.id);
        }
        if (needs.maxConcurrency() > 0) {
            running.merge(run.node.metadata().interfaceName(), 1, Integer::sum);
        }
        admitted.add(run);
    }

    private void announce(TaskRun run, NodeRequirements needs) {
        for (String lock : needs.locks()) {
            ObjectNode frame = Frames.frame("LOCK");
            frame.put("key", lock);
            frame.put("task", run.id);
            outbox.report(frame, run.id);
        }
    }
}
