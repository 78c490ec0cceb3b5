package org.dlp4j.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.dlp4j.Json;
import org.dlp4j.eval.DirectoryEvaluation;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dlp evaluate --pred DIR --truth DIR [--spacing MM] [--json]}: Dice, IoU, pixel accuracy, APD and
 * Hausdorff distance (mm) per image and on average; writes the per-image scores to {@code --out}, or to
 * {@code scores.csv} in a predictions folder that {@code dlp infer} wrote.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        header = "Score predicted masks or contours against ground truth (Dice, IoU, APD, Hausdorff).",
        description = {
    "Score predicted masks or contours against ground truth: Dice, IoU, pixel accuracy, APD and Hausdorff (mm),"
        + " good contours (APD < 5 mm), and the Sunnybrook challenge averages over good contours.",
    "Truth: PNG masks (class indices 0, 1, ... or 0/255) or *-icontour-manual.txt; predictions: PNG masks"
        + " (masks/ if present) or *-auto.txt contours. A PNG holding other values (a grey image, say) is refused.",
    "Per-image scores go to --out FILE; without it, to scores.csv in the --pred folder when that is a dlp infer"
        + " output (it holds predictions.csv), else nowhere."})
public final class EvaluateCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--pred", required = true, paramLabel = "DIR", description = "Predictions folder (from dlp infer).")
    Path pred;

    @Option(names = "--truth", required = true, paramLabel = "DIR", description = "Ground-truth masks or contours.")
    Path truth;

    @Option(names = "--spacing", paramLabel = "MM",
            description = "Pixel spacing in mm (default: dataset.json above the truth folder, else 1.0).")
    Double spacing;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the per-image scores (CSV) to FILE (default:"
            + " scores.csv in the --pred folder when it is a dlp infer output, one holding predictions.csv; else none).")
    Path out;

    @Option(names = "--json", description = "Print one JSON object on stdout.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (spacing != null && !(spacing > 0 && Double.isFinite(spacing))) {
            throw new org.dlp4j.BadInputException("--spacing must be a positive, finite number of millimetres, got " + spacing);
        }
        if (out != null) {
            OutputPaths.file(out, "--out");
        }
        // never into a folder of the user's own without being asked: only an infer output gets scores.csv beside
        Path csv = out != null ? out : Files.isRegularFile(pred.resolve("predictions.csv")) ? pred.resolve("scores.csv")
                : null;
        DirectoryEvaluation.Result r = DirectoryEvaluation.run(pred, truth, spacing == null ? Double.NaN : spacing);
        if (csv != null) {
            r.evaluation().writeCsv(csv);
        }
        err.print(r.evaluation().table());
        err.println(r.spacingNote());
        if (r.unpairedTruth() > 0 || r.unpairedPred() > 0) {
            err.println("unpaired: " + r.unpairedTruth() + " ground-truth and " + r.unpairedPred()
                    + " prediction files (not scored)");
        }
        err.println(csv != null ? "per-image scores: " + csv : "per-image scores not written: " + pred
                + " is not a dlp infer output folder (no predictions.csv); give --out FILE to keep them");
        err.flush();
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>(r.evaluation().summary());
            m.put("spacing", r.spacingNote());
            m.put("scores_csv", csv == null ? null : csv.toString());
            m.put("unpaired_truth", r.unpairedTruth());
            m.put("unpaired_pred", r.unpairedPred());
            spec.commandLine().getOut().println(Json.write(m));
        }
        return ExitCodes.OK;
    }
}
