package io.quarkiverse.rekuest.deployment.agent;

import io.quarkiverse.rekuest.Node;

/** A contract served and called by the same webhook application, for {@link WebhookNestedCallTest}. */
public interface WebhookCalc {

    @Node
    int plus(int a, int b);
}
