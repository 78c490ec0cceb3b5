package org.dlp4j.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** README.md and weights/README.md name the same files for net surgery, and say where the inputs come from. */
class WeightsDocsTest {
    private static final Pattern CONVOLUTIONALIZE = Pattern.compile(
            "dlp net convolutionalize --model (\\S+) --weights (\\S+)\\s*\\\\?\\s*--fcn (\\S+) --out (\\S+)");

    static List<String[]> surgery(Path doc) throws Exception {
        List<String[]> out = new ArrayList<>();
        Matcher m = CONVOLUTIONALIZE.matcher(Files.readString(doc));
        while (m.find()) {
            out.add(new String[] {m.group(1), m.group(2), m.group(3), m.group(4)});
        }
        return out;
    }

    @Test
    void bothReadmesMakeAndUseOneFcnWeightsFileFromTheExplainedBvlcNet() throws Exception {
        List<String[]> readme = surgery(Path.of("README.md"));
        List<String[]> weights = surgery(Path.of("weights/README.md"));
        assertThat(readme).hasSize(1);
        assertThat(weights).hasSize(1);
        assertThat(readme.get(0)).containsExactly(weights.get(0));
        String model = readme.get(0)[0];
        String fcnWeights = readme.get(0)[3];
        assertThat(Path.of(readme.get(0)[2])).exists(); // the FCN net is in the repository
        for (Path doc : List.of(Path.of("README.md"), Path.of("weights/README.md"))) {
            String text = Files.readString(doc);
            // the classifier net is not in the repository: each README says which BVLC file it is
            assertThat(text).contains("`" + model + "` is BVLC's `models/bvlc_alexnet/deploy.prototxt`");
            Matcher used = Pattern.compile("--weights (weights/\\S+?\\.caffemodel)").matcher(text);
            while (used.find()) { // training and `net edit` start from the file surgery wrote
                assertThat(used.group(1)).isIn(fcnWeights, readme.get(0)[1]);
            }
        }
    }
}
