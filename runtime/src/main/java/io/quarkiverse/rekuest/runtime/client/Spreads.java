package io.quarkiverse.rekuest.runtime.client;

import io.quarkiverse.rekuest.Spread;

/** Resolves {@link Spread#CONFIGURED} against {@code quarkus.rekuest.client.spread}. */
final class Spreads {

    private Spreads() {
    }

    /** {@code chosen}, or the configured default when it is {@code CONFIGURED}. */
    static Spread effective(Spread chosen, Spread configured, String where) {
        Spread spread = chosen == null || chosen == Spread.CONFIGURED ? configured : chosen;
        if (spread == null || spread == Spread.CONFIGURED) {
            throw new IllegalArgumentException("quarkus.rekuest.client.spread cannot be 'configured' (used by " + where
                    + "): set it to first-available, round-robin or least-busy");
        }
        return spread;
    }
}
