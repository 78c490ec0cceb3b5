package org.dlp4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code dlp net ...}: DLP's Net module on the command line. */
@Command(name = "net", mixinStandardHelpOptions = true, description = "Validate, build, edit and convert Caffe nets.",
        subcommands = {
            NetValidateCommand.class,
            NetLibraryCommand.class,
            NetShowCommand.class,
            NetEditCommand.class,
            NetDeployCommand.class,
            NetConvolutionalizeCommand.class,
            NetDrawCommand.class,
            NetWeightClassesCommand.class,
        })
public final class NetCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }
}
