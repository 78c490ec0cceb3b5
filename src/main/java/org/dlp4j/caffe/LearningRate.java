package org.dlp4j.caffe;

/** Caffe's learning-rate policies (SGDSolver::GetLearningRate), computed in Java for display. */
public final class LearningRate {
    private LearningRate() {
    }

    /** The rate at an iteration for a solver definition. */
    public static double at(TextProto s, int iter) {
        double base = s.getDouble("base_lr", 0.01);
        double gamma = s.getDouble("gamma", 0);
        double power = s.getDouble("power", 0);
        int stepsize = s.getInt("stepsize", 1);
        int maxIter = s.getInt("max_iter", 1);
        return switch (s.get("lr_policy", "fixed")) {
            case "step" -> base * Math.pow(gamma, Math.floor((double) iter / Math.max(1, stepsize)));
            case "exp" -> base * Math.pow(gamma, iter);
            case "inv" -> base * Math.pow(1 + gamma * iter, -power);
            case "multistep" -> {
                int step = 0;
                for (String v : s.strings("stepvalue")) {
                    if (iter >= Integer.parseInt(v)) {
                        step++;
                    }
                }
                yield base * Math.pow(gamma, step);
            }
            case "poly" -> base * Math.pow(1.0 - (double) iter / maxIter, power);
            case "sigmoid" -> base / (1 + Math.exp(-gamma * (iter - stepsize)));
            default -> base;
        };
    }
}
