package io.quarkiverse.rekuest.runtime.lifecycle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.quarkiverse.rekuest.AgentBackground;
import io.quarkiverse.rekuest.AgentStarting;
import io.quarkiverse.rekuest.AgentStopping;
import io.quarkus.arc.ClientProxy;

/**
 * The application's work around the agent (see the lifecycle docs): the {@link AgentStarting} observers before the
 * agent registers, the {@link AgentBackground} beans while it is connected, the {@link AgentStopping} observers at
 * shutdown. Each is bounded by its timeout.
 */
@Singleton
public class AgentHooks {

    private static final Logger LOG = Logger.getLogger(AgentHooks.class);

    @Inject
    Event<AgentStarting> starting;

    @Inject
    Event<AgentStopping> stopping;

    @Inject
    Instance<AgentBackground> backgrounds;

    /** The threads of the running (or stopping) background work. Guarded by this. */
    private final List<Thread> threads = new ArrayList<>();
    private boolean shutDown;

    /**
     * Runs the {@link AgentStarting} observers (on another thread, so that the timeout holds) and waits for them.
     *
     * @throws IllegalStateException when an observer failed or they did not finish in time
     */
    public void starting(String agentName, Duration timeout) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                starting.fire(new AgentStarting(agentName));
                done.complete(null);
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        }, "rekuest-agent-starting");
        thread.setDaemon(true);
        thread.start();
        try {
            done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            thread.interrupt();
            throw new IllegalStateException("The AgentStarting observers did not finish within " + timeout
                    + " (quarkus.rekuest.agent.lifecycle.startup-timeout); the agent does not register", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new IllegalStateException("An AgentStarting observer failed, so the agent does not register: " + cause,
                    cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while the AgentStarting observers ran", e);
        }
    }

    /**
     * The agent is connected: every {@link AgentBackground} bean runs on its own thread. Work still stopping from the
     * previous connection is waited for first (up to {@code stopTimeout}).
     */
    public void connected(Duration stopTimeout) {
        if (!backgrounds.iterator().hasNext()) {
            return;
        }
        List<Thread> previous;
        synchronized (this) {
            if (shutDown) {
                return;
            }
            previous = new ArrayList<>(threads);
        }
        if (!join(previous, stopTimeout)) {
            LOG.warnf("Background work of the previous connection is still running after %s; not started again",
                    stopTimeout);
            return;
        }
        synchronized (this) {
            if (shutDown) {
                return;
            }
            threads.clear();
            for (AgentBackground background : backgrounds) {
                String name = ClientProxy.unwrap(background).getClass().getName();
                Thread thread = new Thread(() -> run(background, name), "rekuest-background-" + name);
                thread.setDaemon(true);
                threads.add(thread);
                thread.start();
            }
        }
    }

    private static void run(AgentBackground background, String name) {
        try {
            background.run();
            LOG.debugf("Background work %s returned", name);
        } catch (InterruptedException e) {
            LOG.debugf("Background work %s stopped", name);
        } catch (Exception e) {
            if (Thread.currentThread().isInterrupted()) {
                LOG.debugf("Background work %s stopped: %s", name, e);
            } else {
                LOG.errorf(e, "Background work %s failed; it runs again after the next connection", name);
            }
        }
    }

    /** The connection is lost: background work is interrupted (not waited for: the caller is an event loop). */
    public synchronized void disconnected() {
        threads.forEach(Thread::interrupt);
    }

    /**
     * Shutdown: interrupts the background work and waits for it up to {@code backgroundTimeout}, then runs the
     * {@link AgentStopping} observers, bounded by {@code shutdownTimeout}. Failures are logged, never thrown.
     */
    public void stop(String agentName, Duration backgroundTimeout, Duration shutdownTimeout) {
        List<Thread> running;
        synchronized (this) {
            shutDown = true;
            running = new ArrayList<>(threads);
        }
        running.forEach(Thread::interrupt);
        if (!join(running, backgroundTimeout)) {
            LOG.warnf("Background work did not stop within %s (quarkus.rekuest.agent.lifecycle.background-stop-timeout)",
                    backgroundTimeout);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                stopping.fire(new AgentStopping(agentName));
                done.complete(null);
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        }, "rekuest-agent-stopping");
        thread.setDaemon(true);
        thread.start();
        try {
            done.get(shutdownTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            thread.interrupt();
            LOG.warnf("The AgentStopping observers did not finish within %s (quarkus.rekuest.agent.lifecycle"
                    + ".shutdown-timeout); the agent stops anyway", shutdownTimeout);
        } catch (ExecutionException e) {
            LOG.errorf(e.getCause(), "An AgentStopping observer failed");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean join(List<Thread> threads, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread thread : threads) {
            long left = deadline - System.nanoTime();
            try {
                if (left > 0) {
                    thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            if (thread.isAlive()) {
                return false;
            }
        }
        return true;
    }
}
