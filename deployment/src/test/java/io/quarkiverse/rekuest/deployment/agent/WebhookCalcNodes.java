package io.quarkiverse.rekuest.deployment.agent;

import io.quarkiverse.rekuest.Node;
import io.quarkiverse.rekuest.RekuestClient;

/** Serves {@link WebhookCalc}, and a node that calls it twice from inside its task (nested calls). */
public class WebhookCalcNodes implements WebhookCalc {

    @RekuestClient
    WebhookCalc calc;

    @Override
    public int plus(int a, int b) {
        return a + b;
    }

    @Node
    public int sumOfThree(int a, int b, int c) {
        return calc.plus(calc.plus(a, b), c);
    }
}
