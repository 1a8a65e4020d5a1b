package io.quarkiverse.rekuest.deployment.platform;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.quarkiverse.rekuest.AgentBackground;
import io.quarkiverse.rekuest.AgentStarting;
import io.quarkiverse.rekuest.AgentStopping;
import io.quarkiverse.rekuest.LiveState;
import io.quarkiverse.rekuest.Node;
import io.quarkiverse.rekuest.State;
import io.quarkiverse.rekuest.runtime.agent.RekuestAgent;

/** State, start-up and background work, for {@link AgentStateTest}. */
@ApplicationScoped
public class StateNodes {

    @State("stage")
    public record StagePosition(int x, int y, boolean moving) {
    }

    @State
    public record TickCounter(long ticks) {
    }

    /** A device handle prepared by the start-up work and used by nodes. */
    @ApplicationScoped
    public static class Device {
        volatile boolean homed;
    }

    static final AtomicBoolean CONNECTED_DURING_STARTING = new AtomicBoolean(true);
    static final AtomicInteger BACKGROUND_STARTS = new AtomicInteger();
    static final AtomicInteger BACKGROUND_STOPS = new AtomicInteger();

    @Inject
    LiveState<StagePosition> stage;

    @Inject
    LiveState<TickCounter> counter;

    @Inject
    Device device;

    void init(@Observes AgentStarting starting, RekuestAgent agent, Device device) {
        CONNECTED_DURING_STARTING.set(agent.isConnected());
        device.homed = true;
        stage.set(new StagePosition(0, 0, false));
        counter.set(new TickCounter(0));
    }

    /** Shutdown work: its last state change must still reach the server. */
    void close(@Observes AgentStopping stopping, RekuestAgent agent) {
        stage.set(new StagePosition(-7, -7, false));
        System.setProperty("rekuest.test.state.stopping", agent.agentId());
    }

    @Node(manipulates = StagePosition.class)
    public int moveTo(int x, int y) {
        if (!device.homed) {
            throw new IllegalStateException("not homed");
        }
        stage.set(new StagePosition(x, y, false));
        return x + y;
    }

    /** Changes a state it does not declare: refused. */
    @Node
    public int sneaky(int x) {
        stage.update(s -> new StagePosition(x, s.y(), s.moving()));
        return x;
    }

    /** Reads the live state. */
    @Node
    public int stageX() {
        return stage.get().x();
    }

    /** Many changes at once: coalesced. */
    @Node(manipulates = TickCounter.class)
    public long burst(int n) {
        for (int i = 0; i < n; i++) {
            counter.update(c -> new TickCounter(c.ticks() + 1));
        }
        return counter.get().ticks();
    }

    /** Background work: runs while connected. */
    @ApplicationScoped
    public static class Heartbeat implements AgentBackground {
        @Override
        public void run() {
            BACKGROUND_STARTS.incrementAndGet();
            try {
                while (true) {
                    Thread.sleep(20);
                }
            } catch (InterruptedException e) {
                BACKGROUND_STOPS.incrementAndGet();
            }
        }
    }
}
