package org.dlp4j.readme;

import java.nio.file.Path;
import org.dlp4j.caffe.CaffeSolver;
import org.dlp4j.caffe.Device;
import org.dlp4j.caffe.Snapshot;
import org.dlp4j.caffe.SolverListener;
import org.dlp4j.deploy.ClassMask;
import org.dlp4j.deploy.InputImage;
import org.dlp4j.deploy.LabelsFile;
import org.dlp4j.deploy.Segmenter;
import org.dlp4j.deploy.Transform;
import org.dlp4j.train.RunLayout;

/** The Java API example of README.md, compiled and run by the tests (README shows the marked lines). */
public final class ReadmeSnippet {
    private ReadmeSnippet() {
    }

    /** Continues the demo's run for 100 iterations, then segments one test slice; returns its LV pixels. */
    public static int run(Path ws, Path slice) throws Exception {
        // README:BEGIN
        RunLayout run = new RunLayout(ws.resolve("runs/demo"));
        try (CaffeSolver solver = CaffeSolver.load(run.solver())) {
            solver.restore(run.latestSnapshot().orElseThrow());   // continue from the newest complete snapshot
            solver.addListener(new SolverListener() {
                @Override
                public void onIteration(int iteration, float loss, float smoothedLoss, double lr) {
                    if (iteration % 20 == 0) {
                        System.out.printf("iteration %d, loss %.4f%n", iteration, smoothedLoss);
                    }
                }
            });
            for (int i = 0; i < 5; i++) {
                solver.step(20);                       // CaffeSolver.step: n iterations of Caffe's own solver
            }
            Snapshot snap = solver.snapshot();         // .caffemodel + .solverstate, written atomically
            Path deploy = ws.resolve("nets/fcn-small/deploy.prototxt");
            try (Segmenter seg = Segmenter.load(deploy, snap.caffemodel(),
                    LabelsFile.read(ws.resolve("nets/fcn-small/labels.txt")),
                    Transform.besideDeploy(deploy), Device.cpu())) {
                ClassMask mask = seg.segment(InputImage.load(slice).image()).mask();
                System.out.println(mask.foregroundCount() + " left-ventricle pixels");
                return mask.foregroundCount();
            }
        }
        // README:END
    }
}
