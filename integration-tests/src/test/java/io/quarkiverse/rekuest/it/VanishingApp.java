package io.quarkiverse.rekuest.it;

import io.quarkiverse.rekuest.RemoteAction;

/**
 * Served by a {@link io.quarkiverse.rekuest.test.FakeAgent} (app {@code vanishing}) whose process dies while it runs the task.
 */
@RemoteAction(app = "vanishing")
public interface VanishingApp {

    int vanish(int n);
}
