package org.dlp4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.dlp4j.model.DeployGenerator;
import org.dlp4j.model.NetLibrary;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code dlp net show NAME --out DIR}: writes a library net's train_val, solver, deploy and labels. */
@Command(mixinStandardHelpOptions = true, name = "show", description = "Write a Net Library net (train_val, solver, deploy, labels.txt) into a folder.")
public final class NetShowCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Parameters(index = "0", paramLabel = "NAME", description = "Library net (see 'dlp net library').")
    String name;

    @CommandLine.Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write into.")
    Path out;

    @CommandLine.Option(names = "--classes", paramLabel = "K", description = "Number of classes (default: the net's own).")
    Integer classes;

    @CommandLine.Option(names = "--shape", paramLabel = "N,C,H,W", description = "Deploy input shape (default: the net's own).")
    String shape;

    @Override
    public Integer call() {
        OutputPaths.folder(out, "--out");
        NetLibrary.Entry e = NetLibrary.entry(name);
        int k = classes != null ? classes : e.classes();
        int[] s = shape != null ? DeployGenerator.parseShape(shape) : e.inputShape();
        for (Path p : NetLibrary.write(name, out, k, s)) {
            spec.commandLine().getOut().println(p);
        }
        return 0;
    }
}
