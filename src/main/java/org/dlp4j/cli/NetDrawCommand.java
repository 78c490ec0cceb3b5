package org.dlp4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.dlp4j.Json;
import org.dlp4j.model.NetGraph;
import org.dlp4j.model.NetSvg;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code dlp net draw FILE --out FILE.svg}. */
@Command(mixinStandardHelpOptions = true, name = "draw", description = "Draw a net as SVG: layers (type, kernel/stride, num_output), blobs, arrows, top-down.")
public final class NetDrawCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Parameters(index = "0", paramLabel = "FILE")
    Path file;

    @CommandLine.Option(names = "--out", required = true, paramLabel = "SVG")
    Path out;

    @CommandLine.Option(names = "--json", description = "Also print the graph (nodes, edges, layout) as JSON on stdout.")
    boolean json;

    @Override
    public Integer call() {
        OutputPaths.file(out, "--out");
        NetGraph g = NetGraph.of(NetEditCommand.readNet(file));
        org.dlp4j.AtomicFiles.writeString(out, NetSvg.render(g));
        if (json) {
            spec.commandLine().getOut().println(Json.write(g.toMap()));
        }
        spec.commandLine().getErr().println("wrote " + out + " (" + g.nodes().size() + " nodes, " + g.edges().size() + " edges)");
        return 0;
    }

}
