package io.quarkiverse.rekuest.deployment.devmode;

import io.quarkiverse.rekuest.Node;

/** The nodes {@link NodeReloadDevModeTest} edits while the application runs in dev mode. */
public class ReloadNodes {

    /**
     * The first description.
     *
     * @param text the text
     * @return the text, echoed
     */
    @Node
    public String echo(String text) {
        return text;
    }

    // ADDED NODES
}
