package org.dlp4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.dlp4j.Json;
import org.dlp4j.data.dicom.DicomReader;
import org.dlp4j.data.dicom.DicomSlice;
import org.dlp4j.data.dicom.TransferSyntax;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code dlp dicom info FILE [--json]}: header fields and calibrated pixel statistics of one DICOM file. */
@Command(name = "dicom", description = "Inspect DICOM files.", subcommands = {DicomCommand.Info.class})
public final class DicomCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    /** {@code dlp dicom info}. */
    @Command(name = "info", description = "Header fields and pixel min/max/mean (after rescale) of a DICOM file.")
    public static final class Info implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Parameters(paramLabel = "FILE", description = "A DICOM file.")
        Path file;

        @CommandLine.Option(names = "--json", description = "Print one JSON object.")
        boolean json;

        @Override
        public Integer call() {
            Map<String, Object> m = describe(DicomReader.read(file));
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(Json.write(m));
            } else {
                m.forEach((k, v) -> out.printf("%-18s %s%n", k, v));
            }
            return 0;
        }
    }

    /** The fields {@code dicom info} reports. */
    public static Map<String, Object> describe(DicomSlice s) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        for (float v : s.pixels()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", s.file().toString());
        m.put("rows", s.rows());
        m.put("columns", s.cols());
        m.put("frames", s.frames());
        m.put("min", min);
        m.put("max", max);
        m.put("mean", sum / s.pixels().length);
        m.put("transferSyntax", s.transferSyntax());
        m.put("transferSyntaxName", TransferSyntax.name(s.transferSyntax()));
        m.put("photometricInterpretation", s.photometric());
        m.put("modality", s.modality());
        m.put("patientId", s.patientId());
        m.put("studyInstanceUid", s.studyUid());
        m.put("seriesInstanceUid", s.seriesUid());
        m.put("seriesNumber", s.seriesNumber());
        m.put("seriesDescription", s.seriesDescription());
        m.put("instanceNumber", s.instanceNumber());
        m.put("sliceLocation", s.sliceLocation());
        m.put("pixelSpacing", java.util.List.of(s.rowSpacing(), s.colSpacing()));
        return m;
    }
}
