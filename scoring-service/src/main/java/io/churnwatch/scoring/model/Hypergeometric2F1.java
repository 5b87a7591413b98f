package io.churnwatch.scoring.model;

/** The Gauss hypergeometric function 2F1 for the real arguments the BG/NBD formulas need. */
final class Hypergeometric2F1 {

    private static final int MAX_TERMS = 1_000_000;
    private static final double RELATIVE_TOLERANCE = 1e-15;

    private Hypergeometric2F1() {}

    /**
     * Computes 2F1(a, b; c; z) = sum over n of (a)_n (b)_n / ((c)_n n!) z^n by its power series
     * (Abramowitz and Stegun 15.1.1), each term obtained from the previous by the ratio
     * (a+n)(b+n) / ((c+n)(n+1)) z.
     *
     * <p>The series converges for |z| < 1. BG/NBD calls it with a, b, c > 0 and 0 <= z < 1, where every
     * term is positive; terms may first grow (large a + b - c) and then shrink geometrically, so the
     * sum stops only once the terms are falling and the next term is below 1e-15 of the sum. Near
     * z = 1 convergence is slow (about 35,000 terms at z = 0.999); the method fails loudly rather
     * than return an unconverged value.
     *
     * @throws IllegalArgumentException if |z| >= 1 or c is zero or a negative integer
     * @throws ArithmeticException if the series does not converge within a million terms
     */
    static double value(double a, double b, double c, double z) {
        if (!(Math.abs(z) < 1)) {
            throw new IllegalArgumentException("2F1 series needs |z| < 1, got " + z);
        }
        if (c <= 0 && c == Math.rint(c)) {
            throw new IllegalArgumentException("2F1 undefined for c = " + c);
        }
        double term = 1.0;
        double sum = 1.0;
        for (int n = 0; n < MAX_TERMS; n++) {
            double ratio = (a + n) * (b + n) / ((c + n) * (n + 1)) * z;
            term *= ratio;
            sum += term;
            if (term == 0 || (Math.abs(ratio) < 1 && Math.abs(term) <= RELATIVE_TOLERANCE * Math.abs(sum))) {
                return sum;
            }
        }
        throw new ArithmeticException("2F1(%s, %s; %s; %s) did not converge".formatted(a, b, c, z));
    }
}
