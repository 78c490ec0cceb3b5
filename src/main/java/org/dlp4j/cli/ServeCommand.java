package org.dlp4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.dlp4j.web.WebServer;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code dlp serve}: the web UI. */
@Command(name = "serve", header = "Start the web UI and its JSON API on 127.0.0.1.", description = {
    "Start the web UI (Setup, Data, Net, Train, Deploy) and its JSON API on 127.0.0.1.",
    "Open the printed URL: it carries a random token that every API call needs. Training and inference run in"
        + " worker processes; every file the UI reads or writes stays inside --ws. Ctrl-C stops (running trainings"
        + " snapshot first)."})
public final class ServeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--port", defaultValue = "8642", description = "port (0: any free port; default ${DEFAULT-VALUE})")
    int port;

    @CommandLine.Option(names = "--ws", description = "workspace (default: current directory)")
    Path ws;

    @CommandLine.Option(names = "--host", defaultValue = "127.0.0.1",
            description = "address to bind (default ${DEFAULT-VALUE}; anything else exposes the UI to the network)")
    String host;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if (port < 0 || port > 65535) {
            throw new org.dlp4j.BadInputException("--port must be 0..65535, got " + port);
        }
        if (!host.equals("127.0.0.1") && !host.equals("localhost") && !host.equals("::1")) {
            err.println("warning: binding " + host + " makes the UI reachable from other machines; anyone with the"
                    + " token can train and read files of the workspace");
        }
        Path workspace = ws == null ? Path.of("") : ws;
        if (java.nio.file.Files.exists(workspace) && !java.nio.file.Files.isDirectory(workspace)) {
            throw new org.dlp4j.BadInputException("--ws " + workspace + " is a file; give the workspace folder"
                    + " (it is created when missing)");
        }
        WebServer server = new WebServer(workspace, null);
        int p;
        try {
            p = server.start(host, port);
        } catch (io.javalin.util.JavalinBindException e) { // the port is taken, or the host is not this machine's
            server.close();
            throw new org.dlp4j.BadInputException("cannot listen on " + host + ":" + port + ": " + e.getMessage()
                    + " (give another --port; 0 picks a free one)", e);
        }
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            done.countDown();
        }, "serve-shutdown"));
        String shownHost = host.contains(":") ? "[" + host + "]" : host;
        spec.commandLine().getOut().println("http://" + shownHost + ":" + p + "/?token=" + server.token());
        spec.commandLine().getOut().flush();
        err.println("dlp serve: workspace " + server.workspace() + "; Ctrl-C to stop");
        err.flush();
        done.await();
        return ExitCodes.OK;
    }
}
