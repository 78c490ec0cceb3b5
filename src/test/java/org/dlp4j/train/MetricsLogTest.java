package org.dlp4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.dlp4j.Json;
import org.junit.jupiter.api.Test;

class MetricsLogTest {
    private static List<JsonNode> lines(String... json) throws Exception {
        List<JsonNode> out = new java.util.ArrayList<>();
        for (String j : json) {
            out.add(Json.MAPPER.readTree(j));
        }
        return out;
    }

    @Test
    void summaryTakesTheBestDiceOfTheWholeLogAndTheLastLoss() throws Exception {
        MetricsLog.Best b = MetricsLog.summarize(lines(
                "{\"iteration\":0,\"test_loss\":0.7,\"dice\":0.135}",
                "{\"iteration\":1,\"loss\":0.69}",
                "{\"iteration\":10,\"loss\":0.52}",
                "{\"iteration\":10,\"test_loss\":0.5,\"dice\":null}",
                "{\"iteration\":20,\"loss\":\"NaN\"}",
                "{\"iteration\":20,\"test_loss\":0.4,\"dice\":0.036}"));
        assertThat(b.dice()).isEqualTo(0.135);
        assertThat(b.diceIteration()).isZero();
        assertThat(b.finalLoss()).isEqualTo(0.52); // "NaN" is no value
    }

    @Test
    void aRunWithoutTestsHasNoDiceAtAll() throws Exception {
        MetricsLog.Best b = MetricsLog.summarize(lines("{\"iteration\":1,\"loss\":0.69}"));
        assertThat(b.dice()).isNull();
        assertThat(b.diceIteration()).isNull();
        assertThat(Json.write(b)).contains("\"dice\":null").contains("\"diceIteration\":null");
        assertThat(MetricsLog.summarize(List.of()).finalLoss()).isNull();
    }
}
