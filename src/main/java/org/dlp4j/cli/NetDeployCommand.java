package org.dlp4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.dlp4j.caffe.TextProto;
import org.dlp4j.model.DeployGenerator;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code dlp net deploy TRAIN_VAL --out DEPLOY [--shape N,C,H,W]}. */
@Command(mixinStandardHelpOptions = true, name = "deploy", description = {"Derive a deploy net from a train/val net: data layers become an Input,"
        + " SoftmaxWithLoss becomes Softmax 'prob', loss/accuracy/label layers go.",
    "The input shape is --shape, else the first record of the image LMDB (relative sources resolve against --ws,"
        + " default the current folder)."})
public final class NetDeployCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Parameters(index = "0", paramLabel = "TRAIN_VAL")
    Path trainVal;

    @CommandLine.Option(names = "--out", required = true, paramLabel = "DEPLOY")
    Path out;

    @CommandLine.Option(names = "--shape", paramLabel = "N,C,H,W", description = "Input shape, e.g. 1,1,256,256.")
    String shape;

    @CommandLine.Option(names = "--ws", paramLabel = "DIR", description = "Folder relative LMDB sources resolve against.")
    Path ws;

    @Override
    public Integer call() {
        OutputPaths.file(out, "--out");
        TextProto net = NetEditCommand.readNet(trainVal);
        int[] s = shape == null ? null : DeployGenerator.parseShape(shape);
        TextProto d = DeployGenerator.generate(net, s, ws != null ? ws : Path.of(""), trainVal.toString());
        d.write(out);
        spec.commandLine().getErr().println("wrote " + out + " (" + d.count("layer") + " layers)");
        return 0;
    }
}
