package org.dlp4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.dlp4j.caffe.TextProto;
import org.junit.jupiter.api.Test;

class IterationNotesTest {
    private static final TrainOptions PLAIN = TrainOptions.of(Path.of("s"), Path.of("w"), Path.of("r"));

    private static TextProto solver(String extra) {
        return TextProto.parse("net: \"n.prototxt\"\nbase_lr: 0.01\nmax_iter: 100\n" + extra);
    }

    @Test
    void testIntervalBeyondMaxIterTestsOnlyTheUntrainedNet() {
        assertThat(IterationNotes.check(solver("test_iter: 2\ntest_interval: 500\n"), 0, PLAIN)).hasValueSatisfying(n ->
                assertThat(n).startsWith("test_interval 500 is beyond max_iter 100: the net is tested only before training")
                        .contains("--test-interval 100"));
        assertThat(IterationNotes.check(solver("test_iter: 2\ntest_interval: 500\ntest_initialization: false\n"), 0,
                PLAIN.withOverrides(null, null, 500))).hasValueSatisfying(n ->
                assertThat(n).startsWith("--test-interval 500").contains("tested never"));
        assertThat(IterationNotes.check(solver("test_iter: 2\ntest_interval: 100\n"), 0, PLAIN)).isEmpty();
        assertThat(IterationNotes.check(solver("test_iter: 2\ntest_interval: 0\n"), 0, PLAIN)).isEmpty();
    }

    @Test
    void aTestIntervalWithoutTestIterHasNoTestNet() {
        assertThat(IterationNotes.check(solver("test_interval: 10\n"), 0, PLAIN)).hasValueSatisfying(n ->
                assertThat(n).contains("no test_iter").contains("no Dice"));
        assertThat(IterationNotes.check(solver(""), 0, PLAIN)).isEmpty(); // no test asked for
    }

    @Test
    void aResumeAtOrPastMaxIterHasNothingToTrain() {
        assertThat(IterationNotes.check(solver("test_iter: 2\ntest_interval: 50\n"), 100, PLAIN)).hasValueSatisfying(n ->
                assertThat(n).contains("iteration 100, at or past max_iter 100: nothing to train"));
        assertThat(IterationNotes.check(solver("test_iter: 2\ntest_interval: 50\n"), 40, PLAIN)).isEmpty();
    }
}
