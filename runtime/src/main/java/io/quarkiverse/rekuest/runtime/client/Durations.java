package io.quarkiverse.rekuest.runtime.client;

import java.time.Duration;
import java.util.Locale;

/** Durations as written in annotations: ISO-8601 ({@code PT5S}) or a number with a unit ({@code 500ms}, {@code 5s}). */
public final class Durations {

    private Durations() {
    }

    /**
     * @throws IllegalArgumentException when {@code text} is neither form
     */
    public static Duration parse(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        if (value.startsWith("p")) {
            return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
        }
        int unit = 0;
        while (unit < value.length() && (Character.isDigit(value.charAt(unit)) || value.charAt(unit) == '.')) {
            unit++;
        }
        if (unit == 0) {
            throw new IllegalArgumentException("Not a duration: '" + text + "'; write e.g. 500ms, 5s, 2m or PT5S");
        }
        double amount = Double.parseDouble(value.substring(0, unit));
        String suffix = value.substring(unit).trim();
        double millis = switch (suffix) {
            case "ms" -> amount;
            case "", "s" -> amount * 1000;
            case "m" -> amount * 60_000;
            case "h" -> amount * 3_600_000;
            default -> throw new IllegalArgumentException("Not a duration: '" + text + "'; write e.g. 500ms, 5s, 2m or PT5S");
        };
        return Duration.ofMillis(Math.round(millis));
    }
}
