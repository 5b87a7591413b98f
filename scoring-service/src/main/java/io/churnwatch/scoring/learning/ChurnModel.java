package io.churnwatch.scoring.learning;

import io.churnwatch.scoring.model.ChurnSnapshot;
import io.churnwatch.scoring.model.FeatureSchema;
import io.churnwatch.scoring.model.IsotonicCalibration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * One tenant's trained model: the booster, its feature schema and its calibration.
 *
 * @param tenantId the tenant it was trained for, and the only one it scores
 * @param segment the segment it was trained for and scores, {@code ""} for the whole tenant (segments without a model)
 * @param version increasing per tenant; risk changes name it as {@code m<version>}
 * @param trainedAt the event time of the training (the outcomes known then)
 * @param trees the booster's trees walked in Java for the probability, or null where only the library can
 */
public record ChurnModel(
        String tenantId,
        String segment,
        int version,
        Instant trainedAt,
        FeatureSchema schema,
        Booster booster,
        TreeEnsemble trees,
        IsotonicCalibration calibration) {

    public String label() {
        return "m" + version;
    }

    public static ChurnModel load(
            String tenantId,
            String segment,
            int version,
            Instant trainedAt,
            FeatureSchema schema,
            byte[] booster,
            IsotonicCalibration calibration) {
        try {
            Booster loaded = XGBoost.loadModel(booster);
            // One row at a time: a thread pool per prediction (XGBoost's default, all cores) costs more than the trees.
            loaded.setParam("nthread", "1");
            TreeEnsemble trees = TreeEnsemble.of(loaded.toByteArray("json")).orElse(null);
            return new ChurnModel(tenantId, segment, version, trainedAt, schema, loaded, trees, calibration);
        } catch (XGBoostError | java.io.IOException e) {
            throw new IllegalStateException("model " + version + " of " + tenantId + " cannot be read", e);
        }
    }

    /** The calibrated probability of churn within the horizon. */
    public double probability(ChurnSnapshot snapshot) {
        float[] x = schema.vector(snapshot);
        return calibration.probability(trees != null ? trees.probability(x) : nativeProbability(x));
    }

    /** The booster's own prediction; XGBoost's predictions are serialised per booster. */
    double nativeProbability(float[] x) {
        try {
            float[][] raw;
            synchronized (this) {
                raw = booster.inplace_predict(x, 1, schema.size(), Float.NaN);
            }
            return raw[0][0];
        } catch (XGBoostError e) {
            throw new IllegalStateException("model " + label() + " of " + tenantId + " failed to predict", e);
        }
    }

    /** Each feature's contribution to the log-odds (TreeSHAP), the bias left out; dearer than the probability. */
    public Map<String, Double> contributions(ChurnSnapshot snapshot) {
        int n = schema.size();
        try {
            DMatrix row = new DMatrix(schema.vector(snapshot), 1, n, Float.NaN);
            try {
                float[][] contributions;
                synchronized (this) {
                    contributions = booster.predictContrib(row, 0);
                }
                Map<String, Double> byFeature = new HashMap<>();
                for (int i = 0; i < n; i++) {
                    if (contributions[0][i] != 0) {
                        byFeature.put(schema.names().get(i), (double) contributions[0][i]);
                    }
                }
                return byFeature;
            } finally {
                row.dispose();
            }
        } catch (XGBoostError e) {
            throw new IllegalStateException("model " + label() + " of " + tenantId + " failed to explain", e);
        }
    }
}
