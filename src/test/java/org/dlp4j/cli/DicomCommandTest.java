package org.dlp4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dlp4j.Json;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class DicomCommandTest {
    @Test
    void infoJsonHasStatisticsAndHeader() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("../shared/data")));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), "dicom", "info",
                "../shared/data/dicom/pydicom/MR_small.dcm", "--json");
        assertThat(code).as(err.toString()).isZero();
        JsonNode j = Json.MAPPER.readTree(out.toString());
        assertThat(j.get("rows").asInt()).isEqualTo(64);
        assertThat(j.get("columns").asInt()).isEqualTo(64);
        assertThat(j.get("min").asDouble()).isEqualTo(127.0);
        assertThat(j.get("max").asDouble()).isEqualTo(2145.0);
        assertThat(j.get("mean").asDouble()).isBetween(127.0, 2145.0);
        assertThat(j.get("transferSyntax").asText()).isEqualTo("1.2.840.10008.1.2.1");
        assertThat(j.get("modality").asText()).isEqualTo("MR");
    }

    @Test
    void compressedFileExitsTwoNamingTheSyntax() {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("../shared/data")));
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "dicom", "info",
                "../shared/data/dicom/pydicom/MR_small_RLE.dcm");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("RLE Lossless").contains("MR_small_RLE.dcm");
    }

    @Test
    void withJsonAFailureIsStillOneJsonObjectOnStdout(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Path missing = dir.resolve("missing.dcm");
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), "dicom", "info", missing.toString(), "--json");
        assertThat(code).isEqualTo(2);
        var j = org.dlp4j.Json.MAPPER.readTree(out.toString());
        assertThat(j.get("exit_code").asInt()).isEqualTo(2);
        assertThat(j.get("error").asText()).contains("missing.dcm");
        assertThat(out.toString().strip().lines()).hasSize(1);
        assertThat(err.toString()).contains("missing.dcm"); // the human paragraph stays on stderr
        // without --json, stdout stays empty
        StringWriter out2 = new StringWriter();
        Main.run(new PrintWriter(out2), new PrintWriter(new StringWriter()), "dicom", "info", missing.toString());
        assertThat(out2.toString()).isEmpty();
    }
}
