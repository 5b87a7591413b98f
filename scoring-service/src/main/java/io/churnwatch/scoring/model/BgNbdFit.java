package io.churnwatch.scoring.model;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.math3.analysis.MultivariateFunction;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.SimplexOptimizer;
import org.apache.commons.math3.special.Beta;
import org.apache.commons.math3.special.Gamma;

/**
 * A maximum-likelihood BG/NBD fit: the parameters, the log-likelihood they reach and the effort spent.
 *
 * @param model the fitted parameters
 * @param logLikelihood total log-likelihood of the customers at {@code model}
 * @param customers number of customers fitted
 * @param evaluations number of likelihood evaluations the optimiser used
 */
public record BgNbdFit(BgNbdModel model, double logLikelihood, int customers, int evaluations) {

    private static final int MAX_EVALUATIONS = 20_000;
    private static final int RESTARTS = 3;

    /**
     * Fits r, alpha, a, b by maximising the BG/NBD log-likelihood (equation (6) of Fader, Hardie and
     * Lee 2005) over the customers.
     *
     * <p>The search runs over the logarithms of the parameters, so every point is admissible, with
     * the Nelder-Mead simplex of Commons Math, started at r = alpha = a = b = 1 and restarted from
     * its own optimum a few times (the usual cure for a simplex that collapsed early). Customers with
     * the same (x, t_x, T) are evaluated once and weighted by their count.
     *
     * @throws IllegalArgumentException if there are no customers or none has a repeat transaction
     */
    public static BgNbdFit fit(Collection<RepeatHistory> customers) {
        if (customers.isEmpty() || customers.stream().allMatch(c -> c.frequency() == 0)) {
            throw new IllegalArgumentException("BG/NBD needs customers with repeat transactions");
        }
        Map<RepeatHistory, Integer> counts = new LinkedHashMap<>();
        customers.forEach(c -> counts.merge(c, 1, Integer::sum));
        RepeatHistory[] distinct = counts.keySet().toArray(RepeatHistory[]::new);
        int[] weights = counts.values().stream().mapToInt(Integer::intValue).toArray();
        MultivariateFunction objective =
                logParameters -> weightedLogLikelihood(toModel(logParameters), distinct, weights);

        SimplexOptimizer optimizer = new SimplexOptimizer(1e-12, 1e-12);
        double[] start = {0, 0, 0, 0};
        int evaluations = 0;
        PointValuePair best = null;
        for (int attempt = 0; attempt <= RESTARTS; attempt++) {
            best = optimizer.optimize(
                    new MaxEval(MAX_EVALUATIONS),
                    new ObjectiveFunction(objective),
                    GoalType.MAXIMIZE,
                    new InitialGuess(start),
                    new NelderMeadSimplex(4, 0.5));
            evaluations += optimizer.getEvaluations();
            start = best.getPoint();
        }
        return new BgNbdFit(toModel(best.getPoint()), best.getValue(), customers.size(), evaluations);
    }

    private static BgNbdModel toModel(double[] logParameters) {
        return new BgNbdModel(
                Math.exp(logParameters[0]),
                Math.exp(logParameters[1]),
                Math.exp(logParameters[2]),
                Math.exp(logParameters[3]));
    }

    private static double weightedLogLikelihood(BgNbdModel model, RepeatHistory[] customers, int[] weights) {
        double logGammaR = Gamma.logGamma(model.r());
        double logBetaAB = Beta.logBeta(model.a(), model.b());
        double sum = 0;
        for (int i = 0; i < customers.length; i++) {
            sum += weights[i] * model.logLikelihood(customers[i], logGammaR, logBetaAB);
        }
        return Double.isFinite(sum) ? sum : Double.NEGATIVE_INFINITY;
    }
}
