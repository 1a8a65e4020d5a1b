package io.quarkiverse.rekuest.it;

import io.quarkiverse.rekuest.RemoteAction;

/** Served by a {@link RawAgent} ({@code dev:vanishing}) whose process dies while it runs the task. */
@RemoteAction(app = "vanishing")
public interface VanishingApp {

    int vanish(int n);
}
