package io.churnwatch.scoring.model;

import java.util.Collection;
import org.apache.commons.math3.special.Beta;
import org.apache.commons.math3.special.Gamma;

/**
 * The BG/NBD model of Fader, Hardie and Lee (2005), "Counting your customers the easy way", with its
 * four parameters; time is in whatever unit the {@link RepeatHistory} values use (weeks for CDNOW).
 *
 * <p>While active, a customer buys as a Poisson process with rate lambda ~ Gamma(r, alpha); after any
 * transaction they become inactive with probability p ~ Beta(a, b).
 *
 * @param r shape of the transaction-rate gamma distribution
 * @param alpha scale of the transaction-rate gamma distribution
 * @param a first shape of the dropout-probability beta distribution
 * @param b second shape of the dropout-probability beta distribution
 */
public record BgNbdModel(double r, double alpha, double a, double b) {

    public BgNbdModel {
        if (!(r > 0 && alpha > 0 && a > 0 && b > 0)) {
            throw new IllegalArgumentException(
                    "BG/NBD parameters must be positive, got r=%s alpha=%s a=%s b=%s".formatted(r, alpha, a, b));
        }
    }

    /**
     * Log-likelihood of one customer's (x, t_x, T), equation (6) of the paper:
     * L = B(a, b+x)/B(a, b) * Gamma(r+x) alpha^r / (Gamma(r) (alpha+T)^(r+x))
     *   + [x > 0] B(a+1, b+x-1)/B(a, b) * Gamma(r+x) alpha^r / (Gamma(r) (alpha+t_x)^(r+x)).
     * Computed in logs, the two terms combined with log-sum-exp, so large x and T do not overflow.
     */
    public double logLikelihood(RepeatHistory customer) {
        return logLikelihood(customer, Gamma.logGamma(r), Beta.logBeta(a, b));
    }

    /** Sum of {@link #logLikelihood(RepeatHistory)} over the customers. */
    public double logLikelihood(Collection<RepeatHistory> customers) {
        double logGammaR = Gamma.logGamma(r);
        double logBetaAB = Beta.logBeta(a, b);
        double sum = 0;
        for (RepeatHistory customer : customers) {
            sum += logLikelihood(customer, logGammaR, logBetaAB);
        }
        return sum;
    }

    double logLikelihood(RepeatHistory customer, double logGammaR, double logBetaAB) {
        int x = customer.frequency();
        double common = Gamma.logGamma(r + x) - logGammaR + r * Math.log(alpha);
        double stillAlive = Beta.logBeta(a, b + x) - logBetaAB - (r + x) * Math.log(alpha + customer.age());
        if (x == 0) {
            return common + stillAlive;
        }
        double droppedAfterLast =
                Beta.logBeta(a + 1, b + x - 1) - logBetaAB - (r + x) * Math.log(alpha + customer.recency());
        return common + logSumExp(stillAlive, droppedAfterLast);
    }

    /**
     * Probability that a customer with history (x, t_x, T) is still active at T, equation (A.1)/(13)
     * of Fader, Hardie and Lee's note "Computing P(alive) using the BG/NBD model":
     * P(alive) = 1 / (1 + [x > 0] a/(b+x-1) * ((alpha+T)/(alpha+t_x))^(r+x)).
     * It is 1 for customers without repeat transactions: under BG/NBD dropout only happens right
     * after a purchase.
     */
    public double probabilityAlive(RepeatHistory customer) {
        return 1.0 / (1.0 + dropoutOdds(customer));
    }

    /**
     * Expected number of transactions in the next {@code t} time units for a customer with history
     * (x, t_x, T), equation (10) of the paper:
     * E[Y(t) | x, t_x, T] = (a+b+x-1)/(a-1)
     *   * [1 - ((alpha+T)/(alpha+T+t))^(r+x) * 2F1(r+x, b+x; a+b+x-1; t/(alpha+T+t))]
     *   / (1 + [x > 0] a/(b+x-1) * ((alpha+T)/(alpha+t_x))^(r+x)).
     */
    public double expectedTransactions(double t, RepeatHistory customer) {
        requireNonNegative(t);
        int x = customer.frequency();
        double horizon = alpha + customer.age() + t;
        double hypergeometric = Hypergeometric2F1.value(r + x, b + x, a + b + x - 1, t / horizon);
        double numerator =
                (a + b + x - 1) / (a - 1) * (1 - Math.pow((alpha + customer.age()) / horizon, r + x) * hypergeometric);
        return numerator / (1 + dropoutOdds(customer));
    }

    /**
     * Expected number of repeat transactions of a new customer in a period of length {@code t}
     * after the first purchase, equation (9) of the paper:
     * E[X(t)] = (a+b-1)/(a-1) * [1 - (alpha/(alpha+t))^r * 2F1(r, b; a+b-1; t/(alpha+t))].
     */
    public double expectedTransactions(double t) {
        requireNonNegative(t);
        double hypergeometric = Hypergeometric2F1.value(r, b, a + b - 1, t / (alpha + t));
        return (a + b - 1) / (a - 1) * (1 - Math.pow(alpha / (alpha + t), r) * hypergeometric);
    }

    private double dropoutOdds(RepeatHistory customer) {
        int x = customer.frequency();
        if (x == 0) {
            return 0;
        }
        double logOdds = Math.log(a)
                - Math.log(b + x - 1)
                + (r + x) * (Math.log(alpha + customer.age()) - Math.log(alpha + customer.recency()));
        return Math.exp(logOdds);
    }

    private static double logSumExp(double u, double v) {
        double max = Math.max(u, v);
        return max + Math.log(Math.exp(u - max) + Math.exp(v - max));
    }

    private static void requireNonNegative(double t) {
        if (!(t >= 0)) {
            throw new IllegalArgumentException("horizon must be >= 0, got " + t);
        }
    }
}
