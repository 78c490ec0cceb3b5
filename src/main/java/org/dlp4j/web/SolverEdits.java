package org.dlp4j.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dlp4j.caffe.Problem;
import org.dlp4j.caffe.Prototxt;

/**
 * Saving a whole solver through the API (PUT): a new text with a problem of the solver's own (a value out of range
 * such as {@code max_iter: -5}, a field or value Caffe's parser rejects) that the stored solver did not have is
 * refused, as net saves are. Field-by-field edits are not checked this way, since one field may need the next
 * ({@code lr_policy: "step"} before its {@code stepsize}); a run's start validates the solver whole. Problems of the nets it names (data not imported yet, a net being edited) are not the solver's and
 * never block a save, and a stored solver that already had a problem can still be fixed one value at a time.
 */
final class SolverEdits {
    private SolverEdits() {
    }

    /** A 400 naming the first new problem; nothing is written here. */
    static void refuseNewProblems(Path solver, String text, Path workspace) {
        List<String> before = List.of();
        if (Files.isRegularFile(solver)) {
            try {
                before = ownProblems(solver, Files.readString(solver), workspace).stream().map(Problem::what).toList();
            } catch (IOException e) {
                before = List.of();
            }
        }
        List<String> stored = before;
        List<Problem> added = ownProblems(solver, text, workspace).stream()
                .filter(pr -> !stored.contains(pr.what())).toList();
        if (!added.isEmpty()) {
            throw ApiException.badRequest(added.get(0) + (added.size() > 1 ? " (and " + (added.size() - 1) + " more)"
                    : "") + "; nothing was saved");
        }
    }

    /**
     * The problems {@code text} has as a solver at {@code solver}'s place (validated from a scratch file beside it,
     * so that its relative net paths resolve alike), reported under {@code solver}'s own name.
     */
    private static List<Problem> ownProblems(Path solver, String text, Path workspace) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile(solver.toAbsolutePath().getParent(), ".check-", ".prototxt");
            Files.writeString(tmp, text);
            String scratch = tmp.toString();
            String name = solver.getFileName().toString();
            return Prototxt.validateSolverForRun(tmp, workspace).problems().stream()
                    .filter(pr -> scratch.equals(pr.file()))
                    .map(pr -> new Problem(name, pr.line(), pr.layer(), pr.what().replace(scratch, name),
                            pr.fix() == null ? null : pr.fix().replace(scratch, name)))
                    .toList();
        } catch (IOException | RuntimeException e) {
            return List.of(); // cannot check here: the run's own validation still refuses it before any worker
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a scratch file left behind is harmless
                }
            }
        }
    }
}
