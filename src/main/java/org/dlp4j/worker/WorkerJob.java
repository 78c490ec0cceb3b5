package org.dlp4j.worker;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A unit of Caffe work run inside a worker process. Implementations need a public no-argument
 * constructor; the parent names them by class in the request. Throwing a
 * {@link org.dlp4j.BadInputException} reports bad input (exit 2); a native abort kills the process
 * and the parent reports Caffe's fatal line (exit 3).
 */
public interface WorkerJob {
    /** Runs the job on the worker's main thread; returns the result object (serialised as JSON). */
    Object run(JsonNode request, WorkerContext context) throws Exception;
}
