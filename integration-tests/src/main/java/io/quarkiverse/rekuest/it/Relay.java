package io.quarkiverse.rekuest.it;

import jakarta.inject.Inject;

import io.quarkiverse.rekuest.Node;
import io.quarkiverse.rekuest.RekuestClient;

/**
 * A node that needs another application: the injected {@link Spectrometer} client is declared as the dependency
 * {@code Spectrometer} of {@code relay}, which the server resolves when a {@code relay} task is assigned.
 */
public class Relay {

    @Inject
    @RekuestClient
    Spectrometer spectrometer;

    /**
     * Reads a channel of the spectrometer.
     *
     * @param channel the channel
     * @return the spectrometer's intensity on it
     */
    @Node(collections = "demo")
    public double relay(int channel) {
        return spectrometer.measure(channel);
    }
}
