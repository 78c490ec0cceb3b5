package org.dlp4j.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dlp4j.model.Convolutionalize;
import org.dlp4j.model.ConvolutionalizeCheck;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code dlp net convolutionalize --model DEPLOY --weights CAFFEMODEL --fcn FCN --out CAFFEMODEL [--check] [--grey]}. */
@Command(mixinStandardHelpOptions = true, name = "convolutionalize", description = {"FCN net surgery: copy a classifier's weights into its fully"
        + " convolutional version (InnerProduct -> Convolution), initialise Deconvolutions bilinearly.",
    "Prints 'copying / coercing / dropping / bilinear' per layer; --check prints 'max_abs_diff: <number>'."})
public final class NetConvolutionalizeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--model", required = true, paramLabel = "DEPLOY", description = "The classifier's deploy prototxt.")
    Path model;

    @CommandLine.Option(names = "--weights", required = true, paramLabel = "CAFFEMODEL", description = "The classifier's weights.")
    Path weights;

    @CommandLine.Option(names = "--fcn", required = true, paramLabel = "FCN_PROTOTXT", description = "The fully convolutional net.")
    Path fcn;

    @CommandLine.Option(names = "--out", required = true, paramLabel = "CAFFEMODEL", description = "Weights to write.")
    Path out;

    @CommandLine.Option(names = "--check", description = "Run both nets on one random input and print max_abs_diff.")
    boolean check;

    @CommandLine.Option(names = "--grey", description = "Sum the first layer's filters over its input channels (RGB -> grey).")
    boolean grey;

    @Override
    public Integer call() throws Exception {
        var err = spec.commandLine().getErr();
        NetEditCommand.readNet(model); // a solver given for either net is bad input naming the net it points at
        NetEditCommand.readNet(fcn);
        int channels = ConvolutionalizeCheck.inputChannels(model);
        Convolutionalize.run(weights, fcn, channels, grey, out, err::println);
        err.println("wrote " + out);
        if (check) {
            double d = ConvolutionalizeCheck.maxAbsDiff(model, weights, fcn, out, grey, 1);
            spec.commandLine().getOut().println("max_abs_diff: " + String.format(Locale.ROOT, "%.3e", d));
        }
        return 0;
    }
}
