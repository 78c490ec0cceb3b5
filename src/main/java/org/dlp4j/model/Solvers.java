package org.dlp4j.model;

import org.dlp4j.caffe.TextProto;

/**
 * Solver definitions for the {@link NetLibrary} nets. {@code net} is {@code train_val.prototxt},
 * found by {@code dlp train} in the workspace or next to the solver; snapshots go to
 * {@code snapshots/<net>} relative to the run; the mode is CPU (the trainer switches to GPU when asked).
 */
public final class Solvers {
    private Solvers() {
    }

    private static TextProto base(String net, int testIter, int testInterval, double baseLr, String lrPolicy) {
        TextProto s = new TextProto();
        s.setString("net", "train_val.prototxt");
        s.setNumber("test_iter", testIter);
        s.setNumber("test_interval", testInterval);
        s.setNumber("base_lr", baseLr);
        s.setString("lr_policy", lrPolicy);
        return s;
    }

    private static TextProto finish(TextProto s, String net, int display, int maxIter, int snapshot) {
        s.setNumber("display", display);
        s.setNumber("max_iter", maxIter);
        s.setNumber("snapshot", snapshot);
        s.setString("snapshot_prefix", "snapshots/" + net);
        s.setIdent("solver_mode", "CPU");
        return s;
    }

    /** SGD with momentum 0.9, weight decay 5e-4 and a fixed rate, as FCN and DIGITS' Sunnybrook example train. */
    static TextProto fcn(String net, double baseLr, int maxIter, int snapshot) {
        TextProto s = base(net, 10, 1000, baseLr, "fixed");
        s.setNumber("momentum", 0.9);
        s.set("weight_decay", "0.0005", TextProto.Kind.NUMBER);
        return finish(s, net, 20, maxIter, snapshot);
    }

    /** Adam (lr 1e-3, β 0.9/0.999) for the small FCN: converges in a few hundred iterations. */
    static TextProto fcnSmall() {
        TextProto s = adam(base("fcn-small", 10, 100, 0.001, "fixed"));
        s.setNumber("random_seed", 1);
        return finish(s, "fcn-small", 20, 600, 300);
    }

    /**
     * The default solver for a train_val that came without one (an imported net): fcn-small's Adam settings,
     * 600 iterations, snapshots every 300 to {@code snapshots/<name>}; tests every 100 iterations when
     * {@code testIter > 0} (the net has a TEST phase with data), none otherwise.
     *
     * @param net      the {@code net} field (the train_val's path as {@code dlp train} finds it)
     * @param name     the net's name, for the snapshot prefix
     * @param testIter iterations of one test pass, or 0 for a net without test data
     */
    public static TextProto defaultFor(String net, String name, long testIter) {
        TextProto s = new TextProto();
        s.setString("net", net);
        if (testIter > 0) {
            s.setNumber("test_iter", testIter);
            s.setNumber("test_interval", 100);
        }
        s.setNumber("base_lr", 0.001);
        s.setString("lr_policy", "fixed");
        return finish(adam(s), name, 20, 600, 300);
    }

    private static TextProto adam(TextProto s) {
        s.setString("type", "Adam");
        s.setNumber("momentum", 0.9);
        s.setNumber("momentum2", 0.999);
        s.set("delta", "1e-8", TextProto.Kind.NUMBER);
        s.set("weight_decay", "0.0001", TextProto.Kind.NUMBER);
        return s;
    }

    /** Caffe's LeNet solver: SGD 0.01, momentum 0.9, "inv" policy (γ 1e-4, power 0.75). */
    static TextProto lenet() {
        TextProto s = base("lenet", 100, 500, 0.01, "inv");
        s.setNumber("momentum", 0.9);
        s.set("weight_decay", "0.0005", TextProto.Kind.NUMBER);
        s.set("gamma", "0.0001", TextProto.Kind.NUMBER);
        s.setNumber("power", 0.75);
        return finish(s, "lenet", 100, 10000, 5000);
    }

    /** BVLC AlexNet's solver: SGD 0.01 divided by 10 every 100,000 iterations. */
    static TextProto alexnet() {
        TextProto s = base("alexnet", 1000, 1000, 0.01, "step");
        s.setNumber("gamma", 0.1);
        s.setNumber("stepsize", 100000);
        s.setNumber("momentum", 0.9);
        s.set("weight_decay", "0.0005", TextProto.Kind.NUMBER);
        return finish(s, "alexnet", 20, 450000, 10000);
    }
}
