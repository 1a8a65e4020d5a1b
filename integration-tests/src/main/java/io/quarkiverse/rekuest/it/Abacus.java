package io.quarkiverse.rekuest.it;

import io.quarkiverse.rekuest.NodeFailure;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** Serves {@link Arithmetic}: the implementing bean needs no annotation, the definitions come from the interface. */
public class Abacus implements Arithmetic {

    @Override
    public int multiply(int a, int b) {
        return a * b;
    }

    @Override
    public Uni<Integer> square(int n) {
        return Uni.createFrom().item(n * n);
    }

    @Override
    public Multi<Integer> range(int from, int to) {
        return Multi.createFrom().range(from, Math.max(from, to + 1));
    }

    @Override
    public long factorial(int n) {
        if (n < 0) {
            throw new NodeFailure("There is no factorial of a negative number (" + n + ")");
        }
        long result = 1;
        for (int i = 2; i <= n; i++) {
            // throws ArithmeticException ("long overflow") from 21 on
            result = Math.multiplyExact(result, i);
        }
        return result;
    }
}
