package io.quarkiverse.rekuest.deployment.test.golden;

public enum Color {
    RED,
    GREEN,
    BLUE
}
