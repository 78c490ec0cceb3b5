package org.dlp4j.worker;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.management.ManagementFactory;
import java.util.Map;

/** Test job: reports the worker JVM's own flags and the collector it runs. */
public final class JvmFlagsJob implements WorkerJob {
    @Override
    public Object run(JsonNode request, WorkerContext ctx) {
        return Map.of("args", ManagementFactory.getRuntimeMXBean().getInputArguments(),
                "collectors", ManagementFactory.getGarbageCollectorMXBeans().stream().map(b -> b.getName()).toList());
    }
}
