package io.quarkiverse.rekuest.deployment.client;

import io.quarkiverse.rekuest.RemoteAction;

/** Served by a {@link RawAgent} ({@code dev:vanishing-app}) whose process dies while it runs the task. */
@RemoteAction(app = "vanishing-app")
public interface VanishingApi {

    int vanish(int n);
}
