package org.dlp4j.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.dlp4j.Json;
import org.dlp4j.model.NetLibrary;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code dlp net library}: the nets the Net Library can write. */
@Command(mixinStandardHelpOptions = true, name = "library", description = "List the Net Library's nets (name, model type, description).")
public final class NetLibraryCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() {
        if (json) {
            List<Map<String, Object>> nets = new ArrayList<>();
            for (NetLibrary.Entry e : NetLibrary.entries()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", e.name());
                m.put("type", e.type().name().toLowerCase(java.util.Locale.ROOT));
                m.put("description", e.description());
                m.put("input", e.inputShape());
                m.put("classes", e.classes());
                nets.add(m);
            }
            spec.commandLine().getOut().println(Json.write(Map.of("nets", nets)));
            return 0;
        }
        for (NetLibrary.Entry e : NetLibrary.entries()) {
            spec.commandLine().getOut().printf("%-10s %-15s %s%n", e.name(),
                    e.type().name().toLowerCase(java.util.Locale.ROOT), e.description());
        }
        return 0;
    }
}
