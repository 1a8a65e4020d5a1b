package io.quarkiverse.rekuest;

/**
 * Background work that runs while the agent is connected: implement it in a bean (e.g. {@code @ApplicationScoped}) and
 * the agent calls {@link #run()} on its own thread after each registration ({@code INIT}), and interrupts that thread
 * when the connection is lost and at shutdown, waiting up to
 * {@code quarkus.rekuest.agent.lifecycle.background-stop-timeout} for it to return. Typical work polls a device and
 * updates a {@link LiveState}. Write it as a loop that ends when the thread is interrupted:
 *
 * <pre>
 * &#64;ApplicationScoped
 * public class StagePoller implements AgentBackground {
 *     &#64;Inject
 *     LiveState&lt;StagePosition&gt; stage;
 *
 *     public void run() throws InterruptedException {
 *         while (!Thread.currentThread().isInterrupted()) {
 *             stage.update(s -> s.withX(device.x()));
 *             Thread.sleep(100);
 *         }
 *     }
 * }
 * </pre>
 *
 * Returning ends the work until the next connection; an exception is logged and does the same.
 */
public interface AgentBackground {

    /** Runs while the agent is connected; must return promptly once the thread is interrupted. */
    void run() throws Exception;
}
