package org.dlp4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.dlp4j.AtomicFiles;
import org.dlp4j.BadInputException;
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

    @CommandLine.Option(names = "--force", description = "Replace an existing, non-empty --out folder (as a whole:"
            + " files it held that the net does not have, such as infogain_H.binaryproto, go too).")
    boolean force;

    @Override
    public Integer call() throws IOException {
        OutputPaths.folder(out, "--out");
        NetLibrary.Entry e = NetLibrary.entry(name);
        int k = classes != null ? classes : e.classes();
        int[] s = shape != null ? DeployGenerator.parseShape(shape) : e.inputShape();
        if (!force && !isEmptyOrMissing(out)) {
            throw new BadInputException("--out " + out + " already exists and is not empty (perhaps a net you edited);"
                    + " choose another folder, or add --force to replace the whole folder");
        }
        List<Path> written = new ArrayList<>();
        AtomicFiles.replaceDirectory(out, staging -> {
            for (Path p : NetLibrary.write(name, staging, k, s)) {
                written.add(out.resolve(staging.relativize(p)));
            }
        });
        for (Path p : written) {
            spec.commandLine().getOut().println(p);
        }
        return 0;
    }

    private static boolean isEmptyOrMissing(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return true;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }
}
