package org.dlp4j.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import org.dlp4j.Json;
import org.dlp4j.caffe.Caffe;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code dlp version}: dlp4j, Caffe, JavaCPP and OpenBLAS versions, and whether a GPU is usable. */
@Command(name = "version", description = "Print dlp4j, Caffe, JavaCPP and OpenBLAS versions and CPU/GPU availability.")
public final class VersionCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() {
        Map<String, String> v = Caffe.versions();
        if (json) {
            spec.commandLine().getOut().println(Json.write(v));
        } else {
            v.forEach((k, val) -> spec.commandLine().getOut().printf("%-11s %s%n", k, val));
        }
        return 0;
    }

    /** picocli's {@code --version}. */
    public static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"dlp4j " + org.dlp4j.Version.dlp4j() + " (Caffe " + Caffe.CAFFE_VERSION + ")"};
        }
    }
}
