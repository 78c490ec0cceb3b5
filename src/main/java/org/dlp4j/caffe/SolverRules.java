package org.dlp4j.caffe;

import java.util.List;
import java.util.Set;

/**
 * The solver fields Caffe 1.0 checks when it builds and steps a solver (the CHECKs and LOG(FATAL)s of
 * {@code solver.cpp}, {@code sgd_solvers.hpp} and {@code sgd_solver.cpp}), as Java problems. Only what makes Caffe
 * abort is a problem; settings Caffe accepts stay accepted.
 */
final class SolverRules {
    private static final List<String> TYPE_LIST = List.of("SGD", "Nesterov", "AdaGrad", "RMSProp", "AdaDelta", "Adam");
    static final Set<String> TYPES = Set.copyOf(TYPE_LIST);
    private static final Set<String> POLICIES = Set.of("fixed", "step", "exp", "inv", "multistep", "poly", "sigmoid");
    /** caffe.proto's SolverParameter.SolverType enum, in order (what UpgradeSolverType maps to type strings). */
    private static final List<String> OLD_TYPES = List.of("SGD", "NESTEROV", "ADAGRAD", "RMSPROP", "ADADELTA", "ADAM");

    private SolverRules() {
    }

    /** The solver type Caffe builds: {@code type}, else the legacy {@code solver_type} enum, else SGD. */
    static String type(TextProto s) {
        if (s.has("type")) {
            return s.get("type");
        }
        String old = s.get("solver_type");
        if (old == null) {
            return "SGD";
        }
        int i = OLD_TYPES.indexOf(old);
        if (i < 0 && old.matches("\\d+")) {
            i = Integer.parseInt(old);
        }
        return i >= 0 && i < TYPE_LIST.size() ? TYPE_LIST.get(i) : old;
    }

    /** History blobs per learnable parameter that a solver type keeps (AdaDelta and Adam two, the others one). */
    static int historyPerParam(String type) {
        return type.equals("AdaDelta") || type.equals("Adam") ? 2 : 1;
    }

    /**
     * The solver-level checks.
     *
     * @param trainNet the training net (for the regularization check), or null when it could not be read
     */
    static void check(TextProto s, String file, TextProto trainNet, List<Problem> problems) {
        String type = type(s);
        if (s.has("type") && s.has("solver_type")) { // Caffe's UpgradeSolverType CHECK-fails (aborts) on both
            problems.add(new Problem(file, line(s, "solver_type"), null, "both the old solver_type (enum) and the new"
                    + " type (string) are given; Caffe refuses a solver with both", "keep type: \"" + s.get("type")
                    + "\" and remove solver_type"));
        }
        if (!TYPES.contains(type)) {
            problems.add(new Problem(file, line(s, "type", "solver_type"), null, "unknown solver type '" + type + "'",
                    "use one of " + TYPE_LIST + " (the names are case-sensitive)"));
        }
        double momentum = s.getDouble("momentum", 0);
        if ((type.equals("AdaGrad") || type.equals("RMSProp")) && momentum != 0) {
            problems.add(new Problem(file, line(s, "momentum"), null, "momentum " + s.get("momentum") + " cannot be"
                    + " used with " + type + " (Caffe checks momentum == 0 and aborts: \"Momentum cannot be used with "
                    + type + "\")", "remove momentum (or set momentum: 0), or use type \"SGD\"/\"Adam\""));
        }
        double rmsDecay = s.getDouble("rms_decay", 0.99);
        if (type.equals("RMSProp") && !(rmsDecay >= 0 && rmsDecay < 1)) {
            problems.add(new Problem(file, line(s, "rms_decay"), null, "rms_decay " + s.get("rms_decay") + " is"
                    + " outside [0, 1): Caffe's RMSProp aborts (\"rms_decay should lie between 0 and 1\")",
                    "set rms_decay below 1, e.g. rms_decay: 0.98"));
        }
        if (s.getInt("average_loss", 1) < 1) {
            problems.add(new Problem(file, line(s, "average_loss"), null, "average_loss " + s.get("average_loss")
                    + " is below 1: Caffe checks average_loss >= 1 and aborts", "set average_loss: 1 (or more) or"
                    + " remove it"));
        }
        policy(s, file, problems);
        String reg = s.get("regularization_type", "L2");
        if (s.getDouble("weight_decay", 0) != 0 && !reg.equals("L1") && !reg.equals("L2")
                && (trainNet == null || ParamBlobs.anyDecayed(trainNet))) {
            problems.add(new Problem(file, line(s, "regularization_type"), null, "unknown regularization_type '" + reg
                    + "' with weight_decay " + s.get("weight_decay") + ": Caffe aborts at the first iteration"
                    + " (\"Unknown regularization type\")", "use regularization_type: \"L2\" (the default) or \"L1\""));
        }
    }

    private static void policy(TextProto s, String file, List<Problem> problems) {
        if (!s.has("lr_policy")) {
            problems.add(new Problem(file, 0, null, "no lr_policy: Caffe has no default learning-rate policy and aborts"
                    + " at the first iteration (\"Unknown learning rate policy: \")", "add lr_policy: \"fixed\" (or"
                    + " \"step\", \"inv\", ... with their fields)"));
            return;
        }
        String policy = s.get("lr_policy");
        if (!POLICIES.contains(policy)) {
            problems.add(new Problem(file, line(s, "lr_policy"), null, "unknown lr_policy '" + policy + "': Caffe"
                    + " aborts at the first iteration", "use one of " + POLICIES + " (case-sensitive)"));
        } else if (policy.equals("step") && s.getInt("stepsize", 0) <= 0) {
            problems.add(new Problem(file, line(s, "stepsize", "lr_policy"), null, "lr_policy step needs stepsize > 0"
                    + " (Caffe divides the iteration by stepsize)", "set stepsize: N (iterations between rate drops)"
                    + " and gamma"));
        } else if (policy.equals("multistep") && s.count("stepvalue") == 0) {
            problems.add(new Problem(file, line(s, "lr_policy"), null, "lr_policy multistep needs stepvalue entries",
                    "add stepvalue: N lines (and gamma)"));
        }
    }

    static int line(TextProto s, String... names) {
        for (String n : names) {
            TextProto.Field f = s.first(n);
            if (f != null) {
                return f.line();
            }
        }
        return 0;
    }
}
