package io.quarkiverse.rekuest.it;

import io.quarkiverse.rekuest.RemoteAction;

/**
 * The actions of a spectrometer application, as {@link Relay} calls them. Nothing in the demo provides them: the
 * readiness check names {@code measure} as a missing dependency, and the server refuses to assign {@code relay}.
 */
@RemoteAction(app = "spectrometer")
public interface Spectrometer {

    /**
     * Measures the intensity on a channel.
     *
     * @param channel the channel
     * @return the intensity
     */
    double measure(int channel);
}
