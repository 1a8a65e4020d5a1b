package io.quarkiverse.rekuest.runtime.client;

/**
 * Where a call goes, decided at build time for a typed proxy method or by the dynamic API. Empty strings are unset.
 *
 * @param key the action key (always set for typed proxies)
 * @param app only actions of this app
 * @param version only this version
 * @param hash the action's definition hash: no key or port matching
 * @param agent the agent to call (with {@code implementation})
 * @param implementation the interface under which {@code agent} serves the action
 */
public record Target(String key, String app, String version, String hash, String agent, String implementation) {

    public Target {
        key = key == null ? "" : key;
        app = app == null ? "" : app;
        version = version == null ? "" : version;
        hash = hash == null ? "" : hash;
        agent = agent == null ? "" : agent;
        implementation = implementation == null ? "" : implementation;
    }

    /** A human-readable description, for messages. */
    String describe() {
        StringBuilder text = new StringBuilder();
        if (!hash.isEmpty()) {
            text.append("the action with hash ").append(hash);
        } else {
            text.append("action '").append(key).append('\'');
        }
        if (!app.isEmpty()) {
            text.append(" of app '").append(app).append('\'');
        }
        if (!version.isEmpty()) {
            text.append(" version ").append(version);
        }
        if (!agent.isEmpty()) {
            text.append(" at agent ").append(agent).append(" (interface '")
                    .append(implementation.isEmpty() ? key : implementation).append("')");
        }
        return text.toString();
    }
}
